/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The program types bpf(BPF_PROG_LOAD) accepts, and the references that
 * keep a loaded program alive.  Kernel only: the host build of the verifier
 * brings its own type descriptions.
 */
#ifndef _KERNEL_BPF_PROG_TYPES_H
#define _KERNEL_BPF_PROG_TYPES_H

#include <linux/bpf.h>

#include "verifier.h"

extern const struct bpf_prog_type_info bpf_socket_filter_type_info;
extern const struct bpf_prog_type_info bpf_kprobe_type_info;

/* What the verifier needs for @type, or NULL if it cannot be loaded. */
const struct bpf_prog_type_info *bpf_prog_type_info(enum bpf_prog_type type);

/*
 * The program behind the fd @ufd with a reference taken, or an ERR_PTR:
 * -EBADF for no such fd, -EINVAL for another kind of fd or a program of
 * another type.  Attach points keep the reference while the program is
 * attached and drop it with bpf_prog_put_ref(), which may be called from
 * any context; the last reference (fd closed too) frees the program and
 * drops its maps, so callers must make sure no CPU still runs it.
 */
struct bpf_prog *bpf_prog_get_ref(u32 ufd, enum bpf_prog_type type);
void bpf_prog_put_ref(struct bpf_prog *prog);

#endif /* _KERNEL_BPF_PROG_TYPES_H */
