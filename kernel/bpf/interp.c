// SPDX-License-Identifier: GPL-2.0-only
/*
 * The eBPF interpreter.
 *
 * Dispatch is threaded: each handler ends by jumping straight to the handler
 * of the next instruction, so there is no central switch and the branch
 * predictor sees one indirect jump per handler.  A program is run in one of
 * two forms, by the same handlers (interp_body.h):
 *
 *  - decoded, as the kernel runs every program it does not JIT:
 *    bpf_prog_select_runtime() has bpf_interp_decode() turn it once into
 *    entries holding each instruction's handler address and its operands as
 *    whole bytes, so that no instruction is decoded while the program runs;
 *  - as loaded, through bpf_interp_run(): each handler looks the next one up
 *    in a table indexed by opcode and unpacks the register nibbles itself.
 *    It runs whatever the decoder leaves alone (nothing the verifier
 *    passes), and programs that did not go through bpf_prog_select_runtime().
 *
 * Opcodes the verifier never lets through land on a handler that ends the
 * program, so a malformed program cannot run wild.
 */
#include <linux/bpf.h>
#include <linux/errno.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/objtool.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <asm/unaligned.h>

#include "interp.h"

#define R0	regs[BPF_REG_0]
#define R1	regs[BPF_REG_1]
#define R2	regs[BPF_REG_2]
#define R3	regs[BPF_REG_3]
#define R4	regs[BPF_REG_4]
#define R5	regs[BPF_REG_5]
#define R6	regs[BPF_REG_6]
#define FP	regs[BPF_REG_10]
#define DST	regs[insn->dst_reg]
#define SRC	regs[insn->src_reg]
#define IMM	insn->imm
#define OFF	insn->off
/* LD_IND offset: imm + (s32)src, wrapping as the kernel (no UB on overflow) */
#define IND_OFF	((s32)((u32)IMM + (u32)SRC))

typedef u64 (*bpf_helper_fn)(u64, u64, u64, u64, u64);

static __always_inline u64 bpf_to_le(u64 val, s32 bits)
{
	switch (bits) {
	case 16:
		return (__force u16)cpu_to_le16(val);
	case 32:
		return (__force u32)cpu_to_le32(val);
	default:
		return (__force u64)cpu_to_le64(val);
	}
}

static __always_inline u64 bpf_to_be(u64 val, s32 bits)
{
	switch (bits) {
	case 16:
		return (__force u16)cpu_to_be16(val);
	case 32:
		return (__force u32)cpu_to_be32(val);
	default:
		return (__force u64)cpu_to_be64(val);
	}
}

/* Helpers are reached at __bpf_call_base + imm, as the JIT calls them. */
static __always_inline u64 bpf_interp_call(s32 imm, const u64 *regs)
{
	bpf_helper_fn helper = (bpf_helper_fn)((void *)__bpf_call_base + imm);

	return helper(R1, R2, R3, R4, R5);
}

/*
 * LD_ABS/LD_IND of socket filters: R6 holds the sk_buff and the data is in
 * network order.  A load outside the packet ends the program with 0, which
 * the caller does when this returns false.
 */
static __always_inline bool bpf_interp_ld_pkt(u64 *regs, s32 off,
					      unsigned int size)
{
	const void *ptr;
	u32 buf;

	ptr = bpf_ld_abs_pointer((const void *)(unsigned long)R6, off, size,
				 &buf);
	if (unlikely(!ptr))
		return false;
	if (size == 4)
		R0 = get_unaligned_be32(ptr);
	else if (size == 2)
		R0 = get_unaligned_be16(ptr);
	else
		R0 = *(const u8 *)ptr;
	return true;
}

/* Programs as loaded: each handler looks its successor up by opcode. */
#define INTERP_BODY		bpf_interp_body
#define INTERP_INSN		struct bpf_insn
#define INTERP_NEXT(insn)	(jumptable[(insn)->code])
#define INTERP_BAD(insn)	bpf_interp_bad_insn(insn)
#define INTERP_ORIG(insn)	(insn)
#include "interp_body.h"
#undef INTERP_BODY
#undef INTERP_INSN
#undef INTERP_NEXT
#undef INTERP_BAD
#undef INTERP_ORIG

