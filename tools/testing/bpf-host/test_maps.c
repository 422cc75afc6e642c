// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the BPF map core on the host, run under ASan+UBSan.  Each
 * test also checks that every shim allocation it made is freed once pending
 * RCU callbacks have run.  Output is KTAP.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/rcupdate.h>
#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/numa.h>

#include "map.h"
#include "bpf_host.h"

#include "check.h"

#define CHECK_EQ(a, b)							\
	do {								\
		long long __a = (long long)(a), __b = (long long)(b);	\
		if (__a != __b)						\
			FAIL("%s:%d: %s == %lld, expected %s == %lld",	\
			     __FILE__, __LINE__, #a, __a, #b, __b);	\
	} while (0)

/* Creation result as an errno (0 on success, the map freed again). */
#define CHECK_CREATE(err, type, ks, vs, max, flags)			\
	CHECK_EQ(create_err(type, ks, vs, max, flags), err)

static struct bpf_map *create(u32 type, u32 ks, u32 vs, u32 max, u32 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = ks;
	attr.value_size = vs;
	attr.max_entries = max;
	attr.map_flags = flags;
	return bpf_map_new(&attr);
}

static int create_err(u32 type, u32 ks, u32 vs, u32 max, u32 flags)
{
	struct bpf_map *map = create(type, ks, vs, max, flags);

	if (IS_ERR(map))
		return (int)PTR_ERR(map);
	bpf_map_free(map);
	return 0;
}

#define CREATE(map, type, ks, vs, max)					\
	do {								\
		map = create(type, ks, vs, max, 0);			\
		if (IS_ERR(map))					\
			FAIL("%s:%d: create failed: %ld", __FILE__,	\
			     __LINE__, PTR_ERR(map));			\
	} while (0)

static int update_u32(struct bpf_map *map, u32 key, u64 val, u64 flags)
{
	return bpf_map_update_value(map, &key, &val, flags);
}

static int lookup_u32(struct bpf_map *map, u32 key, u64 *val)
{
	return bpf_map_copy_value(map, &key, val);
}

/* ---- common creation checks ---- */

static int test_create_common(void)
{
	struct bpf_map *map;
	u32 types[] = { BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		u32 t = types[i];

		CHECK_CREATE(0, t, 4, 8, 1, 0);
		CHECK_CREATE(-EINVAL, t, 0, 8, 1, 0);
		CHECK_CREATE(-EINVAL, t, 4, 0, 1, 0);
		CHECK_CREATE(-EINVAL, t, 4, 8, 0, 0);
		CHECK_CREATE(-EINVAL, t, 4, 8, 1, BPF_F_NO_PREALLOC);
		CHECK_CREATE(-EINVAL, t, 4, 8, 1, BPF_F_NUMA_NODE);
		CHECK_CREATE(-EINVAL, t, 4, 8, 1, 1U << 31);
	}
	CHECK_CREATE(-EINVAL, BPF_MAP_TYPE_UNSPEC, 4, 8, 1, 0);
	CHECK_CREATE(-EINVAL, BPF_MAP_TYPE_PERCPU_HASH, 4, 8, 1, 0);
	CHECK_CREATE(-EINVAL, BPF_MAP_TYPE_PROG_ARRAY, 4, 8, 1, 0);
	CHECK_CREATE(-EINVAL, 1000, 4, 8, 1, 0);
	CHECK_CREATE(-EINVAL, 0xffffffffU, 4, 8, 1, 0);

	CREATE(map, BPF_MAP_TYPE_HASH, 12, 20, 7);
	CHECK(map->ops == &htab_map_ops);
	CHECK_EQ(map->map_type, BPF_MAP_TYPE_HASH);
	CHECK_EQ(map->key_size, 12);
	CHECK_EQ(map->value_size, 20);
	CHECK_EQ(map->max_entries, 7);
	CHECK_EQ(map->map_flags, 0);
	CHECK_EQ(map->numa_node, -1);
	CHECK_EQ(atomic64_read(&map->refcnt), 1);
	bpf_map_free(map);

	CREATE(map, BPF_MAP_TYPE_ARRAY, 4, 3, 9);
	CHECK(map->ops == &array_map_ops);
	CHECK_EQ(map->map_type, BPF_MAP_TYPE_ARRAY);
	CHECK_EQ(map->value_size, 3);
	CHECK_EQ(map->max_entries, 9);
	CHECK_EQ(atomic64_read(&map->refcnt), 1);
	bpf_map_free(map);
	return 0;
}

static int test_area_alloc(void)
{
	unsigned char *p;
	u64 sizes[] = { 1, 100, 32768, 32769, 1 << 20 };
	unsigned int i;
	u64 j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		p = bpf_map_area_alloc(sizes[i], NUMA_NO_NODE);
		CHECK(p);
		for (j = 0; j < sizes[i]; j++)
			CHECK_EQ(p[j], 0);
		bpf_map_area_free(p);
	}
	CHECK(!bpf_map_area_alloc(0, NUMA_NO_NODE));
	CHECK(!bpf_map_area_alloc(HOST_VMALLOC_MAX + 1, NUMA_NO_NODE));
	CHECK(!bpf_map_area_alloc(1ULL << 63, NUMA_NO_NODE));
	CHECK(!bpf_map_area_alloc(~0ULL, NUMA_NO_NODE));
	bpf_map_area_free(NULL);

	/* A failed slab attempt falls back to vmalloc. */
	host_fail_alloc_after(0);
	CHECK(!bpf_map_area_alloc(64, NUMA_NO_NODE));
	host_fail_alloc_after(-1);
	return 0;
}

