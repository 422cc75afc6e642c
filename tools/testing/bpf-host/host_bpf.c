// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bpf() system call on the host, for tests written against it: the
 * attribute rules of kernel/bpf/syscall.c over a table of descriptors, with
 * kernel/bpf/map.c behind the map commands, kernel/bpf/verifier.c behind
 * BPF_PROG_LOAD and kernel/bpf/interp.c behind BPF_PROG_TEST_RUN.
 *
 * The program types are the host's own descriptions of the kernel's.  A
 * socket filter's context is struct host_skb, laid out unlike struct
 * __sk_buff and with pkt_type and vlan_present as bits of one byte, so a
 * context load runs correctly only if the verifier converted it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/version.h>

#include <linux/bpf.h>
#include <linux/err.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "bpf_host.h"
#include "host_bpf.h"
#include "host_interp.h"
#include "interp.h"
#include "map.h"
#include "verifier.h"

#define HOST_PAGE_SIZE		4096
#define HOST_BPF_MAX_FDS	1024
#define HOST_BPF_MAX_MAPS	64
#define HOST_ETH_HLEN		14
/* NET_SKB_PAD + NET_IP_ALIGN and the aligned skb_shared_info of x86-64 */
#define HOST_TEST_RUN_MAX	(HOST_PAGE_SIZE - 64 - 320)
#define HOST_LICENSE_LEN	128

#ifndef offsetofend
#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))
#endif

/* The part of union bpf_attr the kernel knows: up to kern_version. */
#define HOST_ATTR_KNOWN_SIZE	offsetofend(union bpf_attr, kern_version)

/* Bytes of the known part past @last_field are not all zero. */
#define ATTR_UNUSED_NONZERO(attr, last_field)				\
	host_nonzero((const u8 *)(attr) +				\
		     offsetofend(union bpf_attr, last_field),		\
		     HOST_ATTR_KNOWN_SIZE -				\
		     offsetofend(union bpf_attr, last_field))

/* ---- helpers of the host program types ------------------------------ */

static u64 host_probe_read(u64 dst, u64 size, u64 src, u64 r4, u64 r5)
{
	/* the verifier test is about the arguments, not the kernel read */
	memset((void *)(unsigned long)dst, 0x5a, size);
	return 0;
}

static u64 host_trace_printk(u64 fmt, u64 size, u64 r3, u64 r4, u64 r5)
{
	return size;
}

static u64 host_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static u64 host_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return get_random_u32();
}

static u64 host_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return 0;
}

/* Linux: kprobe-only helpers, GPL only (kernel/trace/bpf_trace.c). */
static const struct bpf_func_proto host_probe_read_proto = {
	.func		= host_probe_read,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE,
	.arg3_type	= ARG_ANYTHING,
};

static const struct bpf_func_proto host_trace_printk_proto = {
	.func		= host_trace_printk,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM,
	.arg2_type	= ARG_CONST_SIZE,
};

static const struct bpf_func_proto host_ktime_get_ns_proto = {
	.func		= host_ktime_get_ns,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
};

static const struct bpf_func_proto host_get_prandom_u32_proto = {
	.func		= host_get_prandom_u32,
	.ret_type	= RET_INTEGER,
};

static const struct bpf_func_proto host_get_smp_processor_id_proto = {
	.func		= host_get_smp_processor_id,
	.ret_type	= RET_INTEGER,
};

/* What every type may call: maps, random numbers, the CPU. */
static const struct bpf_func_proto *host_common_proto(enum bpf_func_id id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_map_update_elem:
		return &bpf_map_update_elem_proto;
	case BPF_FUNC_map_delete_elem:
		return &bpf_map_delete_elem_proto;
	case BPF_FUNC_get_prandom_u32:
		return &host_get_prandom_u32_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &host_get_smp_processor_id_proto;
	default:
		return NULL;
	}
}

static const struct bpf_func_proto *host_kprobe_proto(enum bpf_func_id id)
{
	switch (id) {
	case BPF_FUNC_probe_read:
		return &host_probe_read_proto;
	case BPF_FUNC_trace_printk:
		return &host_trace_printk_proto;
	case BPF_FUNC_ktime_get_ns:
		return &host_ktime_get_ns_proto;
	default:
		return host_common_proto(id);
	}
}

