/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The program types bpf(BPF_PROG_LOAD) accepts.  Kernel only: the host
 * build of the verifier brings its own type descriptions.  Program
 * references are declared in include/linux/bpf.h.
 */
#ifndef _KERNEL_BPF_PROG_TYPES_H
#define _KERNEL_BPF_PROG_TYPES_H

#include <linux/bpf.h>

#include "verifier.h"

extern const struct bpf_prog_type_info bpf_socket_filter_type_info;
extern const struct bpf_prog_type_info bpf_kprobe_type_info;

/* The helpers of kprobe programs (kernel/trace/bpf_trace.c), or NULL. */
const struct bpf_func_proto *bpf_tracing_helper_proto(enum bpf_func_id func_id);

/* What the verifier needs for @type, or NULL if it cannot be loaded. */
const struct bpf_prog_type_info *bpf_prog_type_info(enum bpf_prog_type type);

#endif /* _KERNEL_BPF_PROG_TYPES_H */
