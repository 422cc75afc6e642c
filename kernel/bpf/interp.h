/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interpreter and what it needs from its surroundings, which the kernel
 * (core.c) and the host build provide each in their own way.
 */
#ifndef _KERNEL_BPF_INTERP_H
#define _KERNEL_BPF_INTERP_H

#include <linux/types.h>

struct bpf_insn;

/*
 * One instruction as the interpreter runs it: the number of its handler
 * and its operands, taken apart once at load by bpf_interp_prepare().
 */
struct bpf_interp_slot {
	u16 handler;
	u8 dst;
	u8 src;
	s32 imm;
	s16 off;	/* of ALU64 ones: see bpf_interp_prepare() */
	u8 code;	/* the opcode, for the message on an unknown one */
};

/* Makes the @len slots that run the @len instructions at @insn. */
void bpf_interp_prepare(struct bpf_interp_slot *slot,
			const struct bpf_insn *insn, u32 len);

/* Runs a verified program's slots with R1 = @ctx; the low 32 bits of R0. */
unsigned int bpf_interp_exec(const void *ctx,
			     const struct bpf_interp_slot *slot);

/*
 * Pointer to @size bytes at @off of the packet @ctx (an sk_buff), copied to
 * @buf when they are not linear; NULL when outside the packet.  Negative
 * offsets reach the SKF_NET_OFF/SKF_LL_OFF areas.
 */
const void *bpf_ld_abs_pointer(const void *ctx, int off, unsigned int size,
			       void *buf);

/* Called on an opcode the verifier would have rejected. */
void bpf_interp_bad_insn(u8 code, s32 imm);

/*
 * The host's checking build (-DBPF_INTERP_MEMCHECK, for the verifier's
 * fuzzer) sees every load and store before it happens, to prove that what
 * the verifier accepted touches only memory it may.  In the kernel the
 * hook is nothing.
 */
#ifdef BPF_INTERP_MEMCHECK
void bpf_interp_memcheck(const u64 *regs, const struct bpf_interp_slot *slot,
			 u64 addr, u32 size, bool write);
#define INTERP_MEMCHECK(addr, size, write)				\
	bpf_interp_memcheck(regs, ip, addr, size, write)
#else
#define INTERP_MEMCHECK(addr, size, write) do { } while (0)
#endif

#endif /* _KERNEL_BPF_INTERP_H */
