/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: the compiler annotations the map code uses. */
#ifndef _HOST_LINUX_COMPILER_H
#define _HOST_LINUX_COMPILER_H

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#define __rcu
#define __force
/*
 * __always_inline comes from the Makefile (-D), before the uapi
 * linux/stddef.h can make it a plain __inline__.
 */
#ifndef noinline
#define noinline	__attribute__((__noinline__))
#endif
/* objtool reads jump tables from a section of their own; not here */
#define __annotate_jump_table
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define __must_check	__attribute__((__warn_unused_result__))
#define __aligned(x)	__attribute__((__aligned__(x)))
#define L1_CACHE_BYTES	64
#define ____cacheline_aligned	__aligned(L1_CACHE_BYTES)
#define __read_mostly

#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile __typeof__(x) *)&(x) = (val))

#endif
