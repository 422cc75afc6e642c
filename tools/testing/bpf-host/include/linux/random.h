/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_RANDOM_H
#define _HOST_LINUX_RANDOM_H

#include <linux/types.h>

u32 get_random_u32(void);

#endif
