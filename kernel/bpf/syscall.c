// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bpf() system call: attribute checking, command dispatch, and the file
 * descriptors that hold maps and programs.
 */
#include <linux/anon_inodes.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/file.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/license.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/nsproxy.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "map.h"
#include "prog_types.h"
#include "verifier.h"

/*
 * The part of union bpf_attr this implementation knows: up to the last
 * field of BPF_PROG_LOAD that it handles.  Anything beyond must be zero so
 * that a newer userspace asking for more gets E2BIG, not silence.
 */
#define BPF_ATTR_KNOWN_SIZE	offsetofend(union bpf_attr, kern_version)

/*
 * Bytes of the known part past the last field a command uses must be zero:
 * a non-zero one is a request this kernel would silently ignore.
 */
#define BPF_ATTR_UNUSED_NONZERO(attr, last_field)			\
	(memchr_inv((u8 *)(attr) + offsetofend(union bpf_attr, last_field), \
		    0, BPF_ATTR_KNOWN_SIZE -				\
		       offsetofend(union bpf_attr, last_field)) != NULL)

static const struct file_operations bpf_map_fops;

/*
 * Raised around bpf() map writes, so that a kprobe program cannot start
 * while this CPU holds a bucket lock of a map it could also write.
 */
DEFINE_PER_CPU(int, bpf_prog_active);

static void bpf_map_free_work(struct work_struct *work)
{
	struct bpf_map *map = container_of(work, struct bpf_map, work);

	bpf_map_free(map);
}

/*
 * Drops a reference; the last one frees the map from a workqueue, since
 * freeing waits for an RCU grace period and references may be dropped
 * where sleeping is not allowed.
 */
static void bpf_map_put_ref(struct bpf_map *map)
{
	if (atomic64_dec_and_test(&map->refcnt)) {
		INIT_WORK(&map->work, bpf_map_free_work);
		schedule_work(&map->work);
	}
}

static int bpf_map_release(struct inode *inode, struct file *filp)
{
	bpf_map_put_ref(filp->private_data);
	return 0;
}

static const struct file_operations bpf_map_fops = {
	.release	= bpf_map_release,
};

/* The map behind @ufd with a reference taken, or an ERR_PTR. */
static struct bpf_map *bpf_map_get_ref(u32 ufd)
{
	struct bpf_map *map;
	struct fd f = fdget(ufd);

	if (!f.file)
		return ERR_PTR(-EBADF);
	if (f.file->f_op != &bpf_map_fops) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	map = f.file->private_data;
	atomic64_inc(&map->refcnt);
	fdput(f);
	return map;
}

static int map_create(union bpf_attr *attr)
{
	struct bpf_map *map;
	int fd;

	if (BPF_ATTR_UNUSED_NONZERO(attr, map_flags))
		return -EINVAL;

	map = bpf_map_new(attr);
	if (IS_ERR(map))
		return PTR_ERR(map);

	fd = anon_inode_getfd("bpf-map", &bpf_map_fops, map,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0)
		bpf_map_put_ref(map);
	return fd;
}

/* A kernel copy of the key at @ukey, sized for @map. */
static void *map_key_from_user(struct bpf_map *map, u64 ukey)
{
	return memdup_user(u64_to_user_ptr(ukey), map->key_size);
}

static int map_lookup_elem(union bpf_attr *attr)
{
	struct bpf_map *map;
	void *key, *value;
	int err;

	if (BPF_ATTR_UNUSED_NONZERO(attr, flags) || attr->flags)
		return -EINVAL;

	map = bpf_map_get_ref(attr->map_fd);
	if (IS_ERR(map))
		return PTR_ERR(map);

	key = map_key_from_user(map, attr->key);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto out_map;
	}
	value = kvmalloc(map->value_size, GFP_USER | __GFP_NOWARN);
	if (!value) {
		err = -ENOMEM;
		goto out_key;
	}

	err = bpf_map_copy_value(map, key, value);
	if (!err && copy_to_user(u64_to_user_ptr(attr->value), value,
				 map->value_size))
		err = -EFAULT;

	kvfree(value);
