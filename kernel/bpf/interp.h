/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interpreter and what it needs from its surroundings, which the kernel
 * (core.c) and the host build provide each in their own way.
 */
#ifndef _KERNEL_BPF_INTERP_H
#define _KERNEL_BPF_INTERP_H

#include <linux/types.h>

struct bpf_insn;

/* Runs a verified program; the kernel's prog->bpf_func signature. */
unsigned int bpf_interp_run(const void *ctx, const struct bpf_insn *insn);

/*
 * A program decoded once at load for the interpreter: one entry per eBPF
 * instruction, with the address of its handler in place of the opcode and
 * the register numbers as whole bytes, so that running an instruction is
 * doing it and jumping to the next entry's handler.  Jump offsets count
 * entries as they count instructions; the second half of a 64-bit
 * immediate load keeps its imm.  An entry past the last ends the program.
 */
struct bpf_interp_insn {
	const void *code;
	u8 dst_reg;
	u8 src_reg;
	s16 off;
	s32 imm;
#ifdef BPF_INTERP_MEMCHECK
	const struct bpf_insn *orig;	/* the instruction it was decoded from */
#endif
};

/* The entries start at this alignment, so that none straddles a line. */
#define BPF_INTERP_DECODED_ALIGN	64

/* Bytes the decoded form of @len instructions takes. */
static inline size_t bpf_interp_decoded_size(u32 len)
{
	return ((size_t)len + 1) * sizeof(struct bpf_interp_insn);
}

/*
 * Decodes the @len instructions at @insn into @out, which has
 * bpf_interp_decoded_size(@len) bytes.  Returns 0, or -EINVAL on an
 * instruction without a handler, a jump out of the program or a truncated
 * 64-bit immediate load, which only bpf_interp_run() can run (to its end
 * of 0): the verifier lets none of them through.
 */
int bpf_interp_decode(struct bpf_interp_insn *out,
		      const struct bpf_insn *insn, u32 len);

/* Runs a program decoded by bpf_interp_decode(), with R1 = @ctx. */
unsigned int bpf_interp_run_decoded(const void *ctx,
				    const struct bpf_interp_insn *insn);

/*
 * Pointer to @size bytes at @off of the packet @ctx (an sk_buff), copied to
 * @buf when they are not linear; NULL when outside the packet.  Negative
 * offsets reach the SKF_NET_OFF/SKF_LL_OFF areas.
 */
const void *bpf_ld_abs_pointer(const void *ctx, int off, unsigned int size,
			       void *buf);

/* Called on an opcode the verifier would have rejected. */
void bpf_interp_bad_insn(const struct bpf_insn *insn);

/*
 * The host's checking build (-DBPF_INTERP_MEMCHECK, for the verifier's
 * fuzzer) sees every load and store before it happens, to prove that what
 * the verifier accepted touches only memory it may.  In the kernel the
 * hook is nothing.
 */
#ifdef BPF_INTERP_MEMCHECK
void bpf_interp_memcheck(const u64 *regs, const struct bpf_insn *insn,
			 u64 addr, u32 size, bool write);
#define INTERP_MEMCHECK(addr, size, write)				\
	bpf_interp_memcheck(regs, INTERP_ORIG(insn), addr, size, write)
#else
#define INTERP_MEMCHECK(addr, size, write) do { } while (0)
#endif

#endif /* _KERNEL_BPF_INTERP_H */
