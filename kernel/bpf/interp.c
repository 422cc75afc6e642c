// SPDX-License-Identifier: GPL-2.0-only
/*
 * The eBPF interpreter.
 *
 * Programs run from slots made once at load: one per instruction, holding
 * the number of its handler and its operands already taken apart, so each
 * handler ends by jumping straight to the next slot's handler through one
 * table (which objtool can follow).  There is no central switch, no
 * decoding while running, and the branch predictor sees one indirect jump
 * per handler.
 *
 * Dispatch, not the operation, is most of what a simple instruction
 * costs, so two ALU64 instructions in a row on the same destination
 * register share one slot's handler (a superinstruction): the value stays
 * in a machine register between them and there is one dispatch for both.
 * The second instruction keeps its own slot, so a jump into it still runs
 * it alone.
 *
 * Opcodes the verifier never lets through land on a handler that ends the
 * program, so a malformed program cannot run wild.
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
#define DST	regs[ip->dst]
#define SRC	regs[ip->src]
#define IMM	ip->imm
#define OFF	ip->off
/* LD_IND offset: imm + (s32)src, wrapping as the kernel (no UB on overflow) */
#define IND_OFF	((s32)((u32)IMM + (u32)SRC))

/*
 * interp_pairs.h, which gen_interp_pairs writes: the superinstructions and
 * what bpf_interp_prepare() needs to pick them.
 */
#include "interp_pairs.h"

/*
 * Handler numbers: an opcode's own is the opcode, unknown ones included;
 * then come the pairs, and one more for what the opcode alone does not
 * tell is unsupported.
 */
#define INTERP_PAIR(a, b)	(256 + (a) * NR_ALU64_PAIR_OPS + (b))
#define INTERP_BAD		INTERP_PAIR(NR_ALU64_PAIR_OPS, 0)
#define INTERP_HANDLERS		(INTERP_BAD + 1)

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

