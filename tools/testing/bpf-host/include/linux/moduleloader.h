/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: executable memory for the JIT.  module_alloc() maps pages
 * read-write within +-2 GiB of the binary's text, as the kernel's module
 * area is of the kernel's, so that "call rel32" reaches the helpers.
 */
#ifndef _HOST_LINUX_MODULELOADER_H
#define _HOST_LINUX_MODULELOADER_H

#include <linux/types.h>

void *module_alloc(unsigned long size);
void module_memfree(void *module_region);

/* Pages module_alloc() has handed out and not freed yet (for tests). */
long host_module_pages(void);
/* Whether all of those pages hold int3 only (for tests). */
bool host_module_all_int3(void);

#endif
