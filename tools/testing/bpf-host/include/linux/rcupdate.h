/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: RCU is liburcu's memory-barrier flavour, whose rcu_read_lock(),
 * synchronize_rcu(), call_rcu(), rcu_barrier() and struct rcu_head carry the
 * kernel's names.  Every thread that touches a map must call
 * rcu_register_thread() first.
 */
#ifndef _HOST_LINUX_RCUPDATE_H
#define _HOST_LINUX_RCUPDATE_H

#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE
#endif
#include <urcu.h>

#include <linux/compiler.h>

#define rcu_dereference_raw(p)		rcu_dereference(p)
#define rcu_dereference_check(p, c)	rcu_dereference(p)
#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, v)
#define rcu_read_lock_held()		rcu_read_ongoing()

#endif
