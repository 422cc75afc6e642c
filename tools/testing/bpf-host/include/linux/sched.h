/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: a host thread is preempted without being asked. */
#ifndef _HOST_LINUX_SCHED_H
#define _HOST_LINUX_SCHED_H

static inline void cond_resched(void)
{
}

#endif