/* ---- hash: creation limits ---- */

static int test_hash_key_size_limit(void)
{
	CHECK_CREATE(0, BPF_MAP_TYPE_HASH, 1, 8, 1, 0);
	CHECK_CREATE(0, BPF_MAP_TYPE_HASH, 512, 8, 1, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_HASH, 513, 8, 1, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_HASH, 0xffffffffU, 8, 1, 0);
	return 0;
}

static int test_hash_value_size_limit(void)
{
	u32 max = BPF_MAP_MAX_VALUE_SIZE;
	struct bpf_map *map;
	u8 *val, *out;
	u32 key = 7;

	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_HASH, 4, max + 1, 1, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_HASH, 4, 0xffffffffU, 1, 0);

	/* The largest value with the largest key still fits a kmalloc(). */
	CREATE(map, BPF_MAP_TYPE_HASH, 512, max, 1);
	val = calloc(1, max);
	out = calloc(1, max);
	CHECK(val && out);
	{
		u8 k[512] = { 0 };

		memcpy(k, &key, sizeof(key));
		val[0] = 1;
		val[max - 1] = 2;
		CHECK_EQ(bpf_map_update_value(map, k, val, BPF_ANY), 0);
		CHECK_EQ(bpf_map_copy_value(map, k, out), 0);
		CHECK(!memcmp(val, out, max));
	}
	free(val);
	free(out);
	bpf_map_free(map);
	return 0;
}

static int test_hash_max_entries_limit(void)
{
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_HASH, 4, 8, (1U << 31) + 1, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_HASH, 4, 8, 0xffffffffU, 0);
	/* Sizable, but 2^31 buckets is more memory than can be had. */
	CHECK_CREATE(-ENOMEM, BPF_MAP_TYPE_HASH, 4, 8, 1U << 31, 0);
	CHECK_CREATE(-ENOMEM, BPF_MAP_TYPE_HASH, 4, 8, (1U << 30) + 1, 0);
	CHECK_CREATE(0, BPF_MAP_TYPE_HASH, 4, 8, 1U << 20, 0);
	return 0;
}

/* Every allocation of creation fails in turn: ENOMEM, nothing leaked. */
static int test_alloc_failure_no_leak(void)
{
	u32 types[] = { BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_ARRAY };
	unsigned int i;
	long n;
	int err;

	for (i = 0; i < 2; i++) {
		for (n = 0; ; n++) {
			CHECK(n < 100);
			host_fail_alloc_after(n);
			err = create_err(types[i], 4, 8, 100000, 0);
			host_fail_alloc_after(-1);
			if (!err)
				break;
			CHECK_EQ(err, -ENOMEM);
		}
		CHECK(n > 0);
	}
	return 0;
}

/* ---- hash: element operations ---- */

static int test_hash_basic(void)
{
	struct bpf_map *map;
	u64 v;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 16);
	CHECK_EQ(lookup_u32(map, 1, &v), -ENOENT);
	CHECK_EQ(update_u32(map, 1, 100, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, 2, 200, BPF_ANY), 0);
	v = 0;
	CHECK_EQ(lookup_u32(map, 1, &v), 0);
	CHECK_EQ(v, 100);
	CHECK_EQ(lookup_u32(map, 2, &v), 0);
	CHECK_EQ(v, 200);
	CHECK_EQ(lookup_u32(map, 3, &v), -ENOENT);
	CHECK_EQ(update_u32(map, 1, 101, BPF_ANY), 0);
	CHECK_EQ(lookup_u32(map, 1, &v), 0);
	CHECK_EQ(v, 101);
	bpf_map_free(map);
	return 0;
}