/* ---- the socket filter context -------------------------------------- */

/*
 * The host's sk_buff.  Words that no field maps to hold junk, and most
 * __sk_buff offsets land on a different field or on junk, so an
 * unconverted load reads the wrong value.
 */
struct host_skb {
	u64 junk0;		/*  0 */
	u32 hash;		/*  8 */
	u32 len;		/* 12 */
	u16 tc_index;		/* 16 */
	__be16 protocol;	/* 18 */
	u16 vlan_tci;		/* 20 */
	__be16 vlan_proto;	/* 22 */
	u16 queue_mapping;	/* 24 */
	u8 flags;		/* 26: HOST_SKB_* bits */
	u8 junk1;		/* 27 */
	u32 mark;		/* 28 */
	u32 junk2;		/* 32 */
	u32 ifindex;		/* 36 */
	u32 priority;		/* 40 */
	u32 junk3;		/* 44 */
	struct host_pkt *pkt;	/* 48 */
};

#define HOST_SKB_PKT_TYPE_SHIFT	1
#define HOST_SKB_PKT_TYPE_MASK	7
#define HOST_SKB_VLAN_SHIFT	4
/* set bits around the two bitfields, which a missing mask lets through */
#define HOST_SKB_FLAGS_JUNK	0xe1

#define HOST_SKB_FIELD(uapi, field)					\
	{								\
		.off = offsetof(struct __sk_buff, uapi),		\
		.size = sizeof(u32),					\
		.target_size = sizeof(((struct host_skb *)0)->field),	\
		.target_off = offsetof(struct host_skb, field),		\
	}

/* The fields of the kernel's socket filters (kernel/bpf/prog_types.c). */
static const struct bpf_ctx_field host_skb_fields[] = {
	HOST_SKB_FIELD(len, len),
	{
		.off = offsetof(struct __sk_buff, pkt_type),
		.size = sizeof(u32),
		.target_size = sizeof(u8),
		.target_off = offsetof(struct host_skb, flags),
		.shift = HOST_SKB_PKT_TYPE_SHIFT,
		.mask = HOST_SKB_PKT_TYPE_MASK,
	},
	HOST_SKB_FIELD(mark, mark),
	HOST_SKB_FIELD(queue_mapping, queue_mapping),
	HOST_SKB_FIELD(protocol, protocol),
	{
		.off = offsetof(struct __sk_buff, vlan_present),
		.size = sizeof(u32),
		.target_size = sizeof(u8),
		.target_off = offsetof(struct host_skb, flags),
		.shift = HOST_SKB_VLAN_SHIFT,
		.mask = 1,
	},
	HOST_SKB_FIELD(vlan_tci, vlan_tci),
	HOST_SKB_FIELD(vlan_proto, vlan_proto),
	HOST_SKB_FIELD(priority, priority),
};

static const struct bpf_prog_type_info host_socket_filter_info = {
	.name		= "socket_filter",
	.func_proto	= host_common_proto,
	.ctx_fields	= host_skb_fields,
	.ctx_field_cnt	= ARRAY_SIZE(host_skb_fields),
	.ctx_size	= offsetofend(struct __sk_buff, priority),
	.ld_abs		= true,
};

/* x86-64's struct pt_regs: 21 registers of 8 bytes. */
#define HOST_PT_REGS_SIZE	(21 * sizeof(u64))

static const struct bpf_prog_type_info host_kprobe_info = {
	.name		= "kprobe",
	.func_proto	= host_kprobe_proto,
	.ctx_size	= HOST_PT_REGS_SIZE,
	.ld_abs		= false,
};

const struct bpf_prog_type_info *host_bpf_prog_type(__u32 prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return &host_socket_filter_info;
	case BPF_PROG_TYPE_KPROBE:
		return &host_kprobe_info;
	default:
		return NULL;
	}
}

/* The version the host's headers are of, as the kernel derives its own. */
__u32 host_bpf_kern_version(void)
{
	return KERNEL_VERSION(LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL,
			      LINUX_VERSION_SUBLEVEL);
}

