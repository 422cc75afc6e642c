/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: there are no NMIs on the host; a test sets host_in_nmi to run
 * code as if in one (bpf_host.h).
 */
#ifndef _HOST_LINUX_PREEMPT_H
#define _HOST_LINUX_PREEMPT_H

#include <linux/types.h>

extern __thread bool host_in_nmi;

static inline bool in_nmi(void)
{
	return host_in_nmi;
}

#endif
