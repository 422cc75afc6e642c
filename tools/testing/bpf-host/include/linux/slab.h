/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: kmalloc() and friends over the libc allocator, so that ASan and
 * LeakSanitizer see every allocation.  Failures can be injected: see
 * host_fail_alloc_after() in bpf_host.h.
 */
#ifndef _HOST_LINUX_SLAB_H
#define _HOST_LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

/* x86-64: MAX_ORDER 11, PAGE_SHIFT 12, so 4 MiB as in the kernel. */
#define KMALLOC_SHIFT_MAX	22
#define KMALLOC_MAX_SIZE	(1UL << KMALLOC_SHIFT_MAX)

void *kmalloc(size_t size, gfp_t flags);
void kfree(const void *p);
void kvfree(const void *p);

static inline void *kmalloc_node(size_t size, gfp_t flags, int node)
{
	(void)node;
	return kmalloc(size, flags);
}

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

static inline void *kvmalloc(size_t size, gfp_t flags)
{
	void *__vmalloc(unsigned long size, gfp_t gfp_mask);

	if (size <= KMALLOC_MAX_SIZE)
		return kmalloc(size, flags);
	return __vmalloc(size, flags);
}

static inline void *kvzalloc(size_t size, gfp_t flags)
{
	return kvmalloc(size, flags | __GFP_ZERO);
}

static inline void *kvcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kvzalloc(n * size, flags);
}

#endif
