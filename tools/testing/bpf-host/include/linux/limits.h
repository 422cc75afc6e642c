/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_LIMITS_H
#define _HOST_LINUX_LIMITS_H

#include_next <linux/limits.h>
#include <limits.h>
#include <linux/types.h>

#define U32_MAX		((u32)~0U)
#define S32_MAX		((s32)(U32_MAX >> 1))
#define S32_MIN		((s32)(-S32_MAX - 1))
#define S16_MAX		((s16)(U16_MAX >> 1))
#define U16_MAX		((u16)~0U)
#define U64_MAX		((u64)~0ULL)

#endif