out_key:
	kfree(key);
out_map:
	bpf_map_put_ref(map);
	return err;
}

static int map_update_elem(union bpf_attr *attr)
{
	struct bpf_map *map;
	void *key, *value;
	int err;

	if (BPF_ATTR_UNUSED_NONZERO(attr, flags) || attr->flags > BPF_EXIST)
		return -EINVAL;

	map = bpf_map_get_ref(attr->map_fd);
	if (IS_ERR(map))
		return PTR_ERR(map);

	key = map_key_from_user(map, attr->key);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto out_map;
	}
	value = vmemdup_user(u64_to_user_ptr(attr->value), map->value_size);
	if (IS_ERR(value)) {
		err = PTR_ERR(value);
		goto out_key;
	}

	bpf_disable_instrumentation();
	err = bpf_map_update_value(map, key, value, attr->flags);
	bpf_enable_instrumentation();

	kvfree(value);
out_key:
	kfree(key);
out_map:
	bpf_map_put_ref(map);
	return err;
}

static int map_delete_elem(union bpf_attr *attr)
{
	struct bpf_map *map;
	void *key;
	int err;

	if (BPF_ATTR_UNUSED_NONZERO(attr, key))
		return -EINVAL;

	map = bpf_map_get_ref(attr->map_fd);
	if (IS_ERR(map))
		return PTR_ERR(map);

	key = map_key_from_user(map, attr->key);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto out_map;
	}
	bpf_disable_instrumentation();
	err = bpf_map_delete_key(map, key);
	bpf_enable_instrumentation();
	kfree(key);
out_map:
	bpf_map_put_ref(map);
	return err;
}

static int map_get_next_key(union bpf_attr *attr)
{
	void *key = NULL, *next_key;
	struct bpf_map *map;
	int err;

	if (BPF_ATTR_UNUSED_NONZERO(attr, next_key))
		return -EINVAL;

	map = bpf_map_get_ref(attr->map_fd);
	if (IS_ERR(map))
		return PTR_ERR(map);

	/* no key asks for the first one */
	if (attr->key) {
		key = map_key_from_user(map, attr->key);
		if (IS_ERR(key)) {
			err = PTR_ERR(key);
			goto out_map;
		}
	}
	next_key = kmalloc(map->key_size, GFP_USER);
	if (!next_key) {
		err = -ENOMEM;
		goto out_key;
	}

	err = bpf_map_next_key(map, key, next_key);
	if (!err && copy_to_user(u64_to_user_ptr(attr->next_key), next_key,
				 map->key_size))
		err = -EFAULT;

	kfree(next_key);
out_key:
	kfree(key);
out_map:
	bpf_map_put_ref(map);
	return err;
}

/* As many maps as Linux lets one program use. */
#define BPF_PROG_MAX_MAPS	64

/*
 * The version kprobe programs must be built for: this kernel's, as
 * KERNEL_VERSION() encodes it (sublevel saturated at 255).
 */
#define BPF_KERN_VERSION	KERNEL_VERSION(LINUX_VERSION_MAJOR,	\
					       LINUX_VERSION_PATCHLEVEL, \
					       LINUX_VERSION_SUBLEVEL)

/* Room for the license string; longer ones are cut (and not GPL). */
#define BPF_LICENSE_LEN		128

static const struct file_operations bpf_prog_fops;

/* The maps a program refers to, each once, each holding a reference. */
struct bpf_prog_maps {
	struct bpf_map **maps;
	u32 cnt;
};

static void bpf_prog_maps_release(struct bpf_map **maps, u32 cnt)
{
	u32 i;

	for (i = 0; i < cnt; i++)
		bpf_map_put_ref(maps[i]);
	kfree(maps);
}

/*
 * The verifier's map_from_fd(): called for every map load of the program,
 * so a map already listed gives back its extra reference at once.
 */
