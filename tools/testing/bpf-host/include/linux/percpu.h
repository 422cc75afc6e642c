/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: a per-CPU variable is per thread.  The kernel code using one
 * does so with interrupts off, where a CPU runs one thing at a time; host
 * threads are preempted instead, so "this CPU" is the running thread.
 */
#ifndef _HOST_LINUX_PERCPU_H
#define _HOST_LINUX_PERCPU_H

#define DEFINE_PER_CPU(type, name)	__thread type name
#define DECLARE_PER_CPU(type, name)	extern __thread type name

#define __this_cpu_inc_return(var)	(++(var))
#define __this_cpu_dec(var)		((var) -= 1)
#define this_cpu_inc(var)		((var) += 1)
#define this_cpu_dec(var)		((var) -= 1)

#endif