/* ---- descriptors ---------------------------------------------------- */

enum host_fd_kind { HOST_FD_FREE, HOST_FD_MAP, HOST_FD_PROG };

struct host_prog {
	long refcnt;
	u32 type;
	struct bpf_insn *insns;
	u32 len;
	struct bpf_interp_slot *slots;	/* what the interpreter runs */
	struct bpf_map **maps;
	u32 map_cnt;
};

struct host_fd {
	enum host_fd_kind kind;
	void *obj;
};

static struct host_fd host_fds[HOST_BPF_MAX_FDS];
static __thread bool host_rcu_registered;

static bool host_nonzero(const u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return true;
	return false;
}

static int host_fd_install(enum host_fd_kind kind, void *obj)
{
	int fd;

	for (fd = HOST_BPF_FD_BASE; fd < HOST_BPF_MAX_FDS; fd++) {
		if (host_fds[fd].kind == HOST_FD_FREE) {
			host_fds[fd].kind = kind;
			host_fds[fd].obj = obj;
			return fd;
		}
	}
	return -EMFILE;
}

static struct host_fd *host_fd_get(int fd)
{
	if (fd < HOST_BPF_FD_BASE || fd >= HOST_BPF_MAX_FDS ||
	    host_fds[fd].kind == HOST_FD_FREE)
		return NULL;
	return &host_fds[fd];
}

static void host_map_put(struct bpf_map *map)
{
	if (atomic64_dec_return(&map->refcnt) == 0)
		bpf_map_free(map);
}

/* The map behind @fd with a reference, or ERR_PTR(-EBADF/-EINVAL). */
static struct bpf_map *host_map_get(int fd)
{
	struct host_fd *f = host_fd_get(fd);
	struct bpf_map *map;

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->kind != HOST_FD_MAP)
		return ERR_PTR(-EINVAL);
	map = f->obj;
	atomic64_inc_return(&map->refcnt);
	return map;
}

static void host_prog_release_maps(struct bpf_map **maps, u32 cnt)
{
	u32 i;

	for (i = 0; i < cnt; i++)
		host_map_put(maps[i]);
	kvfree(maps);
}

static void host_prog_put(struct host_prog *prog)
{
	if (--prog->refcnt)
		return;
	host_prog_release_maps(prog->maps, prog->map_cnt);
	kvfree(prog->insns);
	free(prog->slots);
	kfree(prog);
}

static struct host_prog *host_prog_get(int fd)
{
	struct host_fd *f = host_fd_get(fd);
	struct host_prog *prog;

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->kind != HOST_FD_PROG)
		return ERR_PTR(-EINVAL);
	prog = f->obj;
	prog->refcnt++;
	return prog;
}

int host_bpf_close(int fd)
{
	struct host_fd *f = host_fd_get(fd);

	if (!f)
		return -EBADF;
	if (f->kind == HOST_FD_MAP)
		host_map_put(f->obj);
	else
		host_prog_put(f->obj);
	f->kind = HOST_FD_FREE;
	f->obj = NULL;
	return 0;
}

int host_bpf_close_all(void)
{
	int fd, n = 0;

	/* programs first: they hold maps */
	for (fd = HOST_BPF_FD_BASE; fd < HOST_BPF_MAX_FDS; fd++) {
		if (host_fds[fd].kind == HOST_FD_PROG) {
			host_bpf_close(fd);
			n++;
		}
	}
	for (fd = HOST_BPF_FD_BASE; fd < HOST_BPF_MAX_FDS; fd++) {
		if (host_fds[fd].kind == HOST_FD_MAP) {
			host_bpf_close(fd);
			n++;
		}
	}
	return n;
}

long host_bpf_live_allocs(void)
{
	if (!host_rcu_registered) {
		rcu_register_thread();
		host_rcu_registered = true;
	}
	rcu_barrier();
	return host_live_allocs();
}

/* ---- maps ----------------------------------------------------------- */

static void *host_user_ptr(u64 p)
{
	return (void *)(unsigned long)p;
}

