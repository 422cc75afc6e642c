/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: GFP flags.  Only __GFP_ZERO changes what the host allocator
 * does; the rest are carried so the kernel code compiles unchanged.
 */
#ifndef _HOST_LINUX_GFP_H
#define _HOST_LINUX_GFP_H

#include <linux/types.h>

#define __GFP_ZERO		0x0001u
#define __GFP_NOWARN		0x0002u
#define __GFP_NORETRY		0x0004u
#define __GFP_RETRY_MAYFAIL	0x0008u
#define __GFP_ACCOUNT		0x0010u
#define __GFP_HIGH		0x0020u
#define __GFP_RECLAIM		0x0040u

#define GFP_ATOMIC		(__GFP_HIGH)
#define GFP_NOWAIT		0u
#define GFP_KERNEL		(__GFP_RECLAIM)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_USER		(__GFP_RECLAIM)

#endif