static struct bpf_map *bpf_prog_map_from_fd(void *priv, int fd)
{
	struct bpf_prog_maps *used = priv;
	struct bpf_map **maps;
	struct bpf_map *map;
	u32 i;

	map = bpf_map_get_ref(fd);
	if (IS_ERR(map))
		return map;

	for (i = 0; i < used->cnt; i++) {
		if (used->maps[i] == map) {
			bpf_map_put_ref(map);
			return map;
		}
	}
	if (used->cnt == BPF_PROG_MAX_MAPS) {
		bpf_map_put_ref(map);
		return ERR_PTR(-E2BIG);
	}
	maps = krealloc_array(used->maps, used->cnt + 1, sizeof(*maps),
			      GFP_KERNEL);
	if (!maps) {
		bpf_map_put_ref(map);
		return ERR_PTR(-ENOMEM);
	}
	maps[used->cnt++] = map;
	used->maps = maps;
	return map;
}

/*
 * Program references, by the names include/linux/bpf.h declares for the
 * attach points 6.1 already has (SO_ATTACH_BPF, PERF_EVENT_IOC_SET_BPF).
 *
 * bpf_prog_put() runs where the last holder lets go, possibly an RCU
 * callback of a socket (softirq): everything here only queues work or
 * frees without sleeping.
 */
void bpf_prog_put(struct bpf_prog *prog)
{
	struct bpf_prog_aux *aux = prog->aux;

	if (atomic64_dec_and_test(&aux->refcnt)) {
		bpf_prog_maps_release(aux->used_maps, aux->used_map_cnt);
		aux->used_maps = NULL;
		aux->used_map_cnt = 0;
		bpf_prog_free(prog);
	}
}

static int bpf_prog_release(struct inode *inode, struct file *filp)
{
	bpf_prog_put(filp->private_data);
	return 0;
}

static const struct file_operations bpf_prog_fops = {
	.release	= bpf_prog_release,
};

/* The program behind @ufd, whatever its type, with a reference taken. */
struct bpf_prog *bpf_prog_get(u32 ufd)
{
	struct bpf_prog *prog;
	struct fd f = fdget(ufd);

	if (!f.file)
		return ERR_PTR(-EBADF);
	if (f.file->f_op != &bpf_prog_fops) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	prog = f.file->private_data;
	atomic64_inc(&prog->aux->refcnt);
	fdput(f);
	return prog;
}

/* The same, and of @type (no program of ours is bound to a device). */
struct bpf_prog *bpf_prog_get_type_dev(u32 ufd, enum bpf_prog_type type,
				       bool attach_drv)
{
	struct bpf_prog *prog = bpf_prog_get(ufd);

	if (!IS_ERR(prog) && prog->type != type) {
		bpf_prog_put(prog);
		return ERR_PTR(-EINVAL);
	}
	return prog;
}

void bpf_prog_add(struct bpf_prog *prog, int i)
{
	atomic64_add(i, &prog->aux->refcnt);
}

/* Only undoes a bpf_prog_add(): the program stays referenced. */
void bpf_prog_sub(struct bpf_prog *prog, int i)
{
	WARN_ON(atomic64_sub_return(i, &prog->aux->refcnt) == 0);
}

void bpf_prog_inc(struct bpf_prog *prog)
{
	atomic64_inc(&prog->aux->refcnt);
}

struct bpf_prog *bpf_prog_inc_not_zero(struct bpf_prog *prog)
{
	if (!atomic64_fetch_add_unless(&prog->aux->refcnt, 1, 0))
		return ERR_PTR(-ENOENT);
	return prog;
}

/* A log is asked for with all three of level, buffer and size, or none. */
static int prog_load_check_log(const union bpf_attr *attr)
{
	if (!attr->log_level && !attr->log_buf && !attr->log_size)
		return 0;
	if (attr->log_level < 1 || attr->log_level > 2 || !attr->log_buf ||
	    attr->log_size < BPF_VERIFIER_LOG_MIN ||
	    attr->log_size > BPF_VERIFIER_LOG_MAX)
		return -EINVAL;
	return 0;
}

