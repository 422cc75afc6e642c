/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: the subset of the kernel's struct bpf_map and struct bpf_map_ops
 * that the map core uses, with upstream 6.1's member names and types.  The
 * uapi (union bpf_attr, BPF_MAP_TYPE_*, BPF_ANY...) comes from the system
 * header, which is 6.1's ABI.
 */
#ifndef _HOST_LINUX_BPF_H
#define _HOST_LINUX_BPF_H

#include_next <linux/bpf.h>

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/slab.h>

struct bpf_map;

struct bpf_map_ops {
	int (*map_alloc_check)(union bpf_attr *attr);
	struct bpf_map *(*map_alloc)(union bpf_attr *attr);
	void (*map_free)(struct bpf_map *map);
	int (*map_get_next_key)(struct bpf_map *map, void *key, void *next_key);
	void *(*map_lookup_elem)(struct bpf_map *map, void *key);
	int (*map_update_elem)(struct bpf_map *map, void *key, void *value,
			       u64 flags);
	int (*map_delete_elem)(struct bpf_map *map, void *key);
};

struct bpf_map {
	const struct bpf_map_ops *ops ____cacheline_aligned;
	enum bpf_map_type map_type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 map_flags;
	int numa_node;
	atomic64_t refcnt ____cacheline_aligned;
};

/*
 * Helper prototypes as the verifier reads them: 6.1's names, a subset of its
 * argument and return kinds (the values are the host's own).
 */
enum bpf_arg_type {
	ARG_DONTCARE = 0,
	ARG_CONST_MAP_PTR,
	ARG_PTR_TO_MAP_KEY,
	ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM,
	ARG_PTR_TO_UNINIT_MEM,
	ARG_CONST_SIZE,
	ARG_CONST_SIZE_OR_ZERO,
	ARG_PTR_TO_CTX,
	ARG_ANYTHING,
};

enum bpf_return_type {
	RET_INTEGER,
	RET_VOID,
	RET_PTR_TO_MAP_VALUE_OR_NULL,
};

struct bpf_func_proto {
	u64 (*func)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
	bool gpl_only;
	enum bpf_return_type ret_type;
	union {
		struct {
			enum bpf_arg_type arg1_type;
			enum bpf_arg_type arg2_type;
			enum bpf_arg_type arg3_type;
			enum bpf_arg_type arg4_type;
			enum bpf_arg_type arg5_type;
		};
		enum bpf_arg_type arg_type[5];
	};
};

extern const struct bpf_func_proto bpf_map_lookup_elem_proto;
extern const struct bpf_func_proto bpf_map_update_elem_proto;
extern const struct bpf_func_proto bpf_map_delete_elem_proto;

#endif
