/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: only the constants the map code takes from linux/filter.h. */
#ifndef _HOST_LINUX_FILTER_H
#define _HOST_LINUX_FILTER_H

#define MAX_BPF_STACK	512

#endif