static int test_hash_update_flags(void)
{
	struct bpf_map *map;
	u32 key = 5;
	u64 v;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 4);
	/* BPF_EXIST on a missing key: ENOENT and nothing inserted. */
	CHECK_EQ(update_u32(map, 5, 1, BPF_EXIST), -ENOENT);
	CHECK_EQ(lookup_u32(map, 5, &v), -ENOENT);
	CHECK_EQ(update_u32(map, 5, 2, BPF_NOEXIST), 0);
	/* BPF_NOEXIST on a present key: EEXIST and value unchanged. */
	CHECK_EQ(update_u32(map, 5, 3, BPF_NOEXIST), -EEXIST);
	CHECK_EQ(lookup_u32(map, 5, &v), 0);
	CHECK_EQ(v, 2);
	CHECK_EQ(update_u32(map, 5, 4, BPF_EXIST), 0);
	CHECK_EQ(lookup_u32(map, 5, &v), 0);
	CHECK_EQ(v, 4);
	CHECK_EQ(update_u32(map, 5, 5, BPF_EXIST + 1), -EINVAL);
	CHECK_EQ(update_u32(map, 5, 5, BPF_F_LOCK), -EINVAL);
	CHECK_EQ(update_u32(map, 5, 5, ~0ULL), -EINVAL);
	CHECK_EQ(map->ops->map_update_elem(map, &key, &v, BPF_EXIST + 1),
		 -EINVAL);
	CHECK_EQ(lookup_u32(map, 5, &v), 0);
	CHECK_EQ(v, 4);
	bpf_map_free(map);
	return 0;
}

static int test_hash_full(void)
{
	const u32 max = 16;
	struct bpf_map *map;
	u64 v;
	u32 i;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, max);
	for (i = 0; i < max; i++)
		CHECK_EQ(update_u32(map, i, i, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, max, 0, BPF_ANY), -E2BIG);
	CHECK_EQ(update_u32(map, max, 0, BPF_NOEXIST), -E2BIG);
	CHECK_EQ(update_u32(map, max, 0, BPF_EXIST), -ENOENT);
	CHECK_EQ(lookup_u32(map, max, &v), -ENOENT);
	/* Replacing a key of a full map takes no new slot. */
	for (i = 0; i < max; i++) {
		CHECK_EQ(update_u32(map, i, i + 1000, BPF_ANY), 0);
		CHECK_EQ(update_u32(map, i, i + 2000, BPF_EXIST), 0);
	}
	CHECK_EQ(update_u32(map, 3, 0, BPF_NOEXIST), -EEXIST);
	for (i = 0; i < max; i++) {
		CHECK_EQ(lookup_u32(map, i, &v), 0);
		CHECK_EQ(v, i + 2000);
	}
	/* A delete frees exactly one slot. */
	i = 3;
	CHECK_EQ(bpf_map_delete_key(map, &i), 0);
	CHECK_EQ(update_u32(map, max, 7, BPF_NOEXIST), 0);
	CHECK_EQ(update_u32(map, max + 1, 7, BPF_ANY), -E2BIG);
	CHECK_EQ(lookup_u32(map, max, &v), 0);
	CHECK_EQ(v, 7);
	bpf_map_free(map);

	/* max_entries that is not a power of two, and of one. */
	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 5);
	for (i = 0; i < 5; i++)
		CHECK_EQ(update_u32(map, i * 77, i, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, 1, 0, BPF_ANY), -E2BIG);
	bpf_map_free(map);
	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 1);
	CHECK_EQ(update_u32(map, 9, 0, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, 10, 0, BPF_ANY), -E2BIG);
	CHECK_EQ(update_u32(map, 9, 1, BPF_ANY), 0);
	bpf_map_free(map);
	return 0;
}

static int test_hash_delete(void)
{
	struct bpf_map *map;
	u32 key = 42;
	u64 v;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 8);
	CHECK_EQ(bpf_map_delete_key(map, &key), -ENOENT);
	CHECK_EQ(update_u32(map, 42, 1, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, 43, 2, BPF_ANY), 0);
	CHECK_EQ(bpf_map_delete_key(map, &key), 0);
	CHECK_EQ(lookup_u32(map, 42, &v), -ENOENT);
	CHECK_EQ(bpf_map_delete_key(map, &key), -ENOENT);
	CHECK_EQ(lookup_u32(map, 43, &v), 0);
	CHECK_EQ(v, 2);
	CHECK_EQ(update_u32(map, 42, 3, BPF_EXIST), -ENOENT);
	CHECK_EQ(update_u32(map, 42, 3, BPF_NOEXIST), 0);
	CHECK_EQ(lookup_u32(map, 42, &v), 0);
	CHECK_EQ(v, 3);
	bpf_map_free(map);
	return 0;
}

/* Update fails on allocation: ENOMEM, map unchanged. */
static int test_hash_update_enomem(void)
{
	struct bpf_map *map;
	u64 v;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 2);
	CHECK_EQ(update_u32(map, 1, 10, BPF_ANY), 0);
	host_fail_alloc_after(0);
	CHECK_EQ(update_u32(map, 2, 20, BPF_ANY), -ENOMEM);
	CHECK_EQ(update_u32(map, 1, 11, BPF_ANY), -ENOMEM);
	host_fail_alloc_after(-1);
	CHECK_EQ(lookup_u32(map, 1, &v), 0);
	CHECK_EQ(v, 10);
	CHECK_EQ(lookup_u32(map, 2, &v), -ENOENT);
	/* The failed insert did not use up a slot. */
	CHECK_EQ(update_u32(map, 2, 20, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, 3, 30, BPF_ANY), -E2BIG);
	bpf_map_free(map);
	return 0;
}

