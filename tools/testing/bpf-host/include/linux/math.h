/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_MATH_H
#define _HOST_LINUX_MATH_H

/* y must be a power of two, as in the kernel. */
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#endif
