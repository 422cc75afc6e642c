// SPDX-License-Identifier: GPL-2.0-only
/*
 * Map core: creation, destruction and the element operations as the bpf()
 * syscall performs them.  Type-specific work is behind struct bpf_map_ops.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/numa.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "map.h"

static const struct bpf_map_ops * const bpf_map_types[] = {
	[BPF_MAP_TYPE_HASH]	= &htab_map_ops,
	[BPF_MAP_TYPE_ARRAY]	= &array_map_ops,
};

/*
 * Zeroed memory for a map's fixed part.  Small areas come from the slab; a
 * failure there is not fatal, as vmalloc only needs order-0 pages.  Nothing
 * here may warn or invoke the OOM killer: sizes are chosen by userspace.
 */
void *bpf_map_area_alloc(u64 size, int numa_node)
{
	const gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_NOWARN | __GFP_ZERO;
	void *area;

	if (!size || size > ULONG_MAX)
		return NULL;

	if (size <= (PAGE_SIZE << PAGE_ALLOC_COSTLY_ORDER)) {
		area = kmalloc_node(size, gfp | __GFP_NORETRY, numa_node);
		if (area)
			return area;
	}
	return __vmalloc(size, gfp | __GFP_RETRY_MAYFAIL);
}

void bpf_map_area_free(void *base)
{
	kvfree(base);
}

void bpf_map_init_from_attr(struct bpf_map *map, union bpf_attr *attr)
{
	map->map_type = attr->map_type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	map->map_flags = attr->map_flags;
	map->numa_node = (attr->map_flags & BPF_F_NUMA_NODE) ?
			 (int)attr->numa_node : NUMA_NO_NODE;
}

struct bpf_map *bpf_map_new(union bpf_attr *attr)
{
	const struct bpf_map_ops *ops;
	struct bpf_map *map;
	u32 type = attr->map_type;
	int err;

	if (type >= ARRAY_SIZE(bpf_map_types))
		return ERR_PTR(-EINVAL);
	ops = bpf_map_types[array_index_nospec(type,
					       ARRAY_SIZE(bpf_map_types))];
	if (!ops)
		return ERR_PTR(-EINVAL);

	if (!attr->key_size || !attr->value_size || !attr->max_entries)
		return ERR_PTR(-EINVAL);
	/* No flag is implemented yet; refuse rather than ignore them. */
	if (attr->map_flags)
		return ERR_PTR(-EINVAL);

	if (ops->map_alloc_check) {
		err = ops->map_alloc_check(attr);
		if (err)
			return ERR_PTR(err);
	}

	map = ops->map_alloc(attr);
	if (IS_ERR(map))
		return map;
	map->ops = ops;
	atomic64_set(&map->refcnt, 1);
	return map;
}

void bpf_map_free(struct bpf_map *map)
{
	map->ops->map_free(map);
}

int bpf_map_copy_value(struct bpf_map *map, void *key, void *value)
{
	void *ptr;
	int err = 0;

	/* The element may be replaced or deleted meanwhile; RCU keeps it. */
	rcu_read_lock();
	ptr = map->ops->map_lookup_elem(map, key);
	if (ptr)
		memcpy(value, ptr, map->value_size);
	else
		err = -ENOENT;
	rcu_read_unlock();
	return err;
}

int bpf_map_update_value(struct bpf_map *map, void *key, void *value,
			 u64 flags)
{
	int err;

	if (flags > BPF_EXIST)
		return -EINVAL;

	rcu_read_lock();
	err = map->ops->map_update_elem(map, key, value, flags);
	rcu_read_unlock();
	return err;
}

int bpf_map_delete_key(struct bpf_map *map, void *key)
{
	int err;

	rcu_read_lock();
	err = map->ops->map_delete_elem(map, key);
	rcu_read_unlock();
	return err;
}

int bpf_map_next_key(struct bpf_map *map, void *key, void *next_key)
{
	int err;

	rcu_read_lock();
	err = map->ops->map_get_next_key(map, key, next_key);
	rcu_read_unlock();
	return err;
}

/*
 * The helpers programs call.  They run under rcu_read_lock(), which the
 * runtime holds around every program, so a looked-up value stays valid
 * until the program ends.  The verifier has checked that map is a map and
 * that key and value point to key_size and value_size readable bytes.
 */
static u64 bpf_map_lookup_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *m = (struct bpf_map *)(unsigned long)map;

	WARN_ON_ONCE(!rcu_read_lock_held());
	return (unsigned long)m->ops->map_lookup_elem(m, (void *)(unsigned long)key);
}

const struct bpf_func_proto bpf_map_lookup_elem_proto = {
	.func		= bpf_map_lookup_elem,
	.gpl_only	= false,
	.ret_type	= RET_PTR_TO_MAP_VALUE_OR_NULL,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
};

static u64 bpf_map_update_elem(u64 map, u64 key, u64 value, u64 flags,
			       u64 r5)
{
	struct bpf_map *m = (struct bpf_map *)(unsigned long)map;

	WARN_ON_ONCE(!rcu_read_lock_held());
	if (flags > BPF_EXIST)
		return -EINVAL;
	return m->ops->map_update_elem(m, (void *)(unsigned long)key,
				       (void *)(unsigned long)value, flags);
}

const struct bpf_func_proto bpf_map_update_elem_proto = {
	.func		= bpf_map_update_elem,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
	.arg3_type	= ARG_PTR_TO_MAP_VALUE,
	.arg4_type	= ARG_ANYTHING,
};

static u64 bpf_map_delete_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *m = (struct bpf_map *)(unsigned long)map;

	WARN_ON_ONCE(!rcu_read_lock_held());
	return m->ops->map_delete_elem(m, (void *)(unsigned long)key);
}

const struct bpf_func_proto bpf_map_delete_elem_proto = {
	.func		= bpf_map_delete_elem,
	.gpl_only	= false,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_CONST_MAP_PTR,
	.arg2_type	= ARG_PTR_TO_MAP_KEY,
};