/*
 * In NMI context (a kprobe's program) a bucket lock is only tried, a
 * bounded number of times: held by another CPU all along, the write fails
 * with EBUSY and leaves the map as it was; outside NMI context the same
 * writes wait for the lock and succeed.
 */
static int test_hash_nmi_trylock(void)
{
	struct bpf_map *map;
	u32 key = 1;
	u64 v;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 4);
	CHECK_EQ(htab_map_prepare_nmi(map), 0);
	CHECK_EQ(update_u32(map, 1, 10, BPF_ANY), 0);
	host_in_nmi = true;
	CHECK_EQ(update_u32(map, 2, 20, BPF_ANY), 0);
	host_trylock_fails = true;
	CHECK_EQ(update_u32(map, 3, 30, BPF_ANY), -EBUSY);
	CHECK_EQ(update_u32(map, 1, 11, BPF_ANY), -EBUSY);
	CHECK_EQ(bpf_map_delete_key(map, &key), -EBUSY);
	host_in_nmi = false;
	CHECK_EQ(lookup_u32(map, 1, &v), 0);
	CHECK_EQ(v, 10);
	CHECK_EQ(lookup_u32(map, 3, &v), -ENOENT);
	/* the failed insert took no slot; outside NMI the lock is waited for */
	CHECK_EQ(update_u32(map, 3, 30, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, 4, 40, BPF_ANY), 0);
	CHECK_EQ(bpf_map_delete_key(map, &key), 0);
	host_trylock_fails = false;
	bpf_map_free(map);
	return 0;
}

/*
 * Writes in NMI context take elements from the CPU's reserve, never from
 * kmalloc(), and hand unlinked ones to call_rcu() through irq_work (at
 * once on the host): inserts, replacements and deletes all work, nothing
 * leaks.  With the allocator failing, the reserve runs dry after
 * HTAB_NMI_RESERVE inserts: ENOMEM, the map unchanged; the next insert
 * after the allocator recovers refills it.  A map whose preparation ran
 * out of memory (ENOMEM, nothing leaked) refuses inserts in NMI context.
 */
static int test_hash_nmi_reserve(void)
{
	struct bpf_map *map, *unprepared;
	u32 key, i;
	u64 v;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 64);
	CREATE(unprepared, BPF_MAP_TYPE_HASH, 4, 8, 64);
	/* a preparation that runs out of memory leaves nothing behind */
	host_fail_alloc_after(3);
	CHECK_EQ(htab_map_prepare_nmi(unprepared), -ENOMEM);
	host_fail_alloc_after(-1);
	CHECK_EQ(htab_map_prepare_nmi(map), 0);
	CHECK_EQ(htab_map_prepare_nmi(map), 0);
	host_in_nmi = true;
	CHECK_EQ(update_u32(unprepared, 1, 1, BPF_ANY), -ENOMEM);
	for (i = 0; i < 20; i++)
		CHECK_EQ(update_u32(map, i, i, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, 3, 33, BPF_ANY), 0);
	key = 4;
	CHECK_EQ(bpf_map_delete_key(map, &key), 0);
	host_fail_alloc_after(0);
	for (i = 100; i < 108; i++)
		CHECK_EQ(update_u32(map, i, i, BPF_ANY), 0);
	CHECK_EQ(update_u32(map, 108, 108, BPF_ANY), -ENOMEM);
	/* a replacement needs an element too; a delete does not */
	CHECK_EQ(update_u32(map, 5, 55, BPF_ANY), -ENOMEM);
	key = 6;
	CHECK_EQ(bpf_map_delete_key(map, &key), 0);
	host_fail_alloc_after(-1);
	CHECK_EQ(update_u32(map, 108, 108, BPF_ANY), -ENOMEM);
	CHECK_EQ(update_u32(map, 109, 109, BPF_ANY), 0);
	host_in_nmi = false;
	CHECK_EQ(lookup_u32(map, 3, &v), 0);
	CHECK_EQ(v, 33);
	CHECK_EQ(lookup_u32(map, 4, &v), -ENOENT);
	CHECK_EQ(lookup_u32(map, 5, &v), 0);
	CHECK_EQ(v, 5);
	CHECK_EQ(lookup_u32(map, 6, &v), -ENOENT);
	CHECK_EQ(lookup_u32(map, 107, &v), 0);
	CHECK_EQ(lookup_u32(map, 108, &v), -ENOENT);
	CHECK_EQ(lookup_u32(map, 109, &v), 0);
	bpf_map_free(unprepared);
	bpf_map_free(map);
	return 0;
}

