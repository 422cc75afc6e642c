/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: big-endian loads from unaligned addresses. */
#ifndef _HOST_ASM_UNALIGNED_H
#define _HOST_ASM_UNALIGNED_H

#include <string.h>
#include <linux/swab.h>

static inline u16 get_unaligned_be16(const void *p)
{
	u16 v;

	memcpy(&v, p, sizeof(v));
	return be16_to_cpu((__be16)v);
}

static inline u32 get_unaligned_be32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return be32_to_cpu((__be32)v);
}

static inline u64 get_unaligned_be64(const void *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return be64_to_cpu((__be64)v);
}

#endif