/* The log with its NUL, whatever the verdict; only what was written. */
static int prog_load_copy_log(const union bpf_attr *attr,
			      struct bpf_vlog *log)
{
	u32 len = min(log->len, log->size - 1);

	log->buf[len] = '\0';
	if (copy_to_user(u64_to_user_ptr(attr->log_buf), log->buf, len + 1))
		return -EFAULT;
	return 0;
}

/*
 * Wraps the verifier's output in a struct bpf_prog that owns @used's
 * references from then on (also on failure: it is freed with them).
 */
static struct bpf_prog *prog_load_build(const union bpf_attr *attr,
					struct bpf_verify_args *args,
					struct bpf_prog_maps *used)
{
	struct bpf_prog *prog;
	int err;

	prog = bpf_prog_alloc(bpf_prog_size(args->out_len), GFP_USER);
	if (!prog) {
		bpf_prog_maps_release(used->maps, used->cnt);
		return ERR_PTR(-ENOMEM);
	}
	atomic64_set(&prog->aux->refcnt, 1);
	prog->aux->used_maps = used->maps;
	prog->aux->used_map_cnt = used->cnt;
	/* the JIT sizes the frame by it */
	prog->aux->stack_depth = args->stack_depth;

	memcpy(prog->insnsi, args->out,
	       array_size(args->out_len, sizeof(struct bpf_insn)));
	prog->len = args->out_len;
	prog->type = attr->prog_type;
	prog->gpl_compatible = args->gpl_compatible;

	prog = bpf_prog_select_runtime(prog, &err);
	if (err) {
		bpf_prog_put(prog);
		return ERR_PTR(err);
	}
	return prog;
}

/* A kprobe program runs in NMI context: its hash maps get ready for that. */
static int prog_load_prepare_maps(const union bpf_attr *attr,
				  const struct bpf_prog_maps *used)
{
	u32 i;
	int err;

	if (attr->prog_type != BPF_PROG_TYPE_KPROBE)
		return 0;
	for (i = 0; i < used->cnt; i++) {
		if (used->maps[i]->map_type != BPF_MAP_TYPE_HASH)
			continue;
		err = htab_map_prepare_nmi(used->maps[i]);
		if (err)
			return err;
	}
	return 0;
}

static int prog_load(union bpf_attr *attr)
{
	struct bpf_verify_args args = { .map_from_fd = bpf_prog_map_from_fd };
	struct bpf_prog_maps used = {};
	char license[BPF_LICENSE_LEN];
	struct bpf_vlog log = {};
	struct bpf_insn *insns;
	struct bpf_prog *prog;
	int err, fd;

	if (BPF_ATTR_UNUSED_NONZERO(attr, kern_version))
		return -EINVAL;

	args.type = bpf_prog_type_info(attr->prog_type);
	if (!args.type)
		return -EINVAL;
	/* an empty program is E2BIG too, as in Linux */
	if (!attr->insn_cnt || attr->insn_cnt > BPF_MAXINSNS)
		return -E2BIG;
	/* a kprobe program reads pt_regs and kernel data of this build */
	if (attr->prog_type == BPF_PROG_TYPE_KPROBE &&
	    attr->kern_version != BPF_KERN_VERSION)
		return -EINVAL;
	err = prog_load_check_log(attr);
	if (err)
		return err;

	if (strncpy_from_user(license, u64_to_user_ptr(attr->license),
			      sizeof(license) - 1) < 0)
		return -EFAULT;
	license[sizeof(license) - 1] = '\0';

	insns = vmemdup_user(u64_to_user_ptr(attr->insns),
			     array_size(attr->insn_cnt, sizeof(*insns)));
	if (IS_ERR(insns))
		return PTR_ERR(insns);

	if (attr->log_level) {
		log.buf = kvmalloc(attr->log_size, GFP_USER | __GFP_NOWARN);
		if (!log.buf) {
			err = -ENOMEM;
			goto out_insns;
		}
		log.buf[0] = '\0';
		log.size = attr->log_size;
		log.level = attr->log_level;
		args.log = &log;
	}

	args.insns = insns;
	args.len = attr->insn_cnt;
	args.gpl_compatible = license_is_gpl_compatible(license);
	args.priv = &used;
	err = bpf_verify(&args);

	/* the log explains a rejection too, so it goes out either way */
	if (args.log && prog_load_copy_log(attr, &log))
		err = -EFAULT;
	kvfree(log.buf);
	if (err)
		goto out_verified;
	err = prog_load_prepare_maps(attr, &used);
	if (err)
		goto out_verified;

	prog = prog_load_build(attr, &args, &used);
	kvfree(args.out);
	kvfree(insns);
	if (IS_ERR(prog))
		return PTR_ERR(prog);

	fd = anon_inode_getfd("bpf-prog", &bpf_prog_fops, prog,
			      O_RDWR | O_CLOEXEC);
	if (fd < 0)
		bpf_prog_put(prog);
	return fd;

out_verified:
	kvfree(args.out);
	bpf_prog_maps_release(used.maps, used.cnt);
out_insns:
	kvfree(insns);
	return err;
}