/* Keys and values of odd sizes; keys differing in one byte are distinct. */
static int test_hash_key_value_sizes(void)
{
	u32 ksizes[] = { 1, 3, 4, 7, 8, 13, 16, 64, 511, 512 };
	u32 vsizes[] = { 1, 5, 8, 100 };
	u8 key[512], val[100], out[100];
	unsigned int ki, vi, n;
	struct bpf_map *map;

	for (ki = 0; ki < ARRAY_SIZE(ksizes); ki++) {
		for (vi = 0; vi < ARRAY_SIZE(vsizes); vi++) {
			u32 ks = ksizes[ki], vs = vsizes[vi];

			CREATE(map, BPF_MAP_TYPE_HASH, ks, vs, 256);
			memset(key, 0xab, ks);
			for (n = 0; n < 256; n++) {
				key[ks - 1] = n;
				memset(val, n, vs);
				CHECK_EQ(bpf_map_update_value(map, key, val,
							      BPF_NOEXIST), 0);
			}
			for (n = 0; n < 256; n++) {
				key[ks - 1] = n;
				memset(val, n, vs);
				CHECK_EQ(bpf_map_copy_value(map, key, out), 0);
				CHECK(!memcmp(val, out, vs));
			}
			key[0] ^= 1;
			if (ks > 1)
				CHECK_EQ(bpf_map_copy_value(map, key, out),
					 -ENOENT);
			bpf_map_free(map);
		}
	}
	return 0;
}

static int hash_walk(struct bpf_map *map, u32 nkeys, u32 *count)
{
	u8 *seen = calloc(nkeys, 1);
	u32 key, next, steps = 0;
	void *prev = NULL;
	int err;

	CHECK(seen);
	for (;;) {
		err = bpf_map_next_key(map, prev, &next);
		if (err)
			break;
		if (next >= nkeys || seen[next]) {
			free(seen);
			FAIL("walk: key %u out of range or seen twice", next);
		}
		seen[next] = 1;
		key = next;
		prev = &key;
		steps++;
	}
	free(seen);
	CHECK_EQ(err, -ENOENT);
	*count = steps;
	return 0;
}

static int test_hash_next_key_walk(void)
{
	u32 maxes[] = { 1000, 1024, 1, 3 };
	struct bpf_map *map;
	u32 key, first, other, count, i, m, n;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, 10);
	CHECK_EQ(bpf_map_next_key(map, NULL, &key), -ENOENT);
	key = 3;
	CHECK_EQ(bpf_map_next_key(map, &key, &other), -ENOENT);
	bpf_map_free(map);

	for (m = 0; m < ARRAY_SIZE(maxes); m++) {
		n = maxes[m];
		CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, n);
		for (i = 0; i < n; i++)
			CHECK_EQ(update_u32(map, i, i, BPF_ANY), 0);
		if (hash_walk(map, n, &count))
			return -1;
		CHECK_EQ(count, n);

		/* A missing key restarts the walk at the first key. */
		CHECK_EQ(bpf_map_next_key(map, NULL, &first), 0);
		key = n + 12345;
		CHECK_EQ(bpf_map_next_key(map, &key, &other), 0);
		CHECK_EQ(other, first);

		/* Delete half and walk again. */
		for (i = 0; i < n; i += 2)
			CHECK_EQ(bpf_map_delete_key(map, &i), 0);
		if (hash_walk(map, n, &count))
			return -1;
		CHECK_EQ(count, n / 2);
		bpf_map_free(map);
	}
	return 0;
}

/* ---- array ---- */

static int test_array_key_size(void)
{
	CHECK_CREATE(0, BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	CHECK_CREATE(-EINVAL, BPF_MAP_TYPE_ARRAY, 3, 8, 1, 0);
	CHECK_CREATE(-EINVAL, BPF_MAP_TYPE_ARRAY, 5, 8, 1, 0);
	CHECK_CREATE(-EINVAL, BPF_MAP_TYPE_ARRAY, 8, 8, 1, 0);
	CHECK_CREATE(-EINVAL, BPF_MAP_TYPE_ARRAY, 1, 8, 1, 0);
	return 0;
}

static int test_array_value_size_limit(void)
{
	u32 max = BPF_MAP_MAX_VALUE_SIZE;

	CHECK_CREATE(0, BPF_MAP_TYPE_ARRAY, 4, max, 1, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_ARRAY, 4, max + 1, 1, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_ARRAY, 4, 0xffffffffU, 1, 0);
	return 0;
}

static int test_array_size_overflow(void)
{
	/* Values total at most U32_MAX bytes (8-byte rounded values). */
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_ARRAY, 4, 8, 0xffffffffU, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_ARRAY, 4, 8, 1U << 29, 0);
	CHECK_CREATE(-ENOMEM, BPF_MAP_TYPE_ARRAY, 4, 8, (1U << 29) - 1, 0);
	/* 1 byte rounds up to 8: same boundary. */
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_ARRAY, 4, 1, 1U << 29, 0);
	CHECK_CREATE(-ENOMEM, BPF_MAP_TYPE_ARRAY, 4, 1, (1U << 29) - 1, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_ARRAY, 4, 1U << 20, 1U << 12, 0);
	CHECK_CREATE(-ENOMEM, BPF_MAP_TYPE_ARRAY, 4, 1U << 20,
		     (1U << 12) - 1, 0);
	CHECK_CREATE(-E2BIG, BPF_MAP_TYPE_ARRAY, 4, BPF_MAP_MAX_VALUE_SIZE,
		     0xffffffffU, 0);
	CHECK_CREATE(0, BPF_MAP_TYPE_ARRAY, 4, 8, 1U << 20, 0);
	return 0;
}

