/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: cpu_relax() is the pause instruction, as on x86. */
#ifndef _HOST_LINUX_PROCESSOR_H
#define _HOST_LINUX_PROCESSOR_H

static inline void cpu_relax(void)
{
	__builtin_ia32_pause();
}

#endif
