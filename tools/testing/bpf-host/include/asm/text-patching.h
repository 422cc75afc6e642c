/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: writes into read-only executable memory from module_alloc().
 * The kernel maps the pages writable at another address for the time of
 * the copy; the host writes through a second, writable mapping of the
 * whole region (host_jit.c), and aborts when the bytes are not all within
 * one live allocation.
 */
#ifndef _HOST_ASM_TEXT_PATCHING_H
#define _HOST_ASM_TEXT_PATCHING_H

#include <stddef.h>

void *text_poke_copy(void *addr, const void *opcode, size_t len);
void *text_poke_set(void *addr, int c, size_t len);

#endif
