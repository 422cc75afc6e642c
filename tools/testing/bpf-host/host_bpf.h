/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A host stand-in for the bpf() system call, for tests written against the
 * syscall (tools/testing/selftests/bpf/test_verifier.c with -DBPF_HOST):
 * maps through kernel/bpf/map.c, programs through kernel/bpf/verifier.c
 * and kernel/bpf/interp.c, over a small table of descriptors of its own.
 *
 * Only uapi types appear here, so a test needs nothing of the kernel shim.
 */
#ifndef _BPF_HOST_BPF_H
#define _BPF_HOST_BPF_H

#include <linux/bpf.h>

/* Descriptors start here, so they never look like stdio's. */
#define HOST_BPF_FD_BASE	3

/*
 * bpf(@cmd, @attr, @size): BPF_MAP_CREATE, BPF_MAP_LOOKUP_ELEM,
 * BPF_MAP_UPDATE_ELEM, BPF_MAP_DELETE_ELEM, BPF_MAP_GET_NEXT_KEY,
 * BPF_PROG_LOAD (socket filters and kprobes) and BPF_PROG_TEST_RUN (socket
 * filters).  Returns the result (a descriptor, or 0) or -errno, with the
 * errnos our kernel gives.  The calling thread is registered with RCU on
 * first use.
 */
long host_sys_bpf(int cmd, union bpf_attr *attr, unsigned int size);

/* close() of a descriptor host_sys_bpf() returned: 0 or -EBADF. */
int host_bpf_close(int fd);

/* Closes every descriptor still open; returns how many were. */
int host_bpf_close_all(void);

/*
 * Waits for the frees that RCU still holds back, then returns the number of
 * live kmalloc()/vmalloc() objects (host_live_allocs()).
 */
long host_bpf_live_allocs(void);

/* The kern_version a kprobe program must be loaded with. */
__u32 host_bpf_kern_version(void);

/*
 * The host's program type descriptions, for tests of the verifier that
 * call bpf_verify() directly; NULL for a type the emulation lacks.
 */
struct bpf_prog_type_info;
const struct bpf_prog_type_info *host_bpf_prog_type(__u32 prog_type);

#endif