static long host_map_create(union bpf_attr *attr)
{
	struct bpf_map *map;
	int fd;

	if (ATTR_UNUSED_NONZERO(attr, map_flags))
		return -EINVAL;
	map = bpf_map_new(attr);
	if (IS_ERR(map))
		return PTR_ERR(map);
	fd = host_fd_install(HOST_FD_MAP, map);
	if (fd < 0)
		host_map_put(map);
	return fd;
}

/* The elements commands; the key (and value) pointers must be non-NULL. */
static long host_map_elem(int cmd, union bpf_attr *attr)
{
	struct bpf_map *map;
	void *key = host_user_ptr(attr->key);
	void *val = host_user_ptr(attr->value);
	long err;

	switch (cmd) {
	case BPF_MAP_LOOKUP_ELEM:
		if (ATTR_UNUSED_NONZERO(attr, flags) || attr->flags)
			return -EINVAL;
		break;
	case BPF_MAP_UPDATE_ELEM:
		if (ATTR_UNUSED_NONZERO(attr, flags) || attr->flags > BPF_EXIST)
			return -EINVAL;
		break;
	case BPF_MAP_DELETE_ELEM:
		if (ATTR_UNUSED_NONZERO(attr, key))
			return -EINVAL;
		break;
	default:
		if (ATTR_UNUSED_NONZERO(attr, next_key))
			return -EINVAL;
		break;
	}

	map = host_map_get(attr->map_fd);
	if (IS_ERR(map))
		return PTR_ERR(map);
	if ((!key && cmd != BPF_MAP_GET_NEXT_KEY) ||
	    (!val && cmd != BPF_MAP_DELETE_ELEM)) {
		err = -EFAULT;
		goto out;
	}
	switch (cmd) {
	case BPF_MAP_LOOKUP_ELEM:
		err = bpf_map_copy_value(map, key, val);
		break;
	case BPF_MAP_UPDATE_ELEM:
		err = bpf_map_update_value(map, key, val, attr->flags);
		break;
	case BPF_MAP_DELETE_ELEM:
		err = bpf_map_delete_key(map, key);
		break;
	default:
		err = bpf_map_next_key(map, key, val);
		break;
	}
out:
	host_map_put(map);
	return err;
}

/* ---- BPF_PROG_LOAD -------------------------------------------------- */

struct host_used_maps {
	struct bpf_map **maps;
	u32 cnt;
};

/* The verifier's map_from_fd(): each map once, with one reference. */
static struct bpf_map *host_map_from_fd(void *priv, int fd)
{
	struct host_used_maps *used = priv;
	struct bpf_map *map = host_map_get(fd);
	u32 i;

	if (IS_ERR(map))
		return map;
	for (i = 0; i < used->cnt; i++) {
		if (used->maps[i] == map) {
			host_map_put(map);
			return map;
		}
	}
	if (used->cnt == HOST_BPF_MAX_MAPS) {
		host_map_put(map);
		return ERR_PTR(-E2BIG);
	}
	if (!used->maps) {
		used->maps = kvcalloc(HOST_BPF_MAX_MAPS, sizeof(*used->maps),
				      GFP_KERNEL);
		if (!used->maps) {
			host_map_put(map);
			return ERR_PTR(-ENOMEM);
		}
	}
	used->maps[used->cnt++] = map;
	return map;
}

static bool host_license_is_gpl(const char *license)
{
	static const char * const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gpl); i++)
		if (!strcmp(license, gpl[i]))
			return true;
	return false;
}

static int host_check_log_attr(const union bpf_attr *attr)
{
	if (!attr->log_level && !attr->log_buf && !attr->log_size)
		return 0;
	if (attr->log_level < 1 || attr->log_level > 2 || !attr->log_buf ||
	    attr->log_size < BPF_VERIFIER_LOG_MIN ||
	    attr->log_size > BPF_VERIFIER_LOG_MAX)
		return -EINVAL;
	return 0;
}

