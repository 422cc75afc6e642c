/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_LOG2_H
#define _HOST_LINUX_LOG2_H

#include <linux/types.h>

static inline bool is_power_of_2(unsigned long n)
{
	return n != 0 && (n & (n - 1)) == 0;
}

/* Undefined for n == 0 or n > ULONG_MAX / 2 + 1, as in the kernel. */
static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	if (n <= 1)
		return 1;
	return 1UL << (64 - __builtin_clzl(n - 1));
}

#endif
