/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Map core shared by the bpf() syscall and, later, by the helpers that
 * programs call.  Everything declared here builds both in the kernel and on
 * the host against tools/testing/bpf-host/, so it may only use the kernel
 * primitives that shim provides.
 */
#ifndef _KERNEL_BPF_MAP_H
#define _KERNEL_BPF_MAP_H

#include <linux/bpf.h>
#include <linux/filter.h>	/* MAX_BPF_STACK */
#include <linux/slab.h>	/* KMALLOC_MAX_SIZE */

/*
 * Programs build keys on their 512-byte stack, so no key can be larger;
 * values are bounded so that one element still fits a kmalloc().
 */
#define BPF_MAP_MAX_KEY_SIZE	MAX_BPF_STACK
#define BPF_MAP_MAX_VALUE_SIZE	(KMALLOC_MAX_SIZE - MAX_BPF_STACK - 256)

extern const struct bpf_map_ops htab_map_ops;
extern const struct bpf_map_ops array_map_ops;

void *bpf_map_area_alloc(u64 size, int numa_node);
void bpf_map_area_free(void *base);
void bpf_map_init_from_attr(struct bpf_map *map, union bpf_attr *attr);

/*
 * Create a map from a BPF_MAP_CREATE attribute.  Validates the type and
 * the fields every type shares, then the type's own ->map_alloc_check().
 * Returns the map with one reference or an ERR_PTR.
 */
struct bpf_map *bpf_map_new(union bpf_attr *attr);

/* Frees a map whose last reference is gone; may sleep. */
void bpf_map_free(struct bpf_map *map);

/*
 * The element operations as bpf() performs them, with the kernel-side key
 * and value buffers already copied in.  Lookup copies the value out under
 * rcu_read_lock(), so it is safe against concurrent update and delete.
 */
int bpf_map_copy_value(struct bpf_map *map, void *key, void *value);
int bpf_map_update_value(struct bpf_map *map, void *key, void *value,
			 u64 flags);
int bpf_map_delete_key(struct bpf_map *map, void *key);
int bpf_map_next_key(struct bpf_map *map, void *key, void *next_key);

/*
 * Readies a hash map for writes from a kprobe program, which runs in NMI
 * context, before such a program is loaded; 0 or -ENOMEM.
 */
int htab_map_prepare_nmi(struct bpf_map *map);

#endif /* _KERNEL_BPF_MAP_H */