/*
 * Runs @prog @repeat times (0 counts as 1) on @ctx, as the attach points
 * do: in an RCU read-side section on one CPU.  The CPU is given up between
 * runs when the scheduler asks, and a signal ends a long run with EINTR.
 * The average time per run, in ns, goes to *@duration.
 */
static int test_run_repeat(struct bpf_prog *prog, void *ctx, u32 repeat,
			   u32 *retval, u32 *duration)
{
	u64 start, spent = 0;
	u32 runs = 0;
	int err = 0;

	repeat = max(repeat, 1U);

	rcu_read_lock();
	migrate_disable();
	start = ktime_get_ns();
	for (;;) {
		*retval = bpf_prog_run(prog, ctx);
		if (++runs == repeat)
			break;
		if (signal_pending(current)) {
			err = -EINTR;
			break;
		}
		if (need_resched()) {
			spent += ktime_get_ns() - start;
			migrate_enable();
			rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
			migrate_disable();
			start = ktime_get_ns();
		}
	}
	spent += ktime_get_ns() - start;
	migrate_enable();
	rcu_read_unlock();

	*duration = min_t(u64, div_u64(spent, runs), U32_MAX);
	return err;
}

/*
 * The results, as Linux gives them: data_size_out is set to the full size
 * and a smaller non-zero data_size_out gets what fits with ENOSPC, but a
 * zero one (the size hint came after data_out) gets everything.
 */
static int test_run_finish(const union bpf_attr *attr,
			   union bpf_attr __user *uattr, const void *data,
			   u32 size, u32 retval, u32 duration)
{
	void __user *data_out = u64_to_user_ptr(attr->test.data_out);
	u32 copy = size;
	int err = 0;

	if (attr->test.data_size_out && size > attr->test.data_size_out) {
		copy = attr->test.data_size_out;
		err = -ENOSPC;
	}
	if (data_out && copy_to_user(data_out, data, copy))
		return -EFAULT;
	if (put_user(size, &uattr->test.data_size_out) ||
	    put_user(retval, &uattr->test.retval) ||
	    put_user(duration, &uattr->test.duration))
		return -EFAULT;
	return err;
}

/* Room Linux keeps around a test packet: in it must fit a page. */
#define TEST_RUN_HEADROOM	(NET_SKB_PAD + NET_IP_ALIGN)
#define TEST_RUN_TAILROOM	SKB_DATA_ALIGN(sizeof(struct skb_shared_info))

/*
 * A socket filter sees a received frame: data_in is an Ethernet frame that
 * comes in through the loopback device, so the program starts at the
 * network header with protocol and pkt_type set.
 */
