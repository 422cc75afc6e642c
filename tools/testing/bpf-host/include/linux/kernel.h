/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_KERNEL_H
#define _HOST_LINUX_KERNEL_H

#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/limits.h>
#include <linux/math.h>
#include <linux/math64.h>
#include <linux/types.h>

#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>

/* A kernel warning is a test failure on the host: loud, and it aborts. */
#define WARN_ONCE(cond, fmt, ...) ({					\
	bool __w = !!(cond);						\
	if (__w) {							\
		fprintf(stderr, "WARNING at %s:%d: " fmt, __FILE__,	\
			__LINE__, ##__VA_ARGS__);			\
		abort();						\
	}								\
	__w;								\
})
#define WARN_ON_ONCE(cond)	WARN_ONCE(cond, "%s\n", #cond)
#define WARN_ON(cond)		WARN_ON_ONCE(cond)

/* The kernel's: the length written, never more than size - 1. */
static inline int vscnprintf(char *buf, size_t size, const char *fmt,
			     va_list args)
{
	int n;

	if (!size)
		return 0;
	n = vsnprintf(buf, size, fmt, args);
	if (n < 0)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

static inline __attribute__((format(printf, 3, 4)))
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

#define min_t(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#define max_t(type, a, b)	((type)(a) > (type)(b) ? (type)(a) : (type)(b))

#define ALIGN(x, a)	(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))

#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define GENMASK(h, l)	((~0UL << (l)) & (~0UL >> (63 - (h))))
#define hweight8(w)	__builtin_popcount((u8)(w))

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))

#endif