static int test_array_zeroed(void)
{
	struct bpf_map *map;
	u8 out[13];
	u32 i, j;

	CREATE(map, BPF_MAP_TYPE_ARRAY, 4, 13, 100);
	for (i = 0; i < 100; i++) {
		memset(out, 0xff, sizeof(out));
		CHECK_EQ(bpf_map_copy_value(map, &i, out), 0);
		for (j = 0; j < sizeof(out); j++)
			CHECK_EQ(out[j], 0);
	}
	bpf_map_free(map);
	return 0;
}

static int test_array_ops(void)
{
	u8 val[5], out[5];
	struct bpf_map *map;
	u32 i, key;

	CREATE(map, BPF_MAP_TYPE_ARRAY, 4, 5, 10);
	for (i = 0; i < 10; i++) {
		memset(val, i + 1, sizeof(val));
		CHECK_EQ(bpf_map_update_value(map, &i, val, BPF_ANY), 0);
	}
	/* Each value is separate, 5 bytes in 8-byte slots. */
	for (i = 0; i < 10; i++) {
		memset(val, i + 1, sizeof(val));
		CHECK_EQ(bpf_map_copy_value(map, &i, out), 0);
		CHECK(!memcmp(val, out, sizeof(val)));
	}
	key = 9;
	CHECK_EQ(bpf_map_copy_value(map, &key, out), 0);
	key = 10;
	CHECK_EQ(bpf_map_copy_value(map, &key, out), -ENOENT);
	key = 0xffffffffU;
	CHECK_EQ(bpf_map_copy_value(map, &key, out), -ENOENT);
	CHECK(!map->ops->map_lookup_elem(map, &key));

	key = 9;
	CHECK_EQ(bpf_map_update_value(map, &key, val, BPF_EXIST), 0);
	CHECK_EQ(bpf_map_update_value(map, &key, val, BPF_NOEXIST), -EEXIST);
	CHECK_EQ(bpf_map_update_value(map, &key, val, BPF_EXIST + 1),
		 -EINVAL);
	CHECK_EQ(map->ops->map_update_elem(map, &key, val, BPF_EXIST + 1),
		 -EINVAL);
	key = 10;
	CHECK_EQ(bpf_map_update_value(map, &key, val, BPF_ANY), -E2BIG);
	CHECK_EQ(bpf_map_update_value(map, &key, val, BPF_NOEXIST), -E2BIG);
	key = 0xffffffffU;
	CHECK_EQ(bpf_map_update_value(map, &key, val, BPF_EXIST), -E2BIG);

	/* Elements cannot be deleted. */
	key = 0;
	CHECK_EQ(bpf_map_delete_key(map, &key), -EINVAL);
	key = 10;
	CHECK_EQ(bpf_map_delete_key(map, &key), -EINVAL);
	bpf_map_free(map);
	return 0;
}

