// SPDX-License-Identifier: GPL-2.0-only
/*
 * BPF_MAP_TYPE_ARRAY: max_entries values indexed by a u32 key, all allocated
 * and zeroed at creation.  Elements always exist, so there is no insert or
 * delete, and update copies the value in place without a lock: like the
 * kernel's array map, a reader racing with a writer may see a mix.
 */
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/nospec.h>
#include <linux/numa.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "map.h"

struct array_map {
	struct bpf_map map;
	u32 elem_size;		/* value_size rounded up to 8 bytes */
	char values[] __aligned(8);
};

static inline struct array_map *to_array(struct bpf_map *map)
{
	return container_of(map, struct array_map, map);
}

/*
 * Byte size of all values, or 0 if it overflows.  It is kept below 4 GiB so
 * that an element's offset always fits in 32 bits, which lets an inlined
 * lookup compute it with a 32-bit multiply.
 */
static u64 array_values_size(u32 max_entries, u32 value_size)
{
	u64 elem_size = round_up((u64)value_size, 8);
	u64 size;

	if (check_mul_overflow((u64)max_entries, elem_size, &size) ||
	    size > U32_MAX)
		return 0;
	return size;
}

static int array_map_alloc_check(union bpf_attr *attr)
{
	if (attr->key_size != sizeof(u32))
		return -EINVAL;
	if (attr->value_size > BPF_MAP_MAX_VALUE_SIZE)
		return -E2BIG;
	if (!array_values_size(attr->max_entries, attr->value_size))
		return -E2BIG;
	return 0;
}

static struct bpf_map *array_map_alloc(union bpf_attr *attr)
{
	struct array_map *array;
	u64 size;

	size = array_values_size(attr->max_entries, attr->value_size);
	if (!size)
		return ERR_PTR(-E2BIG);

	array = bpf_map_area_alloc(sizeof(*array) + size, NUMA_NO_NODE);
	if (!array)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&array->map, attr);
	array->elem_size = round_up(attr->value_size, 8);
	return &array->map;
}

static void array_map_free(struct bpf_map *map)
{
	bpf_map_area_free(to_array(map));
}

static void *array_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct array_map *array = to_array(map);
	u32 index = *(u32 *)key;

	if (unlikely(index >= map->max_entries))
		return NULL;
	index = array_index_nospec(index, map->max_entries);
	return array->values + (u64)index * array->elem_size;
}

static int array_map_update_elem(struct bpf_map *map, void *key, void *value,
				 u64 flags)
{
	struct array_map *array = to_array(map);
	u32 index = *(u32 *)key;

	if (unlikely(flags > BPF_EXIST))
		return -EINVAL;
	if (unlikely(index >= map->max_entries))
		return -E2BIG;
	if (unlikely(flags == BPF_NOEXIST))
		return -EEXIST;

	index = array_index_nospec(index, map->max_entries);
	memcpy(array->values + (u64)index * array->elem_size, value,
	       map->value_size);
	return 0;
}

static int array_map_delete_elem(struct bpf_map *map, void *key)
{
	return -EINVAL;
}

static int array_map_get_next_key(struct bpf_map *map, void *key,
				  void *next_key)
{
	u32 index = key ? *(u32 *)key : U32_MAX;
	u32 *next = next_key;

	if (index >= map->max_entries) {
		*next = 0;
		return 0;
	}
	if (index == map->max_entries - 1)
		return -ENOENT;
	*next = index + 1;
	return 0;
}

const struct bpf_map_ops array_map_ops = {
	.map_alloc_check	= array_map_alloc_check,
	.map_alloc		= array_map_alloc,
	.map_free		= array_map_free,
	.map_get_next_key	= array_map_get_next_key,
	.map_lookup_elem	= array_map_lookup_elem,
	.map_update_elem	= array_map_update_elem,
	.map_delete_elem	= array_map_delete_elem,
};