/* Runs the slots from @ip with the registers @regs. */
static u64 bpf_interp_body(u64 *regs, const struct bpf_interp_slot *ip)
{
	static const void * const jumptable[INTERP_HANDLERS]
		__annotate_jump_table = {
		[0 ... INTERP_HANDLERS - 1] = &&bad_insn,
[BPF_ALU64 | BPF_ADD | BPF_X] = &&ALU64_ADD_X,
		[BPF_ALU64 | BPF_ADD | BPF_K] = &&ALU64_ADD_K,
		[BPF_ALU64 | BPF_SUB | BPF_X] = &&ALU64_SUB_X,
		[BPF_ALU64 | BPF_SUB | BPF_K] = &&ALU64_SUB_K,
		[BPF_ALU64 | BPF_MUL | BPF_X] = &&ALU64_MUL_X,
		[BPF_ALU64 | BPF_MUL | BPF_K] = &&ALU64_MUL_K,
		[BPF_ALU64 | BPF_OR | BPF_X] = &&ALU64_OR_X,
		[BPF_ALU64 | BPF_OR | BPF_K] = &&ALU64_OR_K,
		[BPF_ALU64 | BPF_AND | BPF_X] = &&ALU64_AND_X,
		[BPF_ALU64 | BPF_AND | BPF_K] = &&ALU64_AND_K,
		[BPF_ALU64 | BPF_XOR | BPF_X] = &&ALU64_XOR_X,
		[BPF_ALU64 | BPF_XOR | BPF_K] = &&ALU64_XOR_K,
		[BPF_ALU64 | BPF_LSH | BPF_X] = &&ALU64_LSH_X,
		[BPF_ALU64 | BPF_LSH | BPF_K] = &&ALU64_LSH_K,
		[BPF_ALU64 | BPF_RSH | BPF_X] = &&ALU64_RSH_X,
		[BPF_ALU64 | BPF_RSH | BPF_K] = &&ALU64_RSH_K,
		[BPF_ALU64 | BPF_ARSH | BPF_X] = &&ALU64_ARSH_X,
		[BPF_ALU64 | BPF_ARSH | BPF_K] = &&ALU64_ARSH_K,
		[BPF_ALU64 | BPF_MOV | BPF_X] = &&ALU64_MOV_X,
		[BPF_ALU64 | BPF_MOV | BPF_K] = &&ALU64_MOV_K,
		[BPF_ALU | BPF_ADD | BPF_X] = &&ALU_ADD_X,
		[BPF_ALU | BPF_ADD | BPF_K] = &&ALU_ADD_K,
		[BPF_ALU | BPF_SUB | BPF_X] = &&ALU_SUB_X,
		[BPF_ALU | BPF_SUB | BPF_K] = &&ALU_SUB_K,
		[BPF_ALU | BPF_MUL | BPF_X] = &&ALU_MUL_X,
		[BPF_ALU | BPF_MUL | BPF_K] = &&ALU_MUL_K,
		[BPF_ALU | BPF_OR | BPF_X] = &&ALU_OR_X,
		[BPF_ALU | BPF_OR | BPF_K] = &&ALU_OR_K,
		[BPF_ALU | BPF_AND | BPF_X] = &&ALU_AND_X,
		[BPF_ALU | BPF_AND | BPF_K] = &&ALU_AND_K,
		[BPF_ALU | BPF_XOR | BPF_X] = &&ALU_XOR_X,
		[BPF_ALU | BPF_XOR | BPF_K] = &&ALU_XOR_K,
		[BPF_ALU | BPF_LSH | BPF_X] = &&ALU_LSH_X,
		[BPF_ALU | BPF_LSH | BPF_K] = &&ALU_LSH_K,
		[BPF_ALU | BPF_RSH | BPF_X] = &&ALU_RSH_X,
		[BPF_ALU | BPF_RSH | BPF_K] = &&ALU_RSH_K,
		[BPF_ALU | BPF_ARSH | BPF_X] = &&ALU_ARSH_X,
		[BPF_ALU | BPF_ARSH | BPF_K] = &&ALU_ARSH_K,
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
#define INTERP_PAIR_TABLE
#include "interp_pairs.h"
#undef INTERP_PAIR_TABLE
	};

	/*
	 * The last superinstruction's result: the next one starts from it
	 * rather than from memory when it is on the same register and
	 * nothing else can reach it (its off set), so a chain of operations
	 * on one register waits on no load.
	 */
	u64 acc = 0;

	goto *jumptable[ip->handler];

ALU64_ADD_X:
	DST = DST + SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU64_ADD_K:
	DST = DST + (s64)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU64_SUB_X:
	DST = DST - SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU64_SUB_K:
	DST = DST - (s64)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU64_MUL_X:
	DST = DST * SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU64_MUL_K:
	DST = DST * (s64)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU64_OR_X:
	DST = DST | SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU64_OR_K:
	DST = DST | (s64)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU64_AND_X:
	DST = DST & SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU64_AND_K:
	DST = DST & (s64)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU64_XOR_X:
	DST = DST ^ SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU64_XOR_K:
	DST = DST ^ (s64)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU64_LSH_X:
	DST = DST << (SRC & 63);
	ip++;
	goto *jumptable[ip->handler];

ALU64_LSH_K:
	DST = DST << (IMM & 63);
	ip++;
	goto *jumptable[ip->handler];

ALU64_RSH_X:
	DST = DST >> (SRC & 63);
	ip++;
	goto *jumptable[ip->handler];

ALU64_RSH_K:
	DST = DST >> (IMM & 63);
	ip++;
	goto *jumptable[ip->handler];

ALU64_ARSH_X:
	DST = (s64)DST >> (SRC & 63);
	ip++;
	goto *jumptable[ip->handler];

ALU64_ARSH_K:
	DST = (s64)DST >> (IMM & 63);
	ip++;
	goto *jumptable[ip->handler];

ALU64_MOV_X:
	DST = SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU64_MOV_K:
	DST = (s64)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU_ADD_X:
	DST = (u32)DST + (u32)SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU_ADD_K:
	DST = (u32)DST + (u32)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU_SUB_X:
	DST = (u32)DST - (u32)SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU_SUB_K:
	DST = (u32)DST - (u32)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU_MUL_X:
	DST = (u32)DST * (u32)SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU_MUL_K:
	DST = (u32)DST * (u32)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU_OR_X:
	DST = (u32)DST | (u32)SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU_OR_K:
	DST = (u32)DST | (u32)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU_AND_X:
	DST = (u32)DST & (u32)SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU_AND_K:
	DST = (u32)DST & (u32)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU_XOR_X:
	DST = (u32)DST ^ (u32)SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU_XOR_K:
	DST = (u32)DST ^ (u32)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU_LSH_X:
	DST = (u32)DST << (SRC & 31);
	ip++;
	goto *jumptable[ip->handler];

ALU_LSH_K:
	DST = (u32)DST << (IMM & 31);
	ip++;
	goto *jumptable[ip->handler];

ALU_RSH_X:
	DST = (u32)DST >> (SRC & 31);
	ip++;
	goto *jumptable[ip->handler];

ALU_RSH_K:
	DST = (u32)DST >> (IMM & 31);
	ip++;
	goto *jumptable[ip->handler];

ALU_ARSH_X:
	DST = (u32)((s32)DST >> (SRC & 31));
	ip++;
	goto *jumptable[ip->handler];

ALU_ARSH_K:
	DST = (u32)((s32)DST >> (IMM & 31));
	ip++;
	goto *jumptable[ip->handler];

ALU_MOV_X:
	DST = (u32)SRC;
	ip++;
	goto *jumptable[ip->handler];

ALU_MOV_K:
	DST = (u32)IMM;
	ip++;
	goto *jumptable[ip->handler];

ALU64_NEG:
	DST = -DST;
	ip++;
	goto *jumptable[ip->handler];

ALU_NEG:
	DST = (u32)-(u32)DST;
	ip++;
	goto *jumptable[ip->handler];

ALU64_DIV_X:
	DST = SRC ? div64_u64(DST, SRC) : 0;
	ip++;
	goto *jumptable[ip->handler];

ALU64_DIV_K:
	DST = IMM ? div64_u64(DST, (s64)IMM) : 0;
	ip++;
	goto *jumptable[ip->handler];

ALU_DIV_X:
	DST = (u32)SRC ? (u32)DST / (u32)SRC : 0;
	ip++;
	goto *jumptable[ip->handler];

ALU_DIV_K:
	DST = IMM ? (u32)DST / (u32)IMM : 0;
	ip++;
	goto *jumptable[ip->handler];

ALU64_MOD_X:
	if (SRC)
		div64_u64_rem(DST, SRC, &DST);
	ip++;
	goto *jumptable[ip->handler];

ALU64_MOD_K:
	if (IMM)
		div64_u64_rem(DST, (s64)IMM, &DST);
	ip++;
	goto *jumptable[ip->handler];

ALU_MOD_X:
	DST = (u32)SRC ? (u32)DST % (u32)SRC : (u32)DST;
	ip++;
	goto *jumptable[ip->handler];

ALU_MOD_K:
	DST = IMM ? (u32)DST % (u32)IMM : (u32)DST;
	ip++;
	goto *jumptable[ip->handler];

ALU_END_TO_LE:
	DST = bpf_to_le(DST, IMM);
	ip++;
	goto *jumptable[ip->handler];

ALU_END_TO_BE:
	DST = bpf_to_be(DST, IMM);
	ip++;
	goto *jumptable[ip->handler];

JMP_JEQ_X:
	if ((u64)DST == (u64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JEQ_K:
	if ((u64)DST == (u64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JEQ_X:
	if ((u32)DST == (u32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JEQ_K:
	if ((u32)DST == (u32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JNE_X:
	if ((u64)DST != (u64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JNE_K:
	if ((u64)DST != (u64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JNE_X:
	if ((u32)DST != (u32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JNE_K:
	if ((u32)DST != (u32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JGT_X:
	if ((u64)DST > (u64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JGT_K:
	if ((u64)DST > (u64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JGT_X:
	if ((u32)DST > (u32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JGT_K:
	if ((u32)DST > (u32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JGE_X:
	if ((u64)DST >= (u64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JGE_K:
	if ((u64)DST >= (u64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JGE_X:
	if ((u32)DST >= (u32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JGE_K:
	if ((u32)DST >= (u32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JLT_X:
	if ((u64)DST < (u64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JLT_K:
	if ((u64)DST < (u64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JLT_X:
	if ((u32)DST < (u32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JLT_K:
	if ((u32)DST < (u32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JLE_X:
	if ((u64)DST <= (u64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JLE_K:
	if ((u64)DST <= (u64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JLE_X:
	if ((u32)DST <= (u32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JLE_K:
	if ((u32)DST <= (u32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSGT_X:
	if ((s64)DST > (s64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSGT_K:
	if ((s64)DST > (s64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSGT_X:
	if ((s32)DST > (s32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSGT_K:
	if ((s32)DST > (s32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSGE_X:
	if ((s64)DST >= (s64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSGE_K:
	if ((s64)DST >= (s64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSGE_X:
	if ((s32)DST >= (s32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSGE_K:
	if ((s32)DST >= (s32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSLT_X:
	if ((s64)DST < (s64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSLT_K:
	if ((s64)DST < (s64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSLT_X:
	if ((s32)DST < (s32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSLT_K:
	if ((s32)DST < (s32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSLE_X:
	if ((s64)DST <= (s64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSLE_K:
	if ((s64)DST <= (s64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSLE_X:
	if ((s32)DST <= (s32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSLE_K:
	if ((s32)DST <= (s32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSET_X:
	if ((u64)DST & (u64)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JSET_K:
	if ((u64)DST & (u64)(s64)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSET_X:
	if ((u32)DST & (u32)SRC)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP32_JSET_K:
	if ((u32)DST & (u32)IMM)
		ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_JA:
	ip += OFF;
	ip++;
	goto *jumptable[ip->handler];

JMP_CALL:
	R0 = bpf_interp_call(IMM, regs);
	ip++;
	goto *jumptable[ip->handler];

JMP_EXIT:
	return R0;

LDX_MEM_B:
	INTERP_MEMCHECK(SRC + OFF, 1, false);
	DST = *(u8 *)(unsigned long)(SRC + OFF);
	ip++;
	goto *jumptable[ip->handler];

STX_MEM_B:
	INTERP_MEMCHECK(DST + OFF, 1, true);
	*(u8 *)(unsigned long)(DST + OFF) = SRC;
	ip++;
	goto *jumptable[ip->handler];

ST_MEM_B:
	INTERP_MEMCHECK(DST + OFF, 1, true);
	*(u8 *)(unsigned long)(DST + OFF) = IMM;
	ip++;
	goto *jumptable[ip->handler];

LDX_MEM_H:
	INTERP_MEMCHECK(SRC + OFF, 2, false);
	DST = *(u16 *)(unsigned long)(SRC + OFF);
	ip++;
	goto *jumptable[ip->handler];

STX_MEM_H:
	INTERP_MEMCHECK(DST + OFF, 2, true);
	*(u16 *)(unsigned long)(DST + OFF) = SRC;
	ip++;
	goto *jumptable[ip->handler];

ST_MEM_H:
	INTERP_MEMCHECK(DST + OFF, 2, true);
	*(u16 *)(unsigned long)(DST + OFF) = IMM;
	ip++;
	goto *jumptable[ip->handler];

LDX_MEM_W:
	INTERP_MEMCHECK(SRC + OFF, 4, false);
	DST = *(u32 *)(unsigned long)(SRC + OFF);
	ip++;
	goto *jumptable[ip->handler];

STX_MEM_W:
	INTERP_MEMCHECK(DST + OFF, 4, true);
	*(u32 *)(unsigned long)(DST + OFF) = SRC;
	ip++;
	goto *jumptable[ip->handler];

ST_MEM_W:
	INTERP_MEMCHECK(DST + OFF, 4, true);
	*(u32 *)(unsigned long)(DST + OFF) = IMM;
	ip++;
	goto *jumptable[ip->handler];

LDX_MEM_DW:
	INTERP_MEMCHECK(SRC + OFF, 8, false);
	DST = *(u64 *)(unsigned long)(SRC + OFF);
	ip++;
	goto *jumptable[ip->handler];

STX_MEM_DW:
	INTERP_MEMCHECK(DST + OFF, 8, true);
	*(u64 *)(unsigned long)(DST + OFF) = SRC;
	ip++;
	goto *jumptable[ip->handler];

ST_MEM_DW:
	INTERP_MEMCHECK(DST + OFF, 8, true);
	*(u64 *)(unsigned long)(DST + OFF) = IMM;
	ip++;
	goto *jumptable[ip->handler];

STX_ATOMIC_W:
	INTERP_MEMCHECK(DST + OFF, 4, false);
	INTERP_MEMCHECK(DST + OFF, 4, true);
	atomic_add((u32)SRC, (atomic_t *)(unsigned long)(DST + OFF));
	ip++;
	goto *jumptable[ip->handler];

STX_ATOMIC_DW:
	INTERP_MEMCHECK(DST + OFF, 8, false);
	INTERP_MEMCHECK(DST + OFF, 8, true);
	atomic64_add((u64)SRC, (atomic64_t *)(unsigned long)(DST + OFF));
	ip++;
	goto *jumptable[ip->handler];

LD_IMM_DW:
	DST = (u64)(u32)ip[0].imm | ((u64)(u32)ip[1].imm) << 32;
	ip++;
	ip++;
	goto *jumptable[ip->handler];

LD_ABS_B:
	if (unlikely(!bpf_interp_ld_pkt(regs, IMM, 1)))
		return 0;
	ip++;
	goto *jumptable[ip->handler];

LD_ABS_H:
	if (unlikely(!bpf_interp_ld_pkt(regs, IMM, 2)))
		return 0;
	ip++;
	goto *jumptable[ip->handler];

LD_ABS_W:
	if (unlikely(!bpf_interp_ld_pkt(regs, IMM, 4)))
		return 0;
	ip++;
	goto *jumptable[ip->handler];

LD_IND_B:
	if (unlikely(!bpf_interp_ld_pkt(regs, IND_OFF, 1)))
		return 0;
	ip++;
	goto *jumptable[ip->handler];

LD_IND_H:
	if (unlikely(!bpf_interp_ld_pkt(regs, IND_OFF, 2)))
		return 0;
	ip++;
	goto *jumptable[ip->handler];

LD_IND_W:
	if (unlikely(!bpf_interp_ld_pkt(regs, IND_OFF, 4)))
		return 0;
	ip++;
	goto *jumptable[ip->handler];

	/* last, out of the way of the handlers of single instructions */
#define INTERP_PAIR_HANDLERS
#include "interp_pairs.h"
#undef INTERP_PAIR_HANDLERS

bad_insn:
	/* the verifier rejects these; a loaded program never gets here */
	bpf_interp_bad_insn(ip->code, IMM);
	return 0;
}

/* Only BPF_ADD of the atomic operations is part of the original ISA. */
static bool bpf_interp_supported(const struct bpf_insn *insn)
{
	return BPF_CLASS(insn->code) != BPF_STX ||
	       BPF_MODE(insn->code) != BPF_ATOMIC || insn->imm == BPF_ADD;
}

/* The instruction a jump at @insn[@i] may land on, or @len if none. */
static u32 bpf_interp_jump_target(const struct bpf_insn *insn, u32 i, u32 len)
{
	u8 class = BPF_CLASS(insn[i].code), op = BPF_OP(insn[i].code);
	s64 target = (s64)i + 1 + insn[i].off;

	if ((class != BPF_JMP && class != BPF_JMP32) || op == BPF_CALL ||
	    op == BPF_EXIT || target < 0 || target >= len)
		return len;
	return target;
}

/*
 * One slot per instruction, in order, so jump offsets stay as they are.
 * Then each run of two pairing ALU64 instructions on one register gets a
 * superinstruction in the first one's slot.  In the slots of these
 * instructions off, which they have no use for, holds whether a jump
 * lands there while pairing, and in the end whether the superinstruction
 * continues from the accumulator.
 */
void bpf_interp_prepare(struct bpf_interp_slot *slot,
			const struct bpf_insn *insn, u32 len)
{
	/* 1 + the pairing index of an opcode, 0 if it does not pair */
	static const u8 pair_op[256] = {
#define INTERP_PAIR_OPS
#include "interp_pairs.h"
#undef INTERP_PAIR_OPS
	};
	u32 i, t, last_pair = U32_MAX;
	bool landed_on;
	u8 a, b;

	for (i = 0; i < len; i++) {
		slot[i].handler = insn[i].code;
		slot[i].dst = insn[i].dst_reg;
		slot[i].src = insn[i].src_reg;
		slot[i].off = pair_op[insn[i].code] ? 0 : insn[i].off;
		slot[i].imm = insn[i].imm;
		slot[i].code = insn[i].code;
		if (!bpf_interp_supported(&insn[i]))
			slot[i].handler = INTERP_BAD;
	}
	/* the off of a pairing instruction says whether a jump lands on it */
	for (i = 0; i < len; i++) {
		t = bpf_interp_jump_target(insn, i, len);
		if (t < len && pair_op[insn[t].code])
			slot[t].off = 1;
	}
	for (i = 0; i + 1 < len; i++) {
		a = pair_op[insn[i].code];
		b = pair_op[insn[i + 1].code];
		if (!a || !b || insn[i].dst_reg != insn[i + 1].dst_reg)
			continue;
		if (BPF_SRC(insn[i + 1].code) == BPF_X &&
		    insn[i + 1].src_reg == insn[i].dst_reg)
			continue;
		/*
		 * Right behind a pair on the same register, and reached only
		 * through it: the value is still in the accumulator.
		 */
		landed_on = slot[i].off || (i && slot[i - 1].off);
		slot[i].off = i >= 2 && last_pair == i - 2 && !landed_on &&
			      insn[last_pair].dst_reg == insn[i].dst_reg;
		slot[i].handler = INTERP_PAIR(a - 1, b - 1);
		last_pair = i;
		/* the second keeps its single handler for jumps into it */
		i++;
	}
}

unsigned int bpf_interp_exec(const void *ctx,
			     const struct bpf_interp_slot *slot)
{
	u64 stack[MAX_BPF_STACK / sizeof(u64)];
	u64 regs[MAX_BPF_EXT_REG];

	FP = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	R1 = (u64)(unsigned long)ctx;
	return bpf_interp_body(regs, slot);
}
