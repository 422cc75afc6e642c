// SPDX-License-Identifier: GPL-2.0-only
/*
 * The eBPF interpreter.
 *
 * Dispatch is threaded: each handler ends by jumping straight to the handler
 * of the next instruction through a table indexed by opcode, so there is no
 * central switch and the branch predictor sees one indirect jump per
 * handler.  Opcodes the verifier never lets through land on a handler that
 * ends the program, so a malformed program cannot run wild.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>
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
static __always_inline u64 bpf_interp_call(const struct bpf_insn *insn,
					   const u64 *regs)
{
	bpf_helper_fn helper = (bpf_helper_fn)((void *)__bpf_call_base +
					       insn->imm);

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

static u64 bpf_interp_body(u64 *regs, const struct bpf_insn *insn)
{
	static const void * const jumptable[256] __annotate_jump_table = {
		[0 ... 255] = &&bad_insn,
		[BPF_ALU64 | BPF_ADD | BPF_X] = &&ALU64_ADD_X,
		[BPF_ALU64 | BPF_ADD | BPF_K] = &&ALU64_ADD_K,
		[BPF_ALU | BPF_ADD | BPF_X] = &&ALU_ADD_X,
		[BPF_ALU | BPF_ADD | BPF_K] = &&ALU_ADD_K,
		[BPF_ALU64 | BPF_SUB | BPF_X] = &&ALU64_SUB_X,
		[BPF_ALU64 | BPF_SUB | BPF_K] = &&ALU64_SUB_K,
		[BPF_ALU | BPF_SUB | BPF_X] = &&ALU_SUB_X,
		[BPF_ALU | BPF_SUB | BPF_K] = &&ALU_SUB_K,
		[BPF_ALU64 | BPF_MUL | BPF_X] = &&ALU64_MUL_X,
		[BPF_ALU64 | BPF_MUL | BPF_K] = &&ALU64_MUL_K,
		[BPF_ALU | BPF_MUL | BPF_X] = &&ALU_MUL_X,
		[BPF_ALU | BPF_MUL | BPF_K] = &&ALU_MUL_K,
		[BPF_ALU64 | BPF_OR | BPF_X] = &&ALU64_OR_X,
		[BPF_ALU64 | BPF_OR | BPF_K] = &&ALU64_OR_K,
		[BPF_ALU | BPF_OR | BPF_X] = &&ALU_OR_X,
		[BPF_ALU | BPF_OR | BPF_K] = &&ALU_OR_K,
		[BPF_ALU64 | BPF_AND | BPF_X] = &&ALU64_AND_X,
		[BPF_ALU64 | BPF_AND | BPF_K] = &&ALU64_AND_K,
		[BPF_ALU | BPF_AND | BPF_X] = &&ALU_AND_X,
		[BPF_ALU | BPF_AND | BPF_K] = &&ALU_AND_K,
		[BPF_ALU64 | BPF_XOR | BPF_X] = &&ALU64_XOR_X,
		[BPF_ALU64 | BPF_XOR | BPF_K] = &&ALU64_XOR_K,
		[BPF_ALU | BPF_XOR | BPF_X] = &&ALU_XOR_X,
		[BPF_ALU | BPF_XOR | BPF_K] = &&ALU_XOR_K,
		[BPF_ALU64 | BPF_LSH | BPF_X] = &&ALU64_LSH_X,
		[BPF_ALU | BPF_LSH | BPF_X] = &&ALU_LSH_X,
		[BPF_ALU64 | BPF_LSH | BPF_K] = &&ALU64_LSH_K,
		[BPF_ALU | BPF_LSH | BPF_K] = &&ALU_LSH_K,
		[BPF_ALU64 | BPF_RSH | BPF_X] = &&ALU64_RSH_X,
		[BPF_ALU | BPF_RSH | BPF_X] = &&ALU_RSH_X,
		[BPF_ALU64 | BPF_RSH | BPF_K] = &&ALU64_RSH_K,
		[BPF_ALU | BPF_RSH | BPF_K] = &&ALU_RSH_K,
		[BPF_ALU64 | BPF_ARSH | BPF_X] = &&ALU64_ARSH_X,
		[BPF_ALU | BPF_ARSH | BPF_X] = &&ALU_ARSH_X,
		[BPF_ALU64 | BPF_ARSH | BPF_K] = &&ALU64_ARSH_K,
		[BPF_ALU | BPF_ARSH | BPF_K] = &&ALU_ARSH_K,
		[BPF_ALU64 | BPF_MOV | BPF_X] = &&ALU64_MOV_X,
		[BPF_ALU64 | BPF_MOV | BPF_K] = &&ALU64_MOV_K,
		[BPF_ALU | BPF_MOV | BPF_X] = &&ALU_MOV_X,
		[BPF_ALU | BPF_MOV | BPF_K] = &&ALU_MOV_K,
		[BPF_ALU64 | BPF_NEG] = &&ALU64_NEG,
		[BPF_ALU | BPF_NEG] = &&ALU_NEG,
		[BPF_ALU64 | BPF_DIV | BPF_X] = &&ALU64_DIV_X,
		[BPF_ALU64 | BPF_DIV | BPF_K] = &&ALU64_DIV_K,
		[BPF_ALU | BPF_DIV | BPF_X] = &&ALU_DIV_X,
		[BPF_ALU | BPF_DIV | BPF_K] = &&ALU_DIV_K,
		[BPF_ALU64 | BPF_MOD | BPF_X] = &&ALU64_MOD_X,
		[BPF_ALU64 | BPF_MOD | BPF_K] = &&ALU64_MOD_K,
		[BPF_ALU | BPF_MOD | BPF_X] = &&ALU_MOD_X,
		[BPF_ALU | BPF_MOD | BPF_K] = &&ALU_MOD_K,
		[BPF_ALU | BPF_END | BPF_TO_LE] = &&ALU_END_TO_LE,
		[BPF_ALU | BPF_END | BPF_TO_BE] = &&ALU_END_TO_BE,
		[BPF_JMP | BPF_JEQ | BPF_X] = &&JMP_JEQ_X,
		[BPF_JMP | BPF_JEQ | BPF_K] = &&JMP_JEQ_K,
		[BPF_JMP32 | BPF_JEQ | BPF_X] = &&JMP32_JEQ_X,
		[BPF_JMP32 | BPF_JEQ | BPF_K] = &&JMP32_JEQ_K,
		[BPF_JMP | BPF_JNE | BPF_X] = &&JMP_JNE_X,
		[BPF_JMP | BPF_JNE | BPF_K] = &&JMP_JNE_K,
		[BPF_JMP32 | BPF_JNE | BPF_X] = &&JMP32_JNE_X,
		[BPF_JMP32 | BPF_JNE | BPF_K] = &&JMP32_JNE_K,
		[BPF_JMP | BPF_JGT | BPF_X] = &&JMP_JGT_X,
		[BPF_JMP | BPF_JGT | BPF_K] = &&JMP_JGT_K,
		[BPF_JMP32 | BPF_JGT | BPF_X] = &&JMP32_JGT_X,
		[BPF_JMP32 | BPF_JGT | BPF_K] = &&JMP32_JGT_K,
		[BPF_JMP | BPF_JGE | BPF_X] = &&JMP_JGE_X,
		[BPF_JMP | BPF_JGE | BPF_K] = &&JMP_JGE_K,
		[BPF_JMP32 | BPF_JGE | BPF_X] = &&JMP32_JGE_X,
		[BPF_JMP32 | BPF_JGE | BPF_K] = &&JMP32_JGE_K,
		[BPF_JMP | BPF_JLT | BPF_X] = &&JMP_JLT_X,
		[BPF_JMP | BPF_JLT | BPF_K] = &&JMP_JLT_K,
		[BPF_JMP32 | BPF_JLT | BPF_X] = &&JMP32_JLT_X,
		[BPF_JMP32 | BPF_JLT | BPF_K] = &&JMP32_JLT_K,
		[BPF_JMP | BPF_JLE | BPF_X] = &&JMP_JLE_X,
		[BPF_JMP | BPF_JLE | BPF_K] = &&JMP_JLE_K,
		[BPF_JMP32 | BPF_JLE | BPF_X] = &&JMP32_JLE_X,
		[BPF_JMP32 | BPF_JLE | BPF_K] = &&JMP32_JLE_K,
		[BPF_JMP | BPF_JSGT | BPF_X] = &&JMP_JSGT_X,
		[BPF_JMP | BPF_JSGT | BPF_K] = &&JMP_JSGT_K,
		[BPF_JMP32 | BPF_JSGT | BPF_X] = &&JMP32_JSGT_X,
		[BPF_JMP32 | BPF_JSGT | BPF_K] = &&JMP32_JSGT_K,
		[BPF_JMP | BPF_JSGE | BPF_X] = &&JMP_JSGE_X,
		[BPF_JMP | BPF_JSGE | BPF_K] = &&JMP_JSGE_K,
		[BPF_JMP32 | BPF_JSGE | BPF_X] = &&JMP32_JSGE_X,
		[BPF_JMP32 | BPF_JSGE | BPF_K] = &&JMP32_JSGE_K,
		[BPF_JMP | BPF_JSLT | BPF_X] = &&JMP_JSLT_X,
		[BPF_JMP | BPF_JSLT | BPF_K] = &&JMP_JSLT_K,
		[BPF_JMP32 | BPF_JSLT | BPF_X] = &&JMP32_JSLT_X,
		[BPF_JMP32 | BPF_JSLT | BPF_K] = &&JMP32_JSLT_K,
		[BPF_JMP | BPF_JSLE | BPF_X] = &&JMP_JSLE_X,
		[BPF_JMP | BPF_JSLE | BPF_K] = &&JMP_JSLE_K,
		[BPF_JMP32 | BPF_JSLE | BPF_X] = &&JMP32_JSLE_X,
		[BPF_JMP32 | BPF_JSLE | BPF_K] = &&JMP32_JSLE_K,
		[BPF_JMP | BPF_JSET | BPF_X] = &&JMP_JSET_X,
		[BPF_JMP | BPF_JSET | BPF_K] = &&JMP_JSET_K,
		[BPF_JMP32 | BPF_JSET | BPF_X] = &&JMP32_JSET_X,
		[BPF_JMP32 | BPF_JSET | BPF_K] = &&JMP32_JSET_K,
		[BPF_JMP | BPF_JA] = &&JMP_JA,
		[BPF_JMP | BPF_CALL] = &&JMP_CALL,
		[BPF_JMP | BPF_EXIT] = &&JMP_EXIT,
		[BPF_LDX | BPF_MEM | BPF_B] = &&LDX_MEM_B,
		[BPF_STX | BPF_MEM | BPF_B] = &&STX_MEM_B,
		[BPF_ST | BPF_MEM | BPF_B] = &&ST_MEM_B,
		[BPF_LDX | BPF_MEM | BPF_H] = &&LDX_MEM_H,
		[BPF_STX | BPF_MEM | BPF_H] = &&STX_MEM_H,
		[BPF_ST | BPF_MEM | BPF_H] = &&ST_MEM_H,
		[BPF_LDX | BPF_MEM | BPF_W] = &&LDX_MEM_W,
		[BPF_STX | BPF_MEM | BPF_W] = &&STX_MEM_W,
		[BPF_ST | BPF_MEM | BPF_W] = &&ST_MEM_W,
		[BPF_LDX | BPF_MEM | BPF_DW] = &&LDX_MEM_DW,
		[BPF_STX | BPF_MEM | BPF_DW] = &&STX_MEM_DW,
		[BPF_ST | BPF_MEM | BPF_DW] = &&ST_MEM_DW,
		[BPF_STX | BPF_ATOMIC | BPF_W] = &&STX_ATOMIC_W,
		[BPF_STX | BPF_ATOMIC | BPF_DW] = &&STX_ATOMIC_DW,
		[BPF_LD | BPF_IMM | BPF_DW] = &&LD_IMM_DW,
		[BPF_LD | BPF_ABS | BPF_B] = &&LD_ABS_B,
		[BPF_LD | BPF_ABS | BPF_H] = &&LD_ABS_H,
		[BPF_LD | BPF_ABS | BPF_W] = &&LD_ABS_W,
		[BPF_LD | BPF_IND | BPF_B] = &&LD_IND_B,
		[BPF_LD | BPF_IND | BPF_H] = &&LD_IND_H,
		[BPF_LD | BPF_IND | BPF_W] = &&LD_IND_W,
	};

	goto *jumptable[insn->code];

ALU64_ADD_X:
	DST = DST + SRC;
	insn++;
	goto *jumptable[insn->code];

ALU64_ADD_K:
	DST = DST + (s64)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU_ADD_X:
	DST = (u32)DST + (u32)SRC;
	insn++;
	goto *jumptable[insn->code];

ALU_ADD_K:
	DST = (u32)DST + (u32)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU64_SUB_X:
	DST = DST - SRC;
	insn++;
	goto *jumptable[insn->code];

ALU64_SUB_K:
	DST = DST - (s64)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU_SUB_X:
	DST = (u32)DST - (u32)SRC;
	insn++;
	goto *jumptable[insn->code];

ALU_SUB_K:
	DST = (u32)DST - (u32)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU64_MUL_X:
	DST = DST * SRC;
	insn++;
	goto *jumptable[insn->code];

ALU64_MUL_K:
	DST = DST * (s64)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU_MUL_X:
	DST = (u32)DST * (u32)SRC;
	insn++;
	goto *jumptable[insn->code];

ALU_MUL_K:
	DST = (u32)DST * (u32)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU64_OR_X:
	DST = DST | SRC;
	insn++;
	goto *jumptable[insn->code];

ALU64_OR_K:
	DST = DST | (s64)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU_OR_X:
	DST = (u32)DST | (u32)SRC;
	insn++;
	goto *jumptable[insn->code];

ALU_OR_K:
	DST = (u32)DST | (u32)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU64_AND_X:
	DST = DST & SRC;
	insn++;
	goto *jumptable[insn->code];

ALU64_AND_K:
	DST = DST & (s64)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU_AND_X:
	DST = (u32)DST & (u32)SRC;
	insn++;
	goto *jumptable[insn->code];

ALU_AND_K:
	DST = (u32)DST & (u32)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU64_XOR_X:
	DST = DST ^ SRC;
	insn++;
	goto *jumptable[insn->code];

ALU64_XOR_K:
	DST = DST ^ (s64)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU_XOR_X:
	DST = (u32)DST ^ (u32)SRC;
	insn++;
	goto *jumptable[insn->code];

ALU_XOR_K:
	DST = (u32)DST ^ (u32)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU64_LSH_X:
	DST = DST << (SRC & 63);
	insn++;
	goto *jumptable[insn->code];

ALU_LSH_X:
	DST = (u32)DST << (SRC & 31);
	insn++;
	goto *jumptable[insn->code];

ALU64_LSH_K:
	DST = DST << (IMM & 63);
	insn++;
	goto *jumptable[insn->code];

ALU_LSH_K:
	DST = (u32)DST << (IMM & 31);
	insn++;
	goto *jumptable[insn->code];

ALU64_RSH_X:
	DST = DST >> (SRC & 63);
	insn++;
	goto *jumptable[insn->code];

ALU_RSH_X:
	DST = (u32)DST >> (SRC & 31);
	insn++;
	goto *jumptable[insn->code];

ALU64_RSH_K:
	DST = DST >> (IMM & 63);
	insn++;
	goto *jumptable[insn->code];

ALU_RSH_K:
	DST = (u32)DST >> (IMM & 31);
	insn++;
	goto *jumptable[insn->code];

ALU64_ARSH_X:
	DST = (s64)DST >> (SRC & 63);
	insn++;
	goto *jumptable[insn->code];

ALU_ARSH_X:
	DST = (u32)((s32)DST >> (SRC & 31));
	insn++;
	goto *jumptable[insn->code];

ALU64_ARSH_K:
	DST = (s64)DST >> (IMM & 63);
	insn++;
	goto *jumptable[insn->code];

ALU_ARSH_K:
	DST = (u32)((s32)DST >> (IMM & 31));
	insn++;
	goto *jumptable[insn->code];

ALU64_MOV_X:
	DST = SRC;
	insn++;
	goto *jumptable[insn->code];

ALU64_MOV_K:
	DST = (s64)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU_MOV_X:
	DST = (u32)SRC;
	insn++;
	goto *jumptable[insn->code];

ALU_MOV_K:
	DST = (u32)IMM;
	insn++;
	goto *jumptable[insn->code];

ALU64_NEG:
	DST = -DST;
	insn++;
	goto *jumptable[insn->code];

ALU_NEG:
	DST = (u32)-(u32)DST;
	insn++;
	goto *jumptable[insn->code];

ALU64_DIV_X:
	DST = SRC ? div64_u64(DST, SRC) : 0;
	insn++;
	goto *jumptable[insn->code];

ALU64_DIV_K:
	DST = IMM ? div64_u64(DST, (s64)IMM) : 0;
	insn++;
	goto *jumptable[insn->code];

ALU_DIV_X:
	DST = (u32)SRC ? (u32)DST / (u32)SRC : 0;
	insn++;
	goto *jumptable[insn->code];

ALU_DIV_K:
	DST = IMM ? (u32)DST / (u32)IMM : 0;
	insn++;
	goto *jumptable[insn->code];

ALU64_MOD_X:
	if (SRC)
		div64_u64_rem(DST, SRC, &DST);
	insn++;
	goto *jumptable[insn->code];

ALU64_MOD_K:
	if (IMM)
		div64_u64_rem(DST, (s64)IMM, &DST);
	insn++;
	goto *jumptable[insn->code];

ALU_MOD_X:
	DST = (u32)SRC ? (u32)DST % (u32)SRC : (u32)DST;
	insn++;
	goto *jumptable[insn->code];

ALU_MOD_K:
	DST = IMM ? (u32)DST % (u32)IMM : (u32)DST;
	insn++;
	goto *jumptable[insn->code];

ALU_END_TO_LE:
	DST = bpf_to_le(DST, IMM);
	insn++;
	goto *jumptable[insn->code];

ALU_END_TO_BE:
	DST = bpf_to_be(DST, IMM);
	insn++;
	goto *jumptable[insn->code];

JMP_JEQ_X:
	if ((u64)DST == (u64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JEQ_K:
	if ((u64)DST == (u64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JEQ_X:
	if ((u32)DST == (u32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JEQ_K:
	if ((u32)DST == (u32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JNE_X:
	if ((u64)DST != (u64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JNE_K:
	if ((u64)DST != (u64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JNE_X:
	if ((u32)DST != (u32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JNE_K:
	if ((u32)DST != (u32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JGT_X:
	if ((u64)DST > (u64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JGT_K:
	if ((u64)DST > (u64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JGT_X:
	if ((u32)DST > (u32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JGT_K:
	if ((u32)DST > (u32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JGE_X:
	if ((u64)DST >= (u64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JGE_K:
	if ((u64)DST >= (u64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JGE_X:
	if ((u32)DST >= (u32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JGE_K:
	if ((u32)DST >= (u32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JLT_X:
	if ((u64)DST < (u64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JLT_K:
	if ((u64)DST < (u64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JLT_X:
	if ((u32)DST < (u32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JLT_K:
	if ((u32)DST < (u32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JLE_X:
	if ((u64)DST <= (u64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JLE_K:
	if ((u64)DST <= (u64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JLE_X:
	if ((u32)DST <= (u32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JLE_K:
	if ((u32)DST <= (u32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSGT_X:
	if ((s64)DST > (s64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSGT_K:
	if ((s64)DST > (s64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSGT_X:
	if ((s32)DST > (s32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSGT_K:
	if ((s32)DST > (s32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSGE_X:
	if ((s64)DST >= (s64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSGE_K:
	if ((s64)DST >= (s64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSGE_X:
	if ((s32)DST >= (s32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSGE_K:
	if ((s32)DST >= (s32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSLT_X:
	if ((s64)DST < (s64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSLT_K:
	if ((s64)DST < (s64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSLT_X:
	if ((s32)DST < (s32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSLT_K:
	if ((s32)DST < (s32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSLE_X:
	if ((s64)DST <= (s64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSLE_K:
	if ((s64)DST <= (s64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSLE_X:
	if ((s32)DST <= (s32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSLE_K:
	if ((s32)DST <= (s32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSET_X:
	if ((u64)DST & (u64)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JSET_K:
	if ((u64)DST & (u64)(s64)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSET_X:
	if ((u32)DST & (u32)SRC)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP32_JSET_K:
	if ((u32)DST & (u32)IMM)
		insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_JA:
	insn += OFF;
	insn++;
	goto *jumptable[insn->code];

JMP_CALL:
	R0 = bpf_interp_call(insn, regs);
	insn++;
	goto *jumptable[insn->code];

JMP_EXIT:
	return R0;

LDX_MEM_B:
	INTERP_MEMCHECK(SRC + OFF, 1, false);
	DST = *(u8 *)(unsigned long)(SRC + OFF);
	insn++;
	goto *jumptable[insn->code];

STX_MEM_B:
	INTERP_MEMCHECK(DST + OFF, 1, true);
	*(u8 *)(unsigned long)(DST + OFF) = SRC;
	insn++;
	goto *jumptable[insn->code];

ST_MEM_B:
	INTERP_MEMCHECK(DST + OFF, 1, true);
	*(u8 *)(unsigned long)(DST + OFF) = IMM;
	insn++;
	goto *jumptable[insn->code];

LDX_MEM_H:
	INTERP_MEMCHECK(SRC + OFF, 2, false);
	DST = *(u16 *)(unsigned long)(SRC + OFF);
	insn++;
	goto *jumptable[insn->code];

STX_MEM_H:
	INTERP_MEMCHECK(DST + OFF, 2, true);
	*(u16 *)(unsigned long)(DST + OFF) = SRC;
	insn++;
	goto *jumptable[insn->code];

ST_MEM_H:
	INTERP_MEMCHECK(DST + OFF, 2, true);
	*(u16 *)(unsigned long)(DST + OFF) = IMM;
	insn++;
	goto *jumptable[insn->code];

LDX_MEM_W:
	INTERP_MEMCHECK(SRC + OFF, 4, false);
	DST = *(u32 *)(unsigned long)(SRC + OFF);
	insn++;
	goto *jumptable[insn->code];

STX_MEM_W:
	INTERP_MEMCHECK(DST + OFF, 4, true);
	*(u32 *)(unsigned long)(DST + OFF) = SRC;
	insn++;
	goto *jumptable[insn->code];

ST_MEM_W:
	INTERP_MEMCHECK(DST + OFF, 4, true);
	*(u32 *)(unsigned long)(DST + OFF) = IMM;
	insn++;
	goto *jumptable[insn->code];

LDX_MEM_DW:
	INTERP_MEMCHECK(SRC + OFF, 8, false);
	DST = *(u64 *)(unsigned long)(SRC + OFF);
	insn++;
	goto *jumptable[insn->code];

STX_MEM_DW:
	INTERP_MEMCHECK(DST + OFF, 8, true);
	*(u64 *)(unsigned long)(DST + OFF) = SRC;
	insn++;
	goto *jumptable[insn->code];

ST_MEM_DW:
	INTERP_MEMCHECK(DST + OFF, 8, true);
	*(u64 *)(unsigned long)(DST + OFF) = IMM;
	insn++;
	goto *jumptable[insn->code];

STX_ATOMIC_W:
	if (unlikely(IMM != BPF_ADD))
		goto bad_insn;
	INTERP_MEMCHECK(DST + OFF, 4, false);
	INTERP_MEMCHECK(DST + OFF, 4, true);
	atomic_add((u32)SRC, (atomic_t *)(unsigned long)(DST + OFF));
	insn++;
	goto *jumptable[insn->code];

STX_ATOMIC_DW:
	if (unlikely(IMM != BPF_ADD))
		goto bad_insn;
	INTERP_MEMCHECK(DST + OFF, 8, false);
	INTERP_MEMCHECK(DST + OFF, 8, true);
	atomic64_add((u64)SRC, (atomic64_t *)(unsigned long)(DST + OFF));
	insn++;
	goto *jumptable[insn->code];

LD_IMM_DW:
	DST = (u64)(u32)insn[0].imm | ((u64)(u32)insn[1].imm) << 32;
	insn++;
	insn++;
	goto *jumptable[insn->code];

LD_ABS_B:
	if (unlikely(!bpf_interp_ld_pkt(regs, IMM, 1)))
		return 0;
	insn++;
	goto *jumptable[insn->code];

LD_ABS_H:
	if (unlikely(!bpf_interp_ld_pkt(regs, IMM, 2)))
		return 0;
	insn++;
	goto *jumptable[insn->code];

LD_ABS_W:
	if (unlikely(!bpf_interp_ld_pkt(regs, IMM, 4)))
		return 0;
	insn++;
	goto *jumptable[insn->code];

LD_IND_B:
	if (unlikely(!bpf_interp_ld_pkt(regs, IND_OFF, 1)))
		return 0;
	insn++;
	goto *jumptable[insn->code];

LD_IND_H:
	if (unlikely(!bpf_interp_ld_pkt(regs, IND_OFF, 2)))
		return 0;
	insn++;
	goto *jumptable[insn->code];

LD_IND_W:
	if (unlikely(!bpf_interp_ld_pkt(regs, IND_OFF, 4)))
		return 0;
	insn++;
	goto *jumptable[insn->code];
bad_insn:
	/* the verifier rejects these; a loaded program never gets here */
	bpf_interp_bad_insn(insn);
	return 0;
}

unsigned int bpf_interp_run(const void *ctx, const struct bpf_insn *insn)
{
	u64 stack[MAX_BPF_STACK / sizeof(u64)];
	u64 regs[MAX_BPF_EXT_REG];

	FP = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	R1 = (u64)(unsigned long)ctx;
	return bpf_interp_body(regs, insn);
}
