/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_MM_H
#define _HOST_LINUX_MM_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_ALLOC_COSTLY_ORDER	3
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)		(((x) + PAGE_SIZE - 1) & PAGE_MASK)

#endif
