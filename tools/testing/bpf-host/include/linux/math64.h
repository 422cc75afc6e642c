/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: the 64-bit divisions of linux/math64.h (divisor non-zero). */
#ifndef _HOST_LINUX_MATH64_H
#define _HOST_LINUX_MATH64_H

#include <linux/types.h>

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	*remainder = dividend % divisor;
	return dividend / divisor;
}

#endif