static long host_prog_load(union bpf_attr *attr)
{
	struct bpf_verify_args args = { .map_from_fd = host_map_from_fd };
	struct host_used_maps used = { NULL, 0 };
	const char *ulicense = host_user_ptr(attr->license);
	char license[HOST_LICENSE_LEN];
	struct bpf_vlog log = { NULL, 0, 0, 0, false };
	struct host_prog *prog;
	struct bpf_insn *insns;
	size_t bytes;
	long err;
	int fd;

	if (ATTR_UNUSED_NONZERO(attr, kern_version))
		return -EINVAL;
	args.type = host_bpf_prog_type(attr->prog_type);
	if (!args.type)
		return -EINVAL;
	/* as Linux 6.1: no instructions is as wrong as too many */
	if (!attr->insn_cnt || attr->insn_cnt > BPF_MAXINSNS)
		return -E2BIG;
	if (attr->prog_type == BPF_PROG_TYPE_KPROBE &&
	    attr->kern_version != host_bpf_kern_version())
		return -EINVAL;
	err = host_check_log_attr(attr);
	if (err)
		return err;
	if (!ulicense)
		return -EFAULT;
	strncpy(license, ulicense, sizeof(license) - 1);
	license[sizeof(license) - 1] = '\0';
	if (!attr->insns)
		return -EFAULT;

	bytes = (size_t)attr->insn_cnt * sizeof(*insns);
	insns = kvmalloc(bytes, GFP_KERNEL);
	if (!insns)
		return -ENOMEM;
	memcpy(insns, host_user_ptr(attr->insns), bytes);

	if (attr->log_level) {
		log.buf = kvmalloc(attr->log_size, GFP_KERNEL);
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
	args.gpl_compatible = host_license_is_gpl(license);
	args.priv = &used;
	err = bpf_verify(&args);

	if (args.log) {
		u32 len = log.len < log.size ? log.len : log.size - 1;

		log.buf[len] = '\0';
		memcpy(host_user_ptr(attr->log_buf), log.buf, len + 1);
		kvfree(log.buf);
	}
	if (err) {
		if (args.out)
			fprintf(stderr, "# bpf_verify() failed with an output\n");
		goto out_maps;
	}

	prog = kzalloc(sizeof(*prog), GFP_KERNEL);
	if (!prog) {
		kvfree(args.out);
		err = -ENOMEM;
		goto out_maps;
	}
	prog->refcnt = 1;
	prog->type = attr->prog_type;
	prog->insns = args.out;
	prog->len = args.out_len;
	prog->slots = host_interp_prepare(prog->insns, prog->len);
	prog->maps = used.maps;
	prog->map_cnt = used.cnt;
	kvfree(insns);
	fd = host_fd_install(HOST_FD_PROG, prog);
	if (fd < 0)
		host_prog_put(prog);
	return fd;

out_maps:
	host_prog_release_maps(used.maps, used.cnt);
out_insns:
	kvfree(insns);
	return err;
}

/* ---- BPF_PROG_TEST_RUN ---------------------------------------------- */

/* eth_type_trans() on the loopback device (address and broadcast zero). */
static void host_eth_type_trans(struct host_skb *skb, const u8 *frame)
{
	static const u8 zero[6];
	u8 pkt_type;
	u16 proto = frame[12] << 8 | frame[13];

	if (!memcmp(frame, zero, 6))
		pkt_type = 0;		/* PACKET_HOST */
	else if (frame[0] & 1)
		pkt_type = 2;		/* PACKET_MULTICAST */
	else
		pkt_type = 3;		/* PACKET_OTHERHOST */
	skb->flags = HOST_SKB_FLAGS_JUNK | pkt_type << HOST_SKB_PKT_TYPE_SHIFT;

	if (proto >= 0x600)
		memcpy(&skb->protocol, frame + 12, 2);
	else if (skb->len >= 2 && frame[14] == 0xff && frame[15] == 0xff)
		skb->protocol = htons(0x0001);	/* ETH_P_802_3 */
	else
		skb->protocol = htons(0x0004);	/* ETH_P_802_2 */
}

static long host_test_run_skb(struct host_prog *prog, union bpf_attr *attr,
			      union bpf_attr *uattr)
{
	u32 size = attr->test.data_size_in, repeat = attr->test.repeat;
	u32 retval = 0, copy = size, i;
	struct timespec t0, t1;
	struct host_pkt *pkt;
	struct host_skb skb;
	u8 *out;
	u64 ns;
	long err = 0;

	if (size < HOST_ETH_HLEN || size > HOST_TEST_RUN_MAX)
		return -EINVAL;
	if (!attr->test.data_in)
		return -EFAULT;
	pkt = host_pkt_new(host_user_ptr(attr->test.data_in), size,
			   HOST_ETH_HLEN, 0);
	if (!pkt)
		return -ENOMEM;
	pkt->data_off = HOST_ETH_HLEN;

	memset(&skb, 0, sizeof(skb));
	skb.junk0 = 0xdeadbeefdeadbeefULL;
	skb.junk1 = 0xa5;
	skb.junk2 = 0xdeadbeef;
	skb.junk3 = 0xdeadbeef;
	skb.len = size - HOST_ETH_HLEN;
	skb.ifindex = 1;
	skb.pkt = pkt;
	host_eth_type_trans(&skb, pkt->data);

	if (!repeat)
		repeat = 1;
	host_pkt_set_current(pkt);
	host_pkt_set_ctx(&skb);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rcu_read_lock();
	for (i = 0; i < repeat; i++)
		retval = bpf_interp_exec(&skb, prog->slots);
	rcu_read_unlock();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	host_pkt_set_ctx(NULL);
	host_pkt_set_current(NULL);
	ns = (u64)(t1.tv_sec - t0.tv_sec) * 1000000000ULL + t1.tv_nsec -
	     t0.tv_nsec;

	/* like the kernel: the frame again, its link-layer header zeroed */
	out = pkt->data;
	memset(out, 0, HOST_ETH_HLEN);
	if (attr->test.data_size_out && size > attr->test.data_size_out) {
		copy = attr->test.data_size_out;
		err = -ENOSPC;
	}
	if (attr->test.data_out)
		memcpy(host_user_ptr(attr->test.data_out), out, copy);
	uattr->test.data_size_out = size;
	uattr->test.retval = retval;
	ns /= repeat;
	uattr->test.duration = ns > U32_MAX ? U32_MAX : ns;
	host_pkt_free(pkt);
	return err;
}

static long host_prog_test_run(union bpf_attr *attr, union bpf_attr *uattr)
{
	struct host_prog *prog;
	long err;

	if (ATTR_UNUSED_NONZERO(attr, test.duration))
		return -EINVAL;
	prog = host_prog_get(attr->test.prog_fd);
	if (IS_ERR(prog))
		return PTR_ERR(prog);
	if (prog->type == BPF_PROG_TYPE_SOCKET_FILTER)
		err = host_test_run_skb(prog, attr, uattr);
	else
		err = -EOPNOTSUPP;
	host_prog_put(prog);
	return err;
}

/* ---- the call ------------------------------------------------------- */

long host_sys_bpf(int cmd, union bpf_attr *uattr, unsigned int size)
{
	union bpf_attr attr;

	if (!host_rcu_registered) {
		rcu_register_thread();
		host_rcu_registered = true;
	}
	if (size > HOST_PAGE_SIZE)
		return -E2BIG;
	if (size > HOST_ATTR_KNOWN_SIZE) {
		if (host_nonzero((const u8 *)uattr + HOST_ATTR_KNOWN_SIZE,
				 size - HOST_ATTR_KNOWN_SIZE))
			return -E2BIG;
		size = HOST_ATTR_KNOWN_SIZE;
	}
	if (!uattr && size)
		return -EFAULT;
	memset(&attr, 0, sizeof(attr));
	if (size)
		memcpy(&attr, uattr, size);

	switch (cmd) {
	case BPF_MAP_CREATE:
		return host_map_create(&attr);
	case BPF_MAP_LOOKUP_ELEM:
	case BPF_MAP_UPDATE_ELEM:
	case BPF_MAP_DELETE_ELEM:
	case BPF_MAP_GET_NEXT_KEY:
		return host_map_elem(cmd, &attr);
	case BPF_PROG_LOAD:
		return host_prog_load(&attr);
	case BPF_PROG_TEST_RUN:
		return host_prog_test_run(&attr, uattr);
	default:
		return -EINVAL;
	}
}
