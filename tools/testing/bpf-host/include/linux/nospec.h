/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _HOST_LINUX_NOSPEC_H
#define _HOST_LINUX_NOSPEC_H

/*
 * The kernel clamps the index with a branch-free mask against Spectre v1;
 * the host only needs the value, which callers have already bounds-checked.
 */
#define array_index_nospec(index, size) \
	({ __typeof__(index) __idx = (index); (void)(size); __idx; })

#endif
