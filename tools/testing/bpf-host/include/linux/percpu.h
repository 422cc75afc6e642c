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

/*
 * Dynamic per-CPU data: one instance, as if on one CPU (tests that run
 * threads at once use none of it in NMI context, the only user).
 */
#include <linux/slab.h>

#define __percpu
#define alloc_percpu(type)		kzalloc(sizeof(type), GFP_KERNEL)
#define free_percpu(ptr)		kfree(ptr)
#define per_cpu_ptr(ptr, cpu)		((void)(cpu), (ptr))
#define this_cpu_ptr(ptr)		(ptr)
#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < 1; (cpu)++)

#endif
