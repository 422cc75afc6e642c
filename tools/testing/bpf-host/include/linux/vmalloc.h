/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_VMALLOC_H
#define _HOST_LINUX_VMALLOC_H

#include <linux/types.h>
#include <linux/gfp.h>

/*
 * Like the kernel's, refuses sizes no machine could back (the kernel's limit
 * is total RAM; the host's is HOST_VMALLOC_MAX, so tests stay cheap).
 */
void *__vmalloc(unsigned long size, gfp_t gfp_mask);
void vfree(const void *addr);

/* The host's executable memory (module_alloc) needs no reset on free. */
static inline void set_vm_flush_reset_perms(void *addr)
{
}

static inline void *vzalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_ZERO);
}

#endif
