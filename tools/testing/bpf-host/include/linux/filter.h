/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: what the map code and the interpreter take from linux/filter.h.
 * SKF_NET_OFF/SKF_LL_OFF and struct sock_filter come from the system uapi.
 */
#ifndef _HOST_LINUX_FILTER_H
#define _HOST_LINUX_FILTER_H

#include_next <linux/filter.h>
#include <linux/bpf.h>
#include <linux/types.h>

#define MAX_BPF_STACK	512

/* The hidden register the kernel uses for constant blinding. */
#define BPF_REG_AX	MAX_BPF_REG
#define MAX_BPF_EXT_REG	(MAX_BPF_REG + 1)

/* Helpers are called at __bpf_call_base + insn->imm. */
u64 __bpf_call_base(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);

/* The part of the kernel's struct bpf_prog a JIT uses, same names. */
struct bpf_prog_aux {
	u32 stack_depth;	/* the verifier's, 0 when unknown */
};

struct bpf_prog {
	u16 pages;
	u16 jited:1;
	u32 len;
	u32 jited_len;
	struct bpf_prog_aux *aux;
	unsigned int (*bpf_func)(const void *ctx, const struct bpf_insn *insn);
	struct bpf_insn insnsi[];
};

/* The JIT (arch/x86/net/bpf_jit_comp.c) */
extern int bpf_jit_enable;
struct bpf_prog *bpf_int_jit_compile(struct bpf_prog *prog);
void bpf_jit_free(struct bpf_prog *prog);

#endif
