/* SPDX-License-Identifier: GPL-2.0-only */
/* Host-only hooks of the shim, for the tests and the benchmark. */
#ifndef _BPF_HOST_H
#define _BPF_HOST_H

/* The host's __vmalloc() refuses larger areas (the kernel: total RAM). */
#define HOST_VMALLOC_MAX	(1UL << 30)

/*
 * Let n more kmalloc()/__vmalloc() calls succeed, then fail every one until
 * called again with n < 0.  Counts over all threads.
 */
void host_fail_alloc_after(long n);

/* kmalloc()/__vmalloc() calls that succeeded and are not yet freed. */
long host_live_allocs(void);

/*
 * In this thread: in_nmi() says true (as in a kprobe's int3 handler), and
 * raw_spin_trylock() fails as if another CPU held the lock.
 */
extern __thread bool host_in_nmi;
extern __thread bool host_trylock_fails;

#endif
