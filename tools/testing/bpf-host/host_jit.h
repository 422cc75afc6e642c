/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The JIT (arch/x86/net/bpf_jit_comp.c) on the host: programs built and
 * compiled from instruction arrays, and run with the whole 64-bit R0.
 */
#ifndef _BPF_HOST_JIT_H
#define _BPF_HOST_JIT_H

#include <linux/types.h>
#include <linux/filter.h>

typedef u64 (*host_jit_fn)(const void *ctx);

/*
 * A struct bpf_prog holding a copy of @insns (already fixed up), through
 * bpf_int_jit_compile(); NULL when out of memory.  prog->jited says whether
 * the JIT took it.
 */
struct bpf_prog *host_jit_prog(const struct bpf_insn *insns, u32 n);
/* The same with the verifier's stack depth in prog->aux */
struct bpf_prog *host_jit_prog_depth(const struct bpf_insn *insns, u32 n,
				     u32 stack_depth);
void host_jit_prog_free(struct bpf_prog *prog);

static inline u64 host_jit_call(const struct bpf_prog *prog, const void *ctx)
{
	return ((host_jit_fn)(void *)prog->bpf_func)(ctx);
}

/*
 * The image at @fn called with @ctx, and with rbx, rbp and r12-r15 holding
 * patterns it must give back: *@clobbered has bit i set when x86 register
 * i did not come back.
 */
u64 host_jit_call_saved(const void *fn, const void *ctx, u32 *clobbered);

/*
 * As host_interp_run64(): @prog with R1 = @ctx and R2 = @r2, through the
 * JIT; 0 and R0 in @r0, -1 when the JIT refused the program or did not
 * give back a callee-saved register.  A failed
 * LD_ABS/LD_IND gives R0 = 0 as an EXIT with 0 would.
 */
int host_jit_run64(const struct bpf_insn *prog, u32 n, const void *ctx,
		   s32 r2, u64 *r0);

/* Bytes of the last image host_jit_prog() compiled, for tests. */
u32 host_jit_last_len(void);

#endif
