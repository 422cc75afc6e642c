// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host runtime of the kernel shim: the allocator over libc (so ASan and
 * LeakSanitizer track every object) with failure injection, and
 * get_random_u32().
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/random.h>

#include "bpf_host.h"

__thread bool host_in_nmi;
__thread bool host_trylock_fails;

static long fail_after = -1;
static long live_allocs;

void host_fail_alloc_after(long n)
{
	__atomic_store_n(&fail_after, n, __ATOMIC_SEQ_CST);
}

long host_live_allocs(void)
{
	return __atomic_load_n(&live_allocs, __ATOMIC_SEQ_CST);
}

static bool host_alloc_should_fail(void)
{
	long n = __atomic_load_n(&fail_after, __ATOMIC_RELAXED);

	while (n > 0) {
		if (__atomic_compare_exchange_n(&fail_after, &n, n - 1, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED))
			return false;
	}
	return n == 0;
}

static void *host_alloc(size_t size, size_t align, gfp_t flags)
{
	void *p;

	if (host_alloc_should_fail())
		return NULL;
	if (align <= 16)
		p = malloc(size);
	else if (posix_memalign(&p, align, size))
		p = NULL;
	if (!p)
		return NULL;
	if (flags & __GFP_ZERO)
		memset(p, 0, size);
	__atomic_add_fetch(&live_allocs, 1, __ATOMIC_RELAXED);
	return p;
}

static void host_free(const void *p)
{
	if (!p)
		return;
	__atomic_sub_fetch(&live_allocs, 1, __ATOMIC_RELAXED);
	free((void *)p);
}

/*
 * The kernel's kmalloc() aligns power-of-two sizes naturally.  Here sizes
 * that are multiples of a cache line (as any structure with a
 * ____cacheline_aligned member is) get a cache-line-aligned object, so
 * UBSan's alignment checks hold; the rest get malloc()'s 16 bytes.
 */
void *kmalloc(size_t size, gfp_t flags)
{
	if (!size || size > KMALLOC_MAX_SIZE)
		return NULL;
	return host_alloc(size, size % 64 ? 16 : 64, flags);
}

void kfree(const void *p)
{
	host_free(p);
}

void kvfree(const void *p)
{
	host_free(p);
}

void *__vmalloc(unsigned long size, gfp_t gfp_mask)
{
	if (!size || size > HOST_VMALLOC_MAX)
		return NULL;
	return host_alloc(size, PAGE_SIZE, gfp_mask);
}

void vfree(const void *addr)
{
	host_free(addr);
}

/*
 * As the kernel's: values from a batch (its own per CPU, here per thread),
 * refilled when used up, not a system call each.
 */
u32 get_random_u32(void)
{
	static __thread u32 batch[16];
	static __thread unsigned int left;

	if (!left) {
		if (getrandom(batch, sizeof(batch), 0) != sizeof(batch)) {
			unsigned int i;

			for (i = 0; i < ARRAY_SIZE(batch); i++)
				batch[i] = (u32)random();
		}
		left = ARRAY_SIZE(batch);
	}
	return batch[--left];
}
