/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: objtool annotations are nothing outside the kernel. */
#ifndef _HOST_LINUX_OBJTOOL_H
#define _HOST_LINUX_OBJTOOL_H

#define STACK_FRAME_NON_STANDARD(func)

#endif
