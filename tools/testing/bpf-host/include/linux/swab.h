/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: byte swapping and the cpu_to_{le,be}NN() conversions. */
#ifndef _HOST_LINUX_SWAB_H
#define _HOST_LINUX_SWAB_H

#include <linux/compiler.h>
#include <linux/types.h>
#include_next <linux/swab.h>
#include <asm/byteorder.h>

#define swab16(x)	__swab16(x)
#define swab32(x)	__swab32(x)
#define swab64(x)	__swab64(x)

#define cpu_to_le16(x)	__cpu_to_le16(x)
#define cpu_to_le32(x)	__cpu_to_le32(x)
#define cpu_to_le64(x)	__cpu_to_le64(x)
#define cpu_to_be16(x)	__cpu_to_be16(x)
#define cpu_to_be32(x)	__cpu_to_be32(x)
#define cpu_to_be64(x)	__cpu_to_be64(x)
#define le16_to_cpu(x)	__le16_to_cpu(x)
#define le32_to_cpu(x)	__le32_to_cpu(x)
#define le64_to_cpu(x)	__le64_to_cpu(x)
#define be16_to_cpu(x)	__be16_to_cpu(x)
#define be32_to_cpu(x)	__be32_to_cpu(x)
#define be64_to_cpu(x)	__be64_to_cpu(x)

#endif
