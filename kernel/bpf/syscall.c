// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bpf() system call: attribute checking, command dispatch, and the file
 * descriptors that hold maps.
 */
#include <linux/anon_inodes.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "map.h"

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

	err = bpf_map_update_value(map, key, value, attr->flags);

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
	err = bpf_map_delete_key(map, key);
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
	default:
		return -EINVAL;
	}
}
