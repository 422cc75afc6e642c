/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_OVERFLOW_H
#define _HOST_LINUX_OVERFLOW_H

#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_sub_overflow(a, b, d)	__builtin_sub_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* the size of @p with @count elements of its flexible array @member */
#define struct_size(p, member, count) \
	(sizeof(*(p)) + sizeof(*(p)->member) * (size_t)(count))

#endif