/*
 * Decoded programs: each entry holds its handler's address.  The decoder
 * rejects every instruction that would reach bad_insn, so only the entry
 * past the end and the second half of a 64-bit immediate load get there,
 * neither of which a verified program runs.
 */
#define INTERP_BODY		bpf_interp_decoded_body
#define INTERP_INSN		struct bpf_interp_insn
#define INTERP_NEXT(insn)	((insn)->code)
#define INTERP_BAD(insn)	do { } while (0)
#define INTERP_ORIG(insn)	((insn)->orig)
#include "interp_body.h"
#undef INTERP_BODY
#undef INTERP_INSN
#undef INTERP_NEXT
#undef INTERP_BAD
#undef INTERP_ORIG

/*
 * objtool cannot tell where a jump to a handler address read from the
 * program goes (it follows only jumps through the annotated opcode
 * table), so it leaves this function's stack frame alone, as it once did
 * for the whole interpreter: unwinding stops here.
 */
STACK_FRAME_NON_STANDARD(bpf_interp_decoded_body);

/*
 * The registers and the stack live in the caller's frame, the handlers
 * reaching them through one pointer.
 */
unsigned int bpf_interp_run(const void *ctx, const struct bpf_insn *insn)
{
	u64 stack[MAX_BPF_STACK / sizeof(u64)];
	u64 regs[MAX_BPF_EXT_REG];

	FP = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	R1 = (u64)(unsigned long)ctx;
	return bpf_interp_body(regs, insn, NULL);
}

unsigned int bpf_interp_run_decoded(const void *ctx,
				    const struct bpf_interp_insn *insn)
{
	u64 stack[MAX_BPF_STACK / sizeof(u64)];
	u64 regs[MAX_BPF_EXT_REG];

	FP = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	R1 = (u64)(unsigned long)ctx;
	return bpf_interp_decoded_body(regs, insn, NULL);
}

/* Whether the jump at @pc lands inside a program of @len instructions. */
static bool bpf_interp_jump_ok(u32 pc, s16 off, u32 len)
{
	s64 target = (s64)pc + 1 + off;

	return target >= 0 && target <= len;
}

int bpf_interp_decode(struct bpf_interp_insn *out,
		      const struct bpf_insn *insn, u32 len)
{
	const void * const *table;
	const void *bad;
	u32 i;

	bpf_interp_decoded_body(NULL, NULL, &table);
	bad = table[256];
	memset(out, 0, bpf_interp_decoded_size(len));
	for (i = 0; i < len; i++) {
		const struct bpf_insn *in = &insn[i];
		struct bpf_interp_insn *op = &out[i];
		u8 code = in->code;

		op->code = table[code];
		if (op->code == bad)
			return -EINVAL;
		op->dst_reg = in->dst_reg;
		op->src_reg = in->src_reg;
		op->off = in->off;
		op->imm = in->imm;
#ifdef BPF_INTERP_MEMCHECK
		op->orig = in;
#endif
		switch (BPF_CLASS(code)) {
		case BPF_JMP:
		case BPF_JMP32:
			if (BPF_OP(code) != BPF_CALL && BPF_OP(code) != BPF_EXIT &&
			    !bpf_interp_jump_ok(i, in->off, len))
				return -EINVAL;
			break;
		case BPF_STX:
			/* only atomic add has a handler that goes on */
			if (BPF_MODE(code) == BPF_ATOMIC && in->imm != BPF_ADD)
				return -EINVAL;
			break;
		case BPF_LD:
			if (code != (BPF_LD | BPF_IMM | BPF_DW))
				break;
			/* the second half holds the upper 32 bits only */
			if (i + 1 >= len)
				return -EINVAL;
			op[1].code = bad;
			op[1].imm = in[1].imm;
#ifdef BPF_INTERP_MEMCHECK
			op[1].orig = &in[1];
#endif
			i++;
			break;
		}
	}
	/* past the last instruction: ends the program */
	out[len].code = bad;
	return 0;
}