static int test_run_socket_filter(struct bpf_prog *prog,
				  const union bpf_attr *attr,
				  union bpf_attr __user *uattr)
{
	u32 size = attr->test.data_size_in;
	struct net_device *dev = current->nsproxy->net_ns->loopback_dev;
	struct sk_buff *skb;
	u32 retval, duration;
	int err;

	if (size < ETH_HLEN ||
	    size > PAGE_SIZE - TEST_RUN_HEADROOM - TEST_RUN_TAILROOM)
		return -EINVAL;

	skb = alloc_skb(TEST_RUN_HEADROOM + size, GFP_USER);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, TEST_RUN_HEADROOM);
	if (copy_from_user(skb_put(skb, size),
			   u64_to_user_ptr(attr->test.data_in), size)) {
		err = -EFAULT;
		goto out;
	}
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);

	err = test_run_repeat(prog, skb, attr->test.repeat, &retval,
			      &duration);
	if (err)
		goto out;

	/*
	 * data_out holds the whole frame again; like Linux, its link-layer
	 * header comes back zeroed, as a program below L2 does not own it.
	 */
	memset(__skb_push(skb, ETH_HLEN), 0, ETH_HLEN);
	err = test_run_finish(attr, uattr, skb->data, skb->len, retval,
			      duration);
out:
	consume_skb(skb);
	return err;
}

/*
 * Only socket filters can be run on demand.  A kprobe program has nothing
 * to run on: Linux 6.1 answers ENOTSUPP (524), an errno private to the
 * kernel; EOPNOTSUPP is its userspace-visible equivalent.
 */
static int prog_test_run(const union bpf_attr *attr,
			 union bpf_attr __user *uattr)
{
	struct bpf_prog *prog;
	int err;

	/* ctx_size_in is the one context field within the known part */
	if (BPF_ATTR_UNUSED_NONZERO(attr, test.duration))
		return -EINVAL;

	prog = bpf_prog_get(attr->test.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);

	switch (prog->type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		err = test_run_socket_filter(prog, attr, uattr);
		break;
	default:
		err = -EOPNOTSUPP;
		break;
	}
	bpf_prog_put(prog);
	return err;
}

/*
 * Copies the attribute in.  Larger than a page is E2BIG; bytes past the
 * part this kernel knows must be zero (E2BIG otherwise), as Linux does so
 * that new fields are never silently ignored.
 */
static int bpf_attr_from_user(union bpf_attr *attr,
			      const union bpf_attr __user *uattr,
			      unsigned int size)
{
	int err;

	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size > BPF_ATTR_KNOWN_SIZE) {
		err = check_zeroed_user((const u8 __user *)uattr +
					BPF_ATTR_KNOWN_SIZE,
					size - BPF_ATTR_KNOWN_SIZE);
		if (err < 0)
			return err;
		if (!err)
			return -E2BIG;
		size = BPF_ATTR_KNOWN_SIZE;
	}
	memset(attr, 0, sizeof(*attr));
	if (copy_from_user(attr, uattr, size))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(bpf, int, cmd, union bpf_attr __user *, uattr,
		unsigned int, size)
{
	union bpf_attr attr;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	err = bpf_attr_from_user(&attr, uattr, size);
	if (err)
		return err;

	switch (cmd) {
	case BPF_MAP_CREATE:
		return map_create(&attr);
	case BPF_MAP_LOOKUP_ELEM:
		return map_lookup_elem(&attr);
	case BPF_MAP_UPDATE_ELEM:
		return map_update_elem(&attr);
	case BPF_MAP_DELETE_ELEM:
		return map_delete_elem(&attr);
	case BPF_MAP_GET_NEXT_KEY:
		return map_get_next_key(&attr);
	case BPF_PROG_LOAD:
		return prog_load(&attr);
	case BPF_PROG_TEST_RUN:
		return prog_test_run(&attr, uattr);
	default:
		return -EINVAL;
	}
}