static int test_array_next_key(void)
{
	struct bpf_map *map;
	u32 key, next, count;

	CREATE(map, BPF_MAP_TYPE_ARRAY, 4, 8, 10);
	CHECK_EQ(bpf_map_next_key(map, NULL, &next), 0);
	CHECK_EQ(next, 0);
	key = 0;
	CHECK_EQ(bpf_map_next_key(map, &key, &next), 0);
	CHECK_EQ(next, 1);
	key = 8;
	CHECK_EQ(bpf_map_next_key(map, &key, &next), 0);
	CHECK_EQ(next, 9);
	key = 9;
	CHECK_EQ(bpf_map_next_key(map, &key, &next), -ENOENT);
	key = 10;
	CHECK_EQ(bpf_map_next_key(map, &key, &next), 0);
	CHECK_EQ(next, 0);
	key = 0xffffffffU;
	CHECK_EQ(bpf_map_next_key(map, &key, &next), 0);
	CHECK_EQ(next, 0);

	count = 0;
	CHECK_EQ(bpf_map_next_key(map, NULL, &key), 0);
	do {
		CHECK_EQ(key, count);
		count++;
	} while (!bpf_map_next_key(map, &key, &key));
	CHECK_EQ(count, 10);
	bpf_map_free(map);

	CREATE(map, BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	CHECK_EQ(bpf_map_next_key(map, NULL, &next), 0);
	CHECK_EQ(next, 0);
	key = 0;
	CHECK_EQ(bpf_map_next_key(map, &key, &next), -ENOENT);
	bpf_map_free(map);
	return 0;
}

/* ---- jhash: lookup3's published vectors ---- */

static int test_jhash(void)
{
	const char *s = "Four score and seven years ago";

	CHECK_EQ(jhash("", 0, 0), 0xdeadbeefU);
	CHECK_EQ(jhash(s, 30, 0), 0x17770551U);
	CHECK_EQ(jhash(s, 30, 1), 0xcd628161U);
	return 0;
}

/* ---- concurrency ---- */

#define CONC_KEYS	64
#define CONC_WORDS	16	/* value: key, seq, then seq ^ i pattern */

struct conc_ctx {
	struct bpf_map *map;
	unsigned int id;
	int *stop;
	unsigned long ops, hits;
	char err[128];
};

static void conc_fill(u64 *v, u32 key, u64 seq)
{
	unsigned int i;

	v[0] = key;
	v[1] = seq;
	for (i = 2; i < CONC_WORDS; i++)
		v[i] = seq * 0x9e3779b97f4a7c15ULL ^ i;
}

static int conc_valid(const u64 *v, u32 key)
{
	u64 ref[CONC_WORDS];

	conc_fill(ref, key, v[1]);
	return !memcmp(ref, v, sizeof(ref));
}

static u64 xorshift(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void *conc_writer(void *arg)
{
	struct conc_ctx *c = arg;
	u64 v[CONC_WORDS], rnd = 0x1234567 + c->id, seq = c->id;
	int err;
	u32 key;

	rcu_register_thread();
	while (!READ_ONCE(*c->stop)) {
		key = xorshift(&rnd) % CONC_KEYS;
		if (xorshift(&rnd) % 4 == 0) {
			err = bpf_map_delete_key(c->map, &key);
			if (err && err != -ENOENT)
				snprintf(c->err, sizeof(c->err),
					 "delete: %d", err);
		} else {
			seq += 16;
			conc_fill(v, key, seq);
			err = bpf_map_update_value(c->map, &key, v, BPF_ANY);
			/* The map has fewer slots than keys. */
			if (err && err != -E2BIG)
				snprintf(c->err, sizeof(c->err),
					 "update: %d", err);
		}
		c->ops++;
	}
	rcu_unregister_thread();
	return NULL;
}

static void *conc_reader(void *arg)
{
	struct conc_ctx *c = arg;
	u64 v[CONC_WORDS], rnd = 0x7654321 + c->id;
	u32 key, next, steps;
	int err;

	rcu_register_thread();
	while (!READ_ONCE(*c->stop)) {
		key = xorshift(&rnd) % CONC_KEYS;
		err = bpf_map_copy_value(c->map, &key, v);
		if (!err) {
			c->hits++;
			if (!conc_valid(v, key))
				snprintf(c->err, sizeof(c->err),
					 "torn value for key %u", key);
		} else if (err != -ENOENT) {
			snprintf(c->err, sizeof(c->err), "lookup: %d", err);
		}
		/* Now and then a walk, which must stay on valid keys. */
		if ((c->ops++ & 1023) == 0) {
			steps = 0;
			err = bpf_map_next_key(c->map, NULL, &next);
			while (!err && steps++ < 4 * CONC_KEYS) {
				if (next >= CONC_KEYS)
					snprintf(c->err, sizeof(c->err),
						 "walk: bad key %u", next);
				key = next;
				err = bpf_map_next_key(c->map, &key, &next);
			}
		}
	}
	rcu_unregister_thread();
	return NULL;
}

static int test_hash_concurrent(void)
{
	const unsigned int nw = 2, nr = 2;
	struct conc_ctx ctx[4];
	pthread_t th[4];
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 700 * 1000 * 1000 };
	int stop = 0;
	struct bpf_map *map;
	unsigned long hits = 0, wops = 0;
	u64 v[CONC_WORDS] = { 0 };
	unsigned int i;
	u32 key;
	int err;

	/* Fewer slots than keys, so writers also race on a full map. */
	CREATE(map, BPF_MAP_TYPE_HASH, 4, CONC_WORDS * 8, CONC_KEYS * 3 / 4);
	for (i = 0; i < nw + nr; i++) {
		memset(&ctx[i], 0, sizeof(ctx[i]));
		ctx[i].map = map;
		ctx[i].id = i;
		ctx[i].stop = &stop;
		CHECK(!pthread_create(&th[i], NULL,
				      i < nw ? conc_writer : conc_reader,
				      &ctx[i]));
	}
	nanosleep(&ts, NULL);
	WRITE_ONCE(stop, 1);
	for (i = 0; i < nw + nr; i++)
		pthread_join(th[i], NULL);

	/* The element count survived the races: empty, then refill. */
	err = 0;
	for (key = 0; key < CONC_KEYS; key++) {
		int e = bpf_map_delete_key(map, &key);

		if (e && e != -ENOENT)
			err = e;
	}
	for (key = 1000; key < 1000 + CONC_KEYS * 3 / 4; key++)
		err = err ?: bpf_map_update_value(map, &key, v, BPF_NOEXIST);
	if (!err && bpf_map_update_value(map, &key, v, BPF_NOEXIST) != -E2BIG)
		err = -1;
	bpf_map_free(map);
	if (err)
		FAIL("refill after the race: %d", err);

	for (i = 0; i < nw + nr; i++) {
		if (ctx[i].err[0])
			FAIL("thread %u: %s", i, ctx[i].err);
		if (i < nw)
			wops += ctx[i].ops;
		else
			hits += ctx[i].hits;
	}
	CHECK(wops > 1000);
	CHECK(hits > 1000);
	return 0;
}

struct fill_ctx {
	struct bpf_map *map;
	u32 base, n;
	u32 ok, e2big, other;
};

static void *fill_thread(void *arg)
{
	struct fill_ctx *c = arg;
	u64 v = 0;
	u32 i, key;
	int err;

	rcu_register_thread();
	for (i = 0; i < c->n; i++) {
		key = c->base + i;
		err = bpf_map_update_value(c->map, &key, &v, BPF_NOEXIST);
		if (!err)
			c->ok++;
		else if (err == -E2BIG)
			c->e2big++;
		else
			c->other++;
	}
	rcu_unregister_thread();
	return NULL;
}

/* Racing inserts of distinct keys fill the map to exactly max_entries. */
static int test_hash_concurrent_fill(void)
{
	const u32 max = 5000, per = 4000;
	struct fill_ctx ctx[3];
	pthread_t th[3];
	struct bpf_map *map;
	u32 i, ok = 0, e2big = 0, count;

	CREATE(map, BPF_MAP_TYPE_HASH, 4, 8, max);
	for (i = 0; i < 3; i++) {
		memset(&ctx[i], 0, sizeof(ctx[i]));
		ctx[i].map = map;
		ctx[i].base = i * per;
		ctx[i].n = per;
		CHECK(!pthread_create(&th[i], NULL, fill_thread, &ctx[i]));
	}
	for (i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		CHECK_EQ(ctx[i].other, 0);
		ok += ctx[i].ok;
		e2big += ctx[i].e2big;
	}
	CHECK_EQ(ok, max);
	CHECK_EQ(e2big, 3 * per - max);
	if (hash_walk(map, 3 * per, &count))
		return -1;
	CHECK_EQ(count, max);
	bpf_map_free(map);
	return 0;
}

/* ---- runner ---- */

static const struct test tests[] = {
	T(test_create_common),
	T(test_area_alloc),
	T(test_hash_key_size_limit),
	T(test_hash_value_size_limit),
	T(test_hash_max_entries_limit),
	T(test_alloc_failure_no_leak),
	T(test_hash_basic),
	T(test_hash_update_flags),
	T(test_hash_full),
	T(test_hash_delete),
	T(test_hash_update_enomem),
	T(test_hash_nmi_trylock),
	T(test_hash_nmi_reserve),
	T(test_hash_key_value_sizes),
	T(test_hash_next_key_walk),
	T(test_array_key_size),
	T(test_array_value_size_limit),
	T(test_array_size_overflow),
	T(test_array_zeroed),
	T(test_array_ops),
	T(test_array_next_key),
	T(test_jhash),
	T(test_hash_concurrent),
	T(test_hash_concurrent_fill),
};

int main(void)
{
	unsigned int n = ARRAY_SIZE(tests), i, failed = 0;
	long live, base;
	int err;

	rcu_register_thread();
	printf("KTAP version 1\n1..%u\n", n);
	for (i = 0; i < n; i++) {
		fail_msg[0] = '\0';
		base = host_live_allocs();
		err = tests[i].fn();
		host_fail_alloc_after(-1);
		host_in_nmi = false;
		host_trylock_fails = false;
		/* Objects still queued for RCU are freed before counting. */
		rcu_barrier();
		live = host_live_allocs() - base;
		if (!err && live) {
			snprintf(fail_msg, sizeof(fail_msg),
				 "%ld allocations leaked", live);
			err = -1;
		}
		if (err) {
			failed++;
			printf("not ok %u %s # %s\n", i + 1, tests[i].name,
			       fail_msg);
		} else {
			printf("ok %u %s\n", i + 1, tests[i].name);
		}
		fflush(stdout);
	}
	printf("# bpf-host: %u passed, %u failed\n", n - failed, failed);
	rcu_unregister_thread();
	return failed ? 1 : 0;
}
