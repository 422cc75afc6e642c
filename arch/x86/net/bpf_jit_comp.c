// SPDX-License-Identifier: GPL-2.0-only
/*
 * The eBPF JIT for x86-64.
 *
 * Registers: BPF R0 lives in rax and R1-R5 in the C argument registers
 * (rdi, rsi, rdx, rcx, r8), so a helper call is a plain "call rel32" and its
 * result is R0 at once; R6-R9 live in callee-saved rbx, r13, r14, r15 and
 * R10 is rbp, the top of the program's stack in the frame.  r9, r10 and
 * r11 are scratch.  The frame:
 *
 *	[rbp + 8]		return address
 *	[rbp]			caller's rbp
 *	[rbp - S, rbp)		the program's stack, S bytes (jit_stack_size())
 *	[rbp - S - 16, rbp - S)	buffer of LD_ABS/LD_IND (bpf_ld_abs_pointer),
 *				when the program has them
 *	below, rsp		8 bytes of padding when an odd number of the
 *				callee-saved registers follows, then those
 *				of rbx, r13, r14, r15 the program names
 *
 * The body runs with rsp 16-byte aligned, so calls need no adjustment.
 * Every EXIT jumps to one epilogue at the end of the image; a packet load
 * that fails jumps to a stub after it that sets R0 to 0.
 *
 * Before that, jit_fold() decides the conditional jumps that constants
 * decide, and marks the code no path reaches then, which is left out.
 *
 * The code is sized in passes: the first, the only one that emits, writes
 * every instruction into a scratch buffer with the jumps long, and keeps
 * the start of each; each later one only chooses the jumps again, short
 * (rel8) where they reach by the previous pass's offsets, until two passes
 * agree on every offset; after ten passes, instructions are padded with
 * nops (before a jump) to their previous length, which makes the layout
 * final.  The image is then written from the scratch buffer (jit_write():
 * jumps encoded again, the offsets of calls filled in for where they
 * land, the rest copied) into a buffer, and copied with text_poke_copy()
 * into a pack at a random 16-byte offset within its first chunk (below).
 * Anything that goes wrong leaves the program to the interpreter.
 */
#include <linux/bitmap.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/moduleloader.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/text-patching.h>

#include "interp.h"

/* 0: interpreter only, 1: JIT, 2: JIT and dump each image to the log */
int bpf_jit_enable __read_mostly;

/* x86 register numbers */
enum {
	X_RAX = 0, X_RCX, X_RDX, X_RBX, X_RSP, X_RBP, X_RSI, X_RDI,
	X_R8, X_R9, X_R10, X_R11, X_R12, X_R13, X_R14, X_R15,
};

#define X_TMP		X_R11	/* scratch, never a BPF register */
#define X_SAVE_RAX	X_R9
#define X_SAVE_RDX	X_R10

static const u8 reg_map[MAX_BPF_REG] = {
	[BPF_REG_0] = X_RAX,
	[BPF_REG_1] = X_RDI,
	[BPF_REG_2] = X_RSI,
	[BPF_REG_3] = X_RDX,
	[BPF_REG_4] = X_RCX,
	[BPF_REG_5] = X_R8,
	[BPF_REG_6] = X_RBX,
	[BPF_REG_7] = X_R13,
	[BPF_REG_8] = X_R14,
	[BPF_REG_9] = X_R15,
	[BPF_REG_10] = X_RBP,
};

/*
 * Bytes one instruction may take, at most (LD_IND, the longest, under 50),
 * also the pessimistic size by which the first pass chooses jumps
 */
#define INSN_MAX_LEN	64
/* the scratch copy's room beyond its last instruction: 8-byte stores */
#define SCRATCH_SLACK	(INSN_MAX_LEN + 8)
#define PAD_AFTER_PASSES	10
/*
 * In lens[]: the instruction ends in a jump after LEN_PREFIX other bytes
 * (LEN_SHORT0: a short one in the first pass), or calls out with a call
 * ending LEN_PREFIX bytes into it, whose offset jit_write() fills in
 * (LEN_CALL); 0 for the others.
 */
#define LEN_JUMP	0x80
#define LEN_CALL	0x40
#define LEN_SHORT0	0x20
#define LEN_PREFIX	0x1f
/* in LD_ABS/LD_IND, the end of the jz after the call: test (3), jz (6) */
#define LD_PKT_JZ_END	9
/* in fold[]: what the program's constants decide (jit_fold()) */
#define FOLD_DEAD	1	/* no path reaches it: left out */
#define FOLD_NEVER	2	/* a conditional jump never taken: nothing */
#define FOLD_ALWAYS	3	/* one always taken: jmp */
#define FOLD_TARGET	4	/* a jump target (jit_scan()) */
#define FOLD_PENDING	8	/* a jump reached it: its state in c->spec[] */
/* states of jump targets reached ahead of the walk, at most */
#define FOLD_POOL	64

struct jit_ctx {
	u8 *buf;		/* where the bytes go */
	u32 pos;		/* in buf */
	u32 cap;		/* of the scratch copy */
	u8 *scratch;		/* the first pass's code, long jumps */
	u8 *image;		/* jit_write()'s output, for text_poke_copy() */
	u8 *dest;		/* where the image will run */
	u32 *offs;		/* start of each insn; [len] is the epilogue */
	u8 *lens;		/* LEN_* flags and the length before a jump */
	u8 *fold;		/* FOLD_* of each insn (jit_fold()) */
	u32 *spec;		/* the insns with LEN_* flags, in order */
	s8 *shrink;		/* what a pass takes off each of them */
	u32 nspec;
	const struct bpf_insn *insns;
	u32 len;
	u32 cur;		/* the instruction being emitted */
	u32 jumps;		/* jumps whose length depends on offsets */
	bool pad;		/* keep the previous pass's layout, with nops */
	u32 stack;		/* bytes of the program's stack, S above */
	bool ld_pkt;		/* LD_ABS/LD_IND: their buffer in the frame */
	bool bad_reg;		/* a register beyond R10: not compiled */
	u32 rsp_off;		/* rbp - rsp in the body */
	u8 saved;		/* BIT(i): save callee_saved[i] */
	u8 epilogue_len;	/* before the stub of failed packet loads */
	bool fail;
};

/*
 * Stores are unconditional: every buffer has at least 8 bytes of room
 * after the instruction being emitted, so @n (1-8) bytes of @v, the first
 * in the lowest byte (x86 is little-endian), go with one 8-byte store.
 */
static __always_inline void emitn(struct jit_ctx *c, u64 v, u32 n)
{
	memcpy(c->buf + c->pos, &v, 8);
	c->pos += n;
}

static void emit1(struct jit_ctx *c, u8 b)
{
	c->buf[c->pos++] = b;
}

static void emit2(struct jit_ctx *c, u8 b1, u8 b2)
{
	emitn(c, b1 | b2 << 8, 2);
}

static void emit4(struct jit_ctx *c, u32 v)
{
	emitn(c, v, 4);
}

static bool is_s8(s64 v)
{
	return v >= -128 && v <= 127;
}

static bool is_s32(s64 v)
{
	return v >= S32_MIN && v <= S32_MAX;
}

/*
 * REX prefix when needed: @w for 64-bit operands, @reg and @rm extended;
 * @byte_reg forces it for the low bytes of rsp/rbp/rsi/rdi (spl..dil).
 */
static void emit_rex(struct jit_ctx *c, bool w, u8 reg, u8 rm, bool byte_reg)
{
	u8 rex = 0x40 | (w << 3) | ((reg >> 3) << 2) | (rm >> 3);

	if (rex != 0x40 || (byte_reg && (reg & 7) >= 4 && reg < 8))
		emit1(c, rex);
}

/* The REX prefix for @w, @reg and @rm, or 0 when none is needed. */
static u32 rex_of(bool w, u8 reg, u8 rm)
{
	u32 rex = 0x40 | (w << 3) | ((reg >> 3) << 2) | (rm >> 3);

	return rex == 0x40 ? 0 : rex;
}

/* @n (up to 7) bytes of @v after @rex, if that is not 0: one store */
static __always_inline void emit_rex_n(struct jit_ctx *c, u32 rex, u64 v, u32 n)
{
	u32 r = rex != 0;

	emitn(c, v << (r * 8) | rex, n + r);
}

static u32 modrm_rr(u8 reg, u8 rm)
{
	return 0xc0 | (reg & 7) << 3 | (rm & 7);
}

static void emit_modrm_rr(struct jit_ctx *c, u8 reg, u8 rm)
{
	emit1(c, modrm_rr(reg, rm));
}

/*
 * ModRM (and SIB) for [base + off]; rbp/r13 always take a displacement.
 * The stack is addressed from rsp, which stays at rbp - rsp_off in the
 * body: AMD cores forward stores to loads at no latency ("memory
 * renaming") only for rsp-based addresses, which makes stack-heavy
 * programs about three times faster there.  A frame no bigger than the
 * program needs keeps those displacements within a byte.
 */
static __always_inline void
emit_modrm_mem(struct jit_ctx *c, u8 reg, u8 base, s32 off)
{
	u64 v;
	u32 n;

	if (base == X_RBP) {
		base = X_RSP;
		off += c->rsp_off;
	}
	v = (is_s8(off) ? 0x40 : 0x80) | (reg & 7) << 3 | (base & 7);
	n = 1;
	if ((base & 7) == X_RSP) {
		v |= 0x24 << 8;				/* SIB: no index */
		n = 2;
	}
	if (is_s8(off)) {
		v |= (u64)(u8)off << (n * 8);
		n += 1;
	} else {
		v |= (u64)(u32)off << (n * 8);
		n += 4;
	}
	emitn(c, v, n);
}

/* op r/m, reg with a one-byte opcode */
static __always_inline void
emit_rr(struct jit_ctx *c, bool w, u8 op, u8 reg, u8 rm)
{
	emit_rex_n(c, rex_of(w, reg, rm), op | modrm_rr(reg, rm) << 8, 2);
}

/* two-byte opcode 0f @op, reg, r/m */
static __always_inline void
emit_rr_0f(struct jit_ctx *c, bool w, u8 op, u8 reg, u8 rm)
{
	emit_rex_n(c, rex_of(w, reg, rm),
		   0x0f | op << 8 | modrm_rr(reg, rm) << 16, 3);
}

static __always_inline void
emit_mov_rr(struct jit_ctx *c, bool w, u8 dst, u8 src)
{
	emit_rr(c, w, 0x89, src, dst);
}

/* group-1 operation @ext (add 0, or 1, and 4, sub 5, xor 6, cmp 7) */
static __always_inline void
emit_alu_imm(struct jit_ctx *c, bool w, u8 ext, u8 dst, s32 imm)
{
	u32 rex = rex_of(w, 0, dst), modrm = modrm_rr(ext, dst);

	if (is_s8(imm))
		emit_rex_n(c, rex, 0x83 | modrm << 8 | (u32)(u8)imm << 16, 3);
	else
		emit_rex_n(c, rex, 0x81 | modrm << 8 | (u64)(u32)imm << 16, 6);
}

/* dst = imm, sign-extended (@w) or zero-extended from 32 bits */
static __always_inline void
emit_mov_imm(struct jit_ctx *c, bool w, u8 dst, s32 imm)
{
	if (!imm)
		emit_rr(c, false, 0x31, dst, dst);	/* xor r32, r32 */
	else if (!w || imm > 0)
		emit_rex_n(c, rex_of(false, 0, dst),
			   (0xb8 | (dst & 7)) | (u64)(u32)imm << 8, 5);
	else
		emit_rex_n(c, rex_of(true, 0, dst),
			   0xc7 | modrm_rr(0, dst) << 8 | (u64)(u32)imm << 16, 6);
}

static void emit_mov_imm64(struct jit_ctx *c, u8 dst, u64 v)
{
	if (v <= U32_MAX) {
		emit_mov_imm(c, false, dst, (s32)(u32)v);
	} else if (is_s32((s64)v)) {
		emit_mov_imm(c, true, dst, (s32)v);
	} else {
		emit_rex(c, true, 0, dst, false);
		emit1(c, 0xb8 | (dst & 7));
		emit4(c, (u32)v);
		emit4(c, (u32)(v >> 32));
	}
}

/* 32-bit results are zero-extended: mov r32, r32 */
static void emit_zext(struct jit_ctx *c, u8 dst)
{
	emit_mov_rr(c, false, dst, dst);
}

static __always_inline void emit_jmp_rel(struct jit_ctx *c, s64 rel_end, u8 cc)
{
	/*
	 * @rel_end is the distance from the end of the whole jump as the
	 * previous pass laid it out; @cc is 0xff for jmp, else the condition.
	 */
	if (is_s8(rel_end)) {
		emit2(c, cc == 0xff ? 0xeb : 0x70 | cc, (u8)rel_end);
	} else if (cc == 0xff) {
		emit1(c, 0xe9);
		emit4(c, (s32)rel_end);
	} else {
		emit2(c, 0x0f, 0x80 | cc);
		emit4(c, (s32)rel_end);
	}
}

/*
 * Whether every instruction in [@from, @to) is left out, which a jump from
 * just before @from to @to need not jump over; false backward (@to < @from)
 */
static bool all_dead(const struct jit_ctx *c, u32 from, u32 to)
{
	if (to < from)
		return false;
	for (; from < to; from++)
		if (c->fold[from] != FOLD_DEAD)
			return false;
	return true;
}

/*
 * A jump that ends the instruction @i, to the start of instruction @t, in
 * the first pass: short only where it would be with every instruction
 * INSN_MAX_LEN long, which no layout exceeds; jit_write() encodes it
 * again by the final offsets.
 */
static void emit_insn_jump(struct jit_ctx *c, u32 i, u32 t, u8 cc)
{
	s64 rel = ((s64)t - (i + 1)) * INSN_MAX_LEN;

	if (t > c->len) {
		c->fail = true;
		return;
	}
	c->jumps++;
	c->lens[i] = LEN_JUMP | (is_s8(rel) ? LEN_SHORT0 : 0) |
		     (c->pos - c->offs[i]);
	c->spec[c->nspec++] = i;
	emit_jmp_rel(c, rel, cc);
}

/* x86 condition codes */
enum { CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_BE = 6, CC_A = 7,
	CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf };

static int jmp_cc(u8 op)
{
	switch (op) {
	case BPF_JEQ:	return CC_E;
	case BPF_JNE:	return CC_NE;
	case BPF_JSET:	return CC_NE;
	case BPF_JGT:	return CC_A;
	case BPF_JGE:	return CC_AE;
	case BPF_JLT:	return CC_B;
	case BPF_JLE:	return CC_BE;
	case BPF_JSGT:	return CC_G;
	case BPF_JSGE:	return CC_GE;
	case BPF_JSLT:	return CC_L;
	case BPF_JSLE:	return CC_LE;
	}
	return -1;
}

/*
 * The body of a division whose divisor is non-zero and in r11: rax and rdx
 * are saved in r9 and r10 around it, so any register can be the dividend.
 */
static void emit_div_body(struct jit_ctx *c, bool w, bool mod, u8 dst)
{
	emit_mov_rr(c, true, X_SAVE_RAX, X_RAX);
	emit_mov_rr(c, true, X_SAVE_RDX, X_RDX);
	if (dst != X_RAX)
		emit_mov_rr(c, w, X_RAX, dst);
	else if (!w)
		emit_zext(c, X_RAX);
	emit_rr(c, false, 0x31, X_RDX, X_RDX);	/* xor edx, edx */
	emit_rr(c, w, 0xf7, 6, X_TMP);		/* div r11 */
	emit_mov_rr(c, true, X_TMP, mod ? X_RDX : X_RAX);
	emit_mov_rr(c, true, X_RAX, X_SAVE_RAX);
	emit_mov_rr(c, true, X_RDX, X_SAVE_RDX);
	emit_mov_rr(c, true, dst, X_TMP);
}

/* What a division by zero leaves: 0, or the dividend (zero-extended). */
static void emit_div_zero(struct jit_ctx *c, bool w, bool mod, u8 dst)
{
	if (!mod)
		emit_rr(c, false, 0x31, dst, dst);
	else if (!w)
		emit_zext(c, dst);
}

static u32 measure(struct jit_ctx *c,
		   void (*fn)(struct jit_ctx *, bool, bool, u8),
		   bool w, bool mod, u8 dst)
{
	struct jit_ctx m = *c;
	u8 buf[INSN_MAX_LEN];

	m.buf = buf;
	m.pos = 0;
	fn(&m, w, mod, dst);
	return m.pos;
}

static void emit_div(struct jit_ctx *c, const struct bpf_insn *insn, bool w)
{
	bool mod = BPF_OP(insn->code) == BPF_MOD;
	u8 dst = reg_map[insn->dst_reg];

	if (BPF_SRC(insn->code) == BPF_K) {
		if (!insn->imm) {
			emit_div_zero(c, w, mod, dst);
			return;
		}
		emit_mov_imm(c, w, X_TMP, insn->imm);
		emit_div_body(c, w, mod, dst);
		return;
	}
	emit_mov_rr(c, w, X_TMP, reg_map[insn->src_reg]);
	emit_rr(c, w, 0x85, X_TMP, X_TMP);		/* test r11, r11 */
	/* jnz over the zero case and its jmp */
	emit2(c, 0x70 | CC_NE, measure(c, emit_div_zero, w, mod, dst) + 2);
	emit_div_zero(c, w, mod, dst);
	emit2(c, 0xeb, measure(c, emit_div_body, w, mod, dst));
	emit_div_body(c, w, mod, dst);
}

/* shl 4, shr 5, sar 7 */
static u8 shift_ext(u8 op)
{
	return op == BPF_LSH ? 4 : op == BPF_RSH ? 5 : 7;
}

static void emit_shift(struct jit_ctx *c, const struct bpf_insn *insn, bool w)
{
	u8 dst = reg_map[insn->dst_reg], ext = shift_ext(BPF_OP(insn->code));
	u8 src, target;
	u32 n;

	if (BPF_SRC(insn->code) == BPF_K) {
		n = insn->imm & (w ? 63 : 31);
		if (!n) {
			if (!w)
				emit_zext(c, dst);
			return;
		}
		emit_rex(c, w, 0, dst, false);
		emit1(c, n == 1 ? 0xd1 : 0xc1);
		emit_modrm_rr(c, ext, dst);
		if (n != 1)
			emit1(c, n);
		return;
	}
	/* the count must be in cl, where R4 lives */
	src = reg_map[insn->src_reg];
	target = dst;
	if (src != X_RCX) {
		/* r11 keeps rcx (or the value to shift, when it is rcx) */
		emit_mov_rr(c, true, X_TMP, X_RCX);
		emit_mov_rr(c, true, X_RCX, src);
		if (dst == X_RCX)
			target = X_TMP;
	}
	emit_rex(c, w, 0, target, false);
	emit1(c, 0xd3);
	emit_modrm_rr(c, ext, target);
	if (src != X_RCX) {
		/* back to rcx: the shifted value, or rcx's own */
		emit_mov_rr(c, dst == X_RCX ? w : true, X_RCX, X_TMP);
	}
	/* a 32-bit shift by zero must still zero-extend */
	if (!w && !(src != X_RCX && dst == X_RCX))
		emit_zext(c, dst);
}

static void emit_end(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u8 dst = reg_map[insn->dst_reg];

	if (BPF_SRC(insn->code) == BPF_TO_LE) {
		if (insn->imm == 16)
			emit_rr_0f(c, false, 0xb7, dst, dst);	/* movzx */
		else if (insn->imm == 32)
			emit_zext(c, dst);
		else if (insn->imm != 64)
			c->fail = true;
		return;
	}
	switch (insn->imm) {
	case 16:
		/* rol r16, 8; movzx r32, r16 */
		emit1(c, 0x66);
		emit_rex(c, false, 0, dst, false);
		emit2(c, 0xc1, 0xc0 | (dst & 7));
		emit1(c, 8);
		emit_rr_0f(c, false, 0xb7, dst, dst);
		break;
	case 32:
	case 64:
		emit_rex(c, insn->imm == 64, 0, dst, false);
		emit2(c, 0x0f, 0xc8 | (dst & 7));		/* bswap */
		break;
	default:
		c->fail = true;
	}
}

static __always_inline void
emit_alu(struct jit_ctx *c, const struct bpf_insn *insn)
{
	bool w = BPF_CLASS(insn->code) == BPF_ALU64;
	bool k = BPF_SRC(insn->code) == BPF_K;
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	u8 op = BPF_OP(insn->code);
	static const u8 rr_op[16] = {
		[BPF_ADD >> 4] = 0x01, [BPF_SUB >> 4] = 0x29,
		[BPF_OR >> 4] = 0x09, [BPF_AND >> 4] = 0x21,
		[BPF_XOR >> 4] = 0x31,
	};
	static const u8 imm_ext[16] = {
		[BPF_ADD >> 4] = 0, [BPF_SUB >> 4] = 5,
		[BPF_OR >> 4] = 1, [BPF_AND >> 4] = 4,
		[BPF_XOR >> 4] = 6,
	};

	switch (op) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_OR:
	case BPF_AND:
	case BPF_XOR:
		if (k)
			emit_alu_imm(c, w, imm_ext[op >> 4], dst, insn->imm);
		else
			emit_rr(c, w, rr_op[op >> 4], src, dst);
		break;
	case BPF_MOV:
		if (k)
			emit_mov_imm(c, w, dst, insn->imm);
		else if (dst != src || !w)
			emit_mov_rr(c, w, dst, src);
		break;
	case BPF_MUL:
		if (!k) {
			emit_rr_0f(c, w, 0xaf, dst, src);	/* imul r, r/m */
			break;
		}
		emit_rex(c, w, dst, dst, false);
		if (is_s8(insn->imm)) {
			emit1(c, 0x6b);
			emit_modrm_rr(c, dst, dst);
			emit1(c, (u8)insn->imm);
		} else {
			emit1(c, 0x69);
			emit_modrm_rr(c, dst, dst);
			emit4(c, insn->imm);
		}
		break;
	case BPF_NEG:
		if (!k)
			c->fail = true;
		emit_rr(c, w, 0xf7, 3, dst);
		break;
	case BPF_DIV:
	case BPF_MOD:
		emit_div(c, insn, w);
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		emit_shift(c, insn, w);
		break;
	case BPF_END:
		if (w)
			c->fail = true;
		else
			emit_end(c, insn);
		break;
	default:
		c->fail = true;
	}
}

static __always_inline void
emit_ldx(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];

	switch (BPF_SIZE(insn->code)) {
	case BPF_B:
	case BPF_H:
		emit_rex(c, false, dst, src, false);
		emit2(c, 0x0f, BPF_SIZE(insn->code) == BPF_B ? 0xb6 : 0xb7);
		break;
	case BPF_W:
	case BPF_DW:
		emit_rex(c, BPF_SIZE(insn->code) == BPF_DW, dst, src, false);
		emit1(c, 0x8b);
		break;
	}
	emit_modrm_mem(c, dst, src, insn->off);
}

static __always_inline void
emit_stx(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	u8 size = BPF_SIZE(insn->code);

	if (BPF_MODE(insn->code) == BPF_ATOMIC) {
		if (insn->imm != BPF_ADD || (size != BPF_W && size != BPF_DW)) {
			c->fail = true;
			return;
		}
		emit1(c, 0xf0);				/* lock */
		emit_rex(c, size == BPF_DW, src, dst, false);
		emit1(c, 0x01);
		emit_modrm_mem(c, src, dst, insn->off);
		return;
	}
	if (size == BPF_H)
		emit1(c, 0x66);
	/* sil, dil and bpl need a REX prefix, or they would be dh, bh, ch */
	emit_rex(c, size == BPF_DW, src, dst, size == BPF_B);
	emit1(c, size == BPF_B ? 0x88 : 0x89);
	emit_modrm_mem(c, src, dst, insn->off);
}

static __always_inline void
emit_st(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u8 dst = reg_map[insn->dst_reg];
	u8 size = BPF_SIZE(insn->code);

	if (size == BPF_H)
		emit1(c, 0x66);
	emit_rex(c, size == BPF_DW, 0, dst, false);
	emit1(c, size == BPF_B ? 0xc6 : 0xc7);
	emit_modrm_mem(c, 0, dst, insn->off);
	if (size == BPF_B)
		emit1(c, (u8)insn->imm);
	else if (size == BPF_H)
		emit2(c, (u8)insn->imm, (u8)(insn->imm >> 8));
	else
		emit4(c, insn->imm);
}

/*
 * call rel32: the image's address decides the offset, so the first pass
 * leaves it 0 and notes where the call ends within its instruction;
 * jit_write() fills it in (fill_call())
 */
static void emit_call(struct jit_ctx *c)
{
	u32 end;

	emit1(c, 0xe8);
	emit4(c, 0);
	end = c->pos - c->offs[c->cur];
	if (end > LEN_PREFIX) {
		c->fail = true;
		return;
	}
	c->lens[c->cur] = LEN_CALL | end;
	c->spec[c->nspec++] = c->cur;
}

/*
 * LD_ABS/LD_IND: R0 = the packet's bytes at the offset, in host order,
 * through bpf_ld_abs_pointer(R6, off, size, buf); NULL ends the program
 * with R0 = 0 (the stub after the epilogue).  R1-R5 are clobbered, which
 * the verifier allows.
 */
static void emit_ld_pkt(struct jit_ctx *c, const struct bpf_insn *insn)
{
	u32 size = BPF_SIZE(insn->code) == BPF_B ? 1 :
		   BPF_SIZE(insn->code) == BPF_H ? 2 : 4;

	if (BPF_SIZE(insn->code) == BPF_DW) {
		c->fail = true;
		return;
	}
	if (BPF_MODE(insn->code) == BPF_IND) {
		emit_mov_rr(c, false, X_RSI, reg_map[insn->src_reg]);
		if (insn->imm)
			emit_alu_imm(c, false, 0, X_RSI, insn->imm);
	} else {
		emit_mov_imm(c, false, X_RSI, insn->imm);
	}
	emit_mov_rr(c, true, X_RDI, X_RBX);
	emit_mov_imm(c, false, X_RDX, size);
	/* lea rcx, [rbp - S - 16] */
	emit_rex(c, true, X_RCX, X_RBP, false);
	emit1(c, 0x8d);
	emit_modrm_mem(c, X_RCX, X_RBP, -(s32)c->stack - 16);
	emit_call(c);
	emit_rr(c, true, 0x85, X_RAX, X_RAX);		/* test rax, rax */
	/*
	 * jz rel32 to the stub: always near, so its size never changes;
	 * jit_write() fills in the offset, LD_PKT_JZ_END bytes after the call
	 */
	emit2(c, 0x0f, 0x80 | CC_E);
	emit4(c, 0);
	if (c->pos - c->offs[c->cur] !=
	    (c->lens[c->cur] & LEN_PREFIX) + LD_PKT_JZ_END)
		c->fail = true;
	/* rax points at the bytes */
	if (size == 1) {
		emit2(c, 0x0f, 0xb6);			/* movzx eax, byte [rax] */
		emit1(c, 0x00);
	} else if (size == 2) {
		emit2(c, 0x0f, 0xb7);			/* movzx eax, word [rax] */
		emit1(c, 0x00);
		emit2(c, 0x66, 0xc1);			/* rol ax, 8 */
		emit2(c, 0xc0, 8);
	} else {
		emit2(c, 0x8b, 0x00);			/* mov eax, [rax] */
		emit2(c, 0x0f, 0xc8);			/* bswap eax */
	}
}

static __always_inline void
emit_jmp(struct jit_ctx *c, const struct bpf_insn *insn, u32 i)
{
	bool w = BPF_CLASS(insn->code) == BPF_JMP;
	u8 op = BPF_OP(insn->code);
	u8 dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	int cc;

	if (!w && (op == BPF_JA || op == BPF_EXIT || op == BPF_CALL)) {
		c->fail = true;
		return;
	}
	switch (op) {
	case BPF_JA:
		/* nothing when only left-out code lies between */
		if (!all_dead(c, i + 1, i + 1 + insn->off))
			emit_insn_jump(c, i, i + 1 + insn->off, 0xff);
		return;
	case BPF_EXIT:
		if (!all_dead(c, i + 1, c->len))
			emit_insn_jump(c, i, c->len, 0xff);
		return;
	case BPF_CALL:
		if (!w || insn->src_reg) {
			c->fail = true;
			return;
		}
		emit_call(c);
		return;
	}
	cc = jmp_cc(op);
	if (cc < 0) {
		c->fail = true;
		return;
	}
	/* a jump to the next instruction does nothing */
	if (!insn->off || c->fold[i] == FOLD_NEVER)
		return;
	if (c->fold[i] == FOLD_ALWAYS) {
		if (!all_dead(c, i + 1, i + 1 + insn->off))
			emit_insn_jump(c, i, i + 1 + insn->off, 0xff);
		return;
	}
	if (BPF_SRC(insn->code) == BPF_X) {
		emit_rr(c, w, op == BPF_JSET ? 0x85 : 0x39, src, dst);
	} else if (op == BPF_JSET) {
		emit_rex(c, w, 0, dst, false);		/* test r/m, imm32 */
		emit1(c, 0xf7);
		emit_modrm_rr(c, 0, dst);
		emit4(c, insn->imm);
	} else if (!insn->imm) {
		emit_rr(c, w, 0x85, dst, dst);		/* test r, r */
		/* against 0: unsigned < and >= are never and always */
	} else {
		emit_alu_imm(c, w, 7, dst, insn->imm);	/* cmp */
	}
	emit_insn_jump(c, i, i + 1 + insn->off, cc);
}

/* R6-R9's homes, in the order they are pushed */
static const u8 callee_saved[] = { X_RBX, X_R13, X_R14, X_R15 };

static void emit_push_pop(struct jit_ctx *c, u8 op, u8 reg)
{
	if (reg >= X_R8)
		emit1(c, 0x41);
	emit1(c, op | (reg & 7));
}

static void emit_prologue(struct jit_ctx *c)
{
	u32 frame = c->stack + (c->ld_pkt ? 16 : 0), i, n = hweight8(c->saved);

	/* 16-byte alignment of rsp after the pushes */
	if (n & 1)
		frame += 8;
	c->rsp_off = frame + 8 * n;
	emit2(c, 0xf3, 0x0f);			/* endbr64 */
	emit2(c, 0x1e, 0xfa);
	emit1(c, 0x55);				/* push rbp */
	emit_mov_rr(c, true, X_RBP, X_RSP);	/* mov rbp, rsp */
	if (frame)
		emit_alu_imm(c, true, 5, X_RSP, frame);	/* sub rsp, frame */
	for (i = 0; i < ARRAY_SIZE(callee_saved); i++)
		if (c->saved & BIT(i))
			emit_push_pop(c, 0x50, callee_saved[i]);
	/* R1 (rdi) holds the context already */
}

static void emit_epilogue(struct jit_ctx *c)
{
	u32 start = c->pos, i;

	for (i = ARRAY_SIZE(callee_saved); i-- > 0; )
		if (c->saved & BIT(i))
			emit_push_pop(c, 0x58, callee_saved[i]);
	emit1(c, 0xc9);				/* leave */
	emit1(c, 0xc3);				/* ret */
	c->epilogue_len = c->pos - start;
	/* failed packet load: R0 = 0 and out */
	emit_rr(c, false, 0x31, X_RAX, X_RAX);
	emit2(c, 0xeb, (u8)-(c->epilogue_len + 4));
}

/*
 * One walk over the program before emitting.  The frame: the stack the
 * program uses, rounded up to 16 bytes, as deep as its deepest access
 * through R10 while R10 is used only as such a base.  Where R10 is also a
 * value (copied into another register, stored, compared), accesses
 * through other registers may reach the stack, and the verifier's figure
 * stands, or all of MAX_BPF_STACK without one.  Also which callee-saved
 * registers the program names, to be saved, and whether it loads from
 * packets.  For jit_fold(): each jump target gets FOLD_TARGET; false when
 * the program is not to be folded: a backward jump, one out of the
 * program or into an LD_IMM64, a register beyond R10, or no conditional
 * jump on registers set from constants (by MOV or LD_IMM64, directly or
 * through MOV) before it, which no path could decide.
 */
static bool jit_scan(struct jit_ctx *c, const struct bpf_prog *prog)
{
	u32 i, t, depth = 0, used = 0, regs, konst = 0;
	bool value = false, fold = true, decidable = false;
	const struct bpf_insn *insn;
	u8 cls, op;

	c->ld_pkt = false;
	for (i = 0; i < c->len; i++) {
		insn = &c->insns[i];
		cls = BPF_CLASS(insn->code);
		regs = BIT(insn->dst_reg) | BIT(insn->src_reg);
		used |= regs;
		if (regs & BIT(BPF_REG_10)) {
			if (cls == BPF_LDX && insn->src_reg == BPF_REG_10 &&
			    insn->dst_reg != BPF_REG_10) {
				if (insn->off < 0)
					depth = max_t(u32, depth, -insn->off);
			} else if ((cls == BPF_ST || cls == BPF_STX) &&
				   insn->dst_reg == BPF_REG_10 &&
				   insn->src_reg != BPF_REG_10) {
				if (insn->off < 0)
					depth = max_t(u32, depth, -insn->off);
			} else if (insn->dst_reg == BPF_REG_10 ||
				   insn->src_reg == BPF_REG_10) {
				value = true;
			}
		}
		if ((cls == BPF_ALU || cls == BPF_ALU64) &&
		    BPF_OP(insn->code) == BPF_MOV &&
		    (BPF_SRC(insn->code) == BPF_K ||
		     (konst & BIT(insn->src_reg))))
			konst |= BIT(insn->dst_reg);
		if (cls == BPF_LD) {
			if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				if (!insn->src_reg)
					konst |= BIT(insn->dst_reg);
				/* its second half: registers checked the same */
				if (++i < c->len) {
					used |= BIT(insn[1].dst_reg) |
						BIT(insn[1].src_reg);
					fold &= !(c->fold[i] & FOLD_TARGET);
				}
			} else {
				c->ld_pkt = true;
			}
			continue;
		}
		if (cls != BPF_JMP && cls != BPF_JMP32)
			continue;
		op = BPF_OP(insn->code);
		if (op == BPF_CALL || op == BPF_EXIT)
			continue;
		/* a register known there was set from a constant before */
		if (op != BPF_JA && (konst & BIT(insn->dst_reg)) &&
		    (BPF_SRC(insn->code) == BPF_K ||
		     (konst & BIT(insn->src_reg))))
			decidable = true;
		t = i + 1 + insn->off;
		if (insn->off < 0 || t >= c->len)
			fold = false;
		else
			c->fold[t] = FOLD_TARGET;
	}
	if (value)
		depth = max_t(u32, depth, prog->aux->stack_depth ?:
				  MAX_BPF_STACK);
	c->stack = round_up(min_t(u32, depth, MAX_BPF_STACK), 16);
	c->saved = (used >> BPF_REG_6) & (BIT(ARRAY_SIZE(callee_saved)) - 1);
	c->bad_reg = used & ~GENMASK(BPF_REG_10, 0);
	return fold && decidable && !c->bad_reg;
}

/*
 * Emits instruction @i (and the second half of LD_IMM64); false when it
 * cannot be done.
 */
static __always_inline bool emit_insn(struct jit_ctx *c, u32 i)
{
	const struct bpf_insn *insn = &c->insns[i];

	c->cur = i;
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		emit_alu(c, insn);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		emit_jmp(c, insn, i);
		break;
	case BPF_LDX:
		if (BPF_MODE(insn->code) != BPF_MEM)
			return false;
		emit_ldx(c, insn);
		break;
	case BPF_STX:
		if (BPF_MODE(insn->code) != BPF_MEM &&
		    BPF_MODE(insn->code) != BPF_ATOMIC)
			return false;
		emit_stx(c, insn);
		break;
	case BPF_ST:
		if (BPF_MODE(insn->code) != BPF_MEM)
			return false;
		emit_st(c, insn);
		break;
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (i + 1 >= c->len || insn->src_reg)
				return false;
			emit_mov_imm64(c, reg_map[insn->dst_reg],
				       (u64)(u32)insn[0].imm |
				       (u64)(u32)insn[1].imm << 32);
			break;
		}
		if (BPF_MODE(insn->code) != BPF_ABS &&
		    BPF_MODE(insn->code) != BPF_IND)
			return false;
		emit_ld_pkt(c, insn);
		break;
	default:
		return false;
	}
	return !c->fail;
}

/*
 * Branches the program's constants decide, hard-wired as Linux's verifier
 * does: registers set from immediates, and computed from such alone, are
 * followed through the program; a conditional jump they decide becomes a
 * jmp or nothing, and code no path reaches then is left out.  Every
 * operation is still emitted as it is: only jumps change.  Values are
 * computed as the emitted code computes them (shift counts masked as x86
 * does); operations not followed here leave their register unknown.
 */
struct jit_consts {
	u16 known;		/* BIT(r): R<r> holds val[r] */
	u64 val[MAX_BPF_REG];
};

/* @a becomes what holds on both paths, @a's and @b's */
static void consts_meet(struct jit_consts *a, const struct jit_consts *b)
{
	u32 r;

	for (r = 0; r < MAX_BPF_REG; r++)
		if (b->val[r] != a->val[r] || !(b->known & BIT(r)))
			a->known &= ~BIT(r);
}

/* *@dst = *@dst @op @src as the emitted code has it; false if not followed */
static bool fold_alu(u8 op, bool w, u64 *dst, u64 src)
{
	u64 d = *dst;
	u32 mask = w ? 63 : 31;

	switch (op) {
	case BPF_MOV:
		d = src;
		break;
	case BPF_ADD:
		d += src;
		break;
	case BPF_SUB:
		d -= src;
		break;
	case BPF_MUL:
		d *= src;
		break;
	case BPF_OR:
		d |= src;
		break;
	case BPF_AND:
		d &= src;
		break;
	case BPF_XOR:
		d ^= src;
		break;
	case BPF_NEG:
		d = -d;
		break;
	case BPF_LSH:
		d <<= src & mask;
		break;
	case BPF_RSH:
		d = w ? d >> (src & mask) : (u32)d >> (src & mask);
		break;
	case BPF_ARSH:
		d = w ? (u64)((s64)d >> (src & mask)) :
			(u32)((s32)d >> (src & mask));
		break;
	default:
		return false;
	}
	*dst = w ? d : (u32)d;
	return true;
}

/* 1 when the jump @op is taken with @a and @b, 0 when not, -1: not followed */
static int fold_cond(u8 op, bool w, u64 a, u64 b)
{
	s64 sa = w ? (s64)a : (s32)a, sb = w ? (s64)b : (s32)b;

	if (!w) {
		a = (u32)a;
		b = (u32)b;
	}
	switch (op) {
	case BPF_JEQ:	return a == b;
	case BPF_JNE:	return a != b;
	case BPF_JSET:	return !!(a & b);
	case BPF_JGT:	return a > b;
	case BPF_JGE:	return a >= b;
	case BPF_JLT:	return a < b;
	case BPF_JLE:	return a <= b;
	case BPF_JSGT:	return sa > sb;
	case BPF_JSGE:	return sa >= sb;
	case BPF_JSLT:	return sa < sb;
	case BPF_JSLE:	return sa <= sb;
	}
	return -1;
}

/* What instruction @i does to @cur; its conditional jump's outcome too */
static void fold_insn(struct jit_ctx *c, u32 i, struct jit_consts *cur)
{
	const struct bpf_insn *insn = &c->insns[i];
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	bool w = cls == BPF_ALU64 || cls == BPF_JMP;
	bool k = BPF_SRC(insn->code) == BPF_K;
	u16 dst = BIT(insn->dst_reg), src = BIT(insn->src_reg);
	u64 s = k ? (u64)(s64)insn->imm : cur->val[insn->src_reg];
	int taken;

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if ((op == BPF_MOV || (cur->known & dst)) &&
		    (op == BPF_NEG || k || (cur->known & src)) &&
		    fold_alu(op, w, &cur->val[insn->dst_reg], s))
			cur->known |= dst;
		else
			cur->known &= ~dst;
		break;
	case BPF_LDX:
		cur->known &= ~dst;
		break;
	case BPF_STX:
		/* atomics that fetch write src, cmpxchg R0 */
		if (BPF_MODE(insn->code) == BPF_ATOMIC)
			cur->known &= ~(src | BIT(BPF_REG_0));
		break;
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    !insn->src_reg) {
			cur->val[insn->dst_reg] = (u64)(u32)insn[0].imm |
						  (u64)(u32)insn[1].imm << 32;
			cur->known |= dst;
		} else {
			/* LD_ABS/LD_IND clobber R0-R5 */
			cur->known &= ~(dst | GENMASK(BPF_REG_5, BPF_REG_0));
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_CALL) {
			cur->known &= ~GENMASK(BPF_REG_5, BPF_REG_0);
			break;
		}
		if (op == BPF_JA || op == BPF_EXIT)
			break;
		if (!(cur->known & dst) || (!k && !(cur->known & src)))
			break;
		taken = fold_cond(op, w, cur->val[insn->dst_reg], s);
		if (taken >= 0)
			c->fold[i] = taken ? FOLD_ALWAYS : FOLD_NEVER;
		break;
	}
	/* R10 is an address, and a written one is no longer known */
	cur->known &= ~BIT(BPF_REG_10);
}

/*
 * The state of jump target @t, which a jump from the walk's position
 * reaches: met with @cur, or a new one from the pool; false when the pool
 * is out of states.
 */
static bool fold_reach(struct jit_ctx *c, struct jit_consts *pool, u32 size,
		       u64 *busy, u32 t, const struct jit_consts *cur)
{
	u32 k;

	if (c->fold[t] & FOLD_PENDING) {
		consts_meet(&pool[c->spec[t]], cur);
		return true;
	}
	for (k = 0; k < size && (*busy & BIT_ULL(k)); k++)
		;
	if (k == size)
		return false;
	*busy |= BIT_ULL(k);
	pool[k] = *cur;
	c->fold[t] |= FOLD_PENDING;
	c->spec[t] = k;
	return true;
}

/*
 * Fills c->fold[] for a program jit_scan() found fit.  The states of the
 * jump targets ahead of the walk come from a pool in the scratch buffer
 * (unused until jit_emit()); a program with more targets pending at once
 * than it holds is not folded.
 */
static void jit_fold(struct jit_ctx *c)
{
	struct jit_consts cur = {};
	struct jit_consts *pool = (struct jit_consts *)c->scratch;
	u32 size = min_t(u32, c->cap / sizeof(*pool), FOLD_POOL), i, k;
	const struct bpf_insn *insn;
	bool live = true;
	u64 busy = 0;
	u8 op;

	for (i = 0; i < c->len; i++) {
		insn = &c->insns[i];
		if (c->fold[i] & FOLD_PENDING) {
			k = c->spec[i];
			busy &= ~BIT_ULL(k);
			if (live)
				consts_meet(&cur, &pool[k]);
			else
				cur = pool[k];
			live = true;
		}
		c->fold[i] = 0;
		if (!live) {
			c->fold[i] = FOLD_DEAD;
			continue;
		}
		fold_insn(c, i, &cur);
		op = BPF_OP(insn->code);
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			c->fold[++i] = 0;
			continue;
		}
		if ((BPF_CLASS(insn->code) != BPF_JMP &&
		     BPF_CLASS(insn->code) != BPF_JMP32) || op == BPF_CALL)
			continue;
		if (op == BPF_EXIT) {
			live = false;
			continue;
		}
		if (c->fold[i] != FOLD_NEVER &&
		    !fold_reach(c, pool, size, &busy, i + 1 + insn->off, &cur)) {
			memset(c->fold, 0, c->len);
			return;
		}
		if (op == BPF_JA || c->fold[i] == FOLD_ALWAYS)
			live = false;
	}
}

/* Doubles the scratch copy's room; false when out of memory. */
static bool scratch_grow(struct jit_ctx *c)
{
	size_t cap = (size_t)c->cap * 2;
	u8 *p;

	if (cap > U32_MAX)
		return false;
	p = kvmalloc(cap, GFP_KERNEL);
	if (!p)
		return false;
	memcpy(p, c->scratch, c->pos);
	kvfree(c->scratch);
	c->scratch = p;
	c->buf = p;
	c->cap = cap;
	return true;
}

/*
 * The first pass: every instruction into the scratch copy, its start in
 * offs[], in lens[] (and spec[]) whether it ends in a jump or calls out;
 * false when an instruction cannot be done.
 */
static bool jit_emit(struct jit_ctx *c)
{
	const struct bpf_insn *insn;
	u32 i;

	c->buf = c->scratch;
	c->pos = 0;
	emit_prologue(c);
	for (i = 0; i < c->len; i++) {
		insn = &c->insns[i];
		/* jit_scan() saw no register beyond R10 */
		if (c->pos + SCRATCH_SLACK > c->cap && !scratch_grow(c))
			return false;
		c->offs[i] = c->pos;
		if (c->fold[i] == FOLD_DEAD)
			continue;
		if (!emit_insn(c, i))
			return false;
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
			c->offs[++i] = c->pos;	/* its second half */
	}
	c->offs[c->len] = c->pos;
	if (c->pos + SCRATCH_SLACK > c->cap && !scratch_grow(c))
		return false;
	emit_epilogue(c);
	return true;
}

/* Where the jump ending instruction @i goes: EXIT goes to the epilogue. */
static u32 jump_target(const struct jit_ctx *c, u32 i)
{
	const struct bpf_insn *insn = &c->insns[i];

	return BPF_OP(insn->code) == BPF_EXIT ? c->len : i + 1 + insn->off;
}

/* The long form of that jump: jmp rel32, or jcc rel32 */
static u32 jump_long_len(const struct jit_ctx *c, u32 i)
{
	u8 op = BPF_OP(c->insns[i].code);

	return op == BPF_JA || op == BPF_EXIT || c->fold[i] == FOLD_ALWAYS ?
	       5 : 6;
}

/*
 * A sizing pass that emits nothing: the lengths of pass 0 stand, except
 * that each jump is short or long again by the current offsets, exactly
 * as jit_write() will encode them; then the offsets follow.  False when
 * no jump changed, which leaves every offset as it was.
 */
static bool jit_relax(struct jit_ctx *c)
{
	u32 k, i, t, j = 0;
	s32 by = 0, d;
	bool changed = false;
	u8 len;
	s64 rel;

	/* the jumps' lengths, all from the offsets as they are */
	for (k = 0; k < c->nspec; k++) {
		i = c->spec[k];
		len = c->lens[i];
		c->shrink[k] = 0;
		if (!(len & LEN_JUMP))
			continue;
		t = jump_target(c, i);
		rel = (s64)c->offs[t] - c->offs[i + 1];
		d = (s32)(c->offs[i + 1] - c->offs[i]) -
		    (s32)((len & LEN_PREFIX) +
			  (is_s8(rel) ? 2 : jump_long_len(c, i)));
		c->shrink[k] = d;
		changed |= d != 0;
	}
	if (!changed)
		return false;
	/* then the offsets: each insn moves by what went before it */
	for (k = 0; k < c->nspec; k++) {
		if (!c->shrink[k])
			continue;
		i = c->spec[k];
		for (; j <= i; j++)
			c->offs[j] -= by;
		by += c->shrink[k];
	}
	for (; j <= c->len; j++)
		c->offs[j] -= by;
	return true;
}

/*
 * Sizes the program until two passes agree on every offset; returns the
 * image length, or 0 when the program cannot be compiled.  Only the first
 * pass emits: the later ones (jit_relax()) just choose the jumps' lengths.
 */
static u32 jit_size(struct jit_ctx *c)
{
	u32 pass, tail;

	memset(c->lens, 0, c->len);
	if (!jit_emit(c))
		return 0;
	/* the epilogue and the stub after it */
	tail = c->pos - c->offs[c->len];
	/* without jumps, the first pass's offsets are the last */
	for (pass = 1; c->jumps; pass++) {
		/*
		 * Each pass may let more jumps become short; chains built to
		 * need a pass per jump are cut short by padding instead: the
		 * image keeps this layout, with nops.
		 */
		if (pass > PAD_AFTER_PASSES) {
			c->pad = true;
			break;
		}
		if (!jit_relax(c))
			break;
	}
	return c->offs[c->len] + tail;
}

/* Stores the 32 bits of @v at @p, where they may not be aligned */
static void put_rel32(u8 *p, s64 v)
{
	u32 v32 = (u32)v;

	memcpy(p, &v32, 4);
}

/*
 * Fills in the offset of the call ending at @call_end in the image, which
 * instruction @i makes, and for LD_ABS/LD_IND that of its jz to the stub
 * after the epilogue; false when one does not reach.
 */
static bool fill_call(struct jit_ctx *c, u32 i, u32 call_end)
{
	const struct bpf_insn *insn = &c->insns[i];
	bool pkt = BPF_CLASS(insn->code) == BPF_LD;
	const void *target = pkt ? (void *)bpf_ld_abs_pointer :
			     (void *)__bpf_call_base + insn->imm;
	s64 rel;

	rel = (s64)((unsigned long)target -
		    (unsigned long)(c->dest + call_end));
	if (!is_s32(rel))
		return false;
	put_rel32(c->image + call_end - 4, rel);
	if (!pkt)
		return true;
	rel = (s64)c->offs[c->len] + c->epilogue_len -
	      (call_end + LD_PKT_JZ_END);
	if (!is_s32(rel))
		return false;
	put_rel32(c->image + call_end + LD_PKT_JZ_END - 4, rel);
	return true;
}

/*
 * Writes the image, @len bytes, at the final offsets (offs[]): runs of
 * instructions without jumps or calls are copied from the scratch copy
 * as they are; a jump is encoded again for its final distance, after its
 * instruction's other bytes (and nops, when padded); an instruction that
 * calls out is copied too, and its call's offset (and LD_ABS/LD_IND's jz
 * to the stub) filled in for where it lands.  False when something does
 * not fit where the sizing passes put it.
 */
static bool jit_write(struct jit_ctx *c, u32 len)
{
	u32 k, i, start, end, run = 0, shift = 0, n, jlen;
	s64 rel;
	u8 l;

	/*
	 * Straight into the image: an 8-byte store may pass the end of an
	 * instruction, never that of the image (the epilogue follows the
	 * last one), and what it passes is written after.
	 */
	c->buf = c->image;

	for (k = 0; k < c->nspec; k++) {
		i = c->spec[k];
		l = c->lens[i];
		start = c->offs[i];
		end = c->offs[i + 1];
		/* the run before, the same bytes in both */
		memcpy(c->image + run, c->scratch + run + shift, start - run);
		if (l & LEN_CALL) {
			/* a helper call, or LD_ABS/LD_IND */
			memcpy(c->image + start, c->scratch + start + shift,
			       end - start);
			if (!fill_call(c, i, start + (l & LEN_PREFIX)))
				return false;
		} else {
			n = l & LEN_PREFIX;
			/* the bytes before the jump, fewer than 8 */
			memcpy(c->image + start, c->scratch + start + shift, 8);
			c->pos = start + n;
			rel = (s64)c->offs[jump_target(c, i)] - end;
			if (!is_s32(rel))
				return false;
			jlen = jump_long_len(c, i);
			/* padded: nops before the jump, which ends at @end */
			if (c->pad) {
				while (c->pos + (is_s8(rel) ? 2 : jlen) < end)
					emit1(c, 0x90);		/* nop */
			}
			emit_jmp_rel(c, rel, jlen == 5 ? 0xff :
				     jmp_cc(BPF_OP(c->insns[i].code)));
			if (c->pos != end)
				return false;
			/* the scratch copy's jump was as long as in pass 0 */
			shift += n + (l & LEN_SHORT0 ? 2 : jlen) - (end - start);
		}
		run = end;
	}
	memcpy(c->image + run, c->scratch + run + shift, len - run);
	return true;
}

/*
 * Images live in packs: regions from module_alloc(), filled with int3 and
 * made read-only and executable once, when they are created, then carved
 * into JIT_CHUNK-byte chunks.  An image is written into its chunks with
 * text_poke_copy() and, when its program goes, turned back into int3 with
 * text_poke_set(), so no program changes page permissions (and flushes
 * TLBs) on its own, and small programs share pages.  An image starts at
 * a random 16-byte offset within its first chunk, which bpf_jit_free()
 * finds again from bpf_func.  A program too big for a pack gets one of
 * its own, freed with it; of the standard packs, one stays when empty,
 * so that loading and freeing programs in turn does not create a pack
 * each time.
 */
#define JIT_CHUNK		128
#define JIT_PACK_SIZE		(64 * PAGE_SIZE)
#define JIT_PACK_CHUNKS		(JIT_PACK_SIZE / JIT_CHUNK)

struct jit_pack {
	struct list_head list;
	u8 *base;
	u32 chunks;		/* its size */
	u32 used;		/* chunks of live images */
	unsigned long bitmap[];	/* a bit per chunk, set when used */
};

/* the packs, their chunks' bits and the count of standard packs */
static DEFINE_MUTEX(jit_pack_mutex);
static LIST_HEAD(jit_packs);
static u32 jit_standard_packs;

static struct jit_pack *jit_pack_new(u32 chunks)
{
	struct jit_pack *pack;
	unsigned long size = (unsigned long)chunks * JIT_CHUNK;

	pack = kzalloc(struct_size(pack, bitmap, BITS_TO_LONGS(chunks)),
		       GFP_KERNEL);
	if (!pack)
		return NULL;
	pack->base = module_alloc(size);
	if (!pack->base)
		goto free_pack;
	set_vm_flush_reset_perms(pack->base);
	memset(pack->base, 0xcc, size);		/* int3 */
	if (set_memory_ro((unsigned long)pack->base, size / PAGE_SIZE) ||
	    set_memory_x((unsigned long)pack->base, size / PAGE_SIZE))
		goto free_base;
	pack->chunks = chunks;
	list_add_tail(&pack->list, &jit_packs);
	jit_standard_packs += chunks == JIT_PACK_CHUNKS;
	return pack;

free_base:
	module_memfree(pack->base);
free_pack:
	kfree(pack);
	return NULL;
}

/* @size bytes of int3 in some pack, a new one when none has room */
static u8 *jit_pack_alloc(u32 size)
{
	u32 n = DIV_ROUND_UP(size, JIT_CHUNK);
	struct jit_pack *pack;
	unsigned long pos;

	mutex_lock(&jit_pack_mutex);
	list_for_each_entry(pack, &jit_packs, list) {
		if (pack->chunks - pack->used < n)
			continue;
		pos = bitmap_find_next_zero_area(pack->bitmap, pack->chunks,
						 0, n, 0);
		if (pos < pack->chunks)
			goto found;
	}
	pack = jit_pack_new(n > JIT_PACK_CHUNKS ?
			    PAGE_ALIGN(size) / JIT_CHUNK : JIT_PACK_CHUNKS);
	if (!pack) {
		mutex_unlock(&jit_pack_mutex);
		return NULL;
	}
	pos = 0;
found:
	bitmap_set(pack->bitmap, pos, n);
	pack->used += n;
	mutex_unlock(&jit_pack_mutex);
	return pack->base + pos * JIT_CHUNK;
}

/* Gives back the @size bytes at @p, from jit_pack_alloc(), int3 again */
static void jit_pack_free(u8 *p, u32 size)
{
	u32 n = DIV_ROUND_UP(size, JIT_CHUNK);
	struct jit_pack *pack;

	mutex_lock(&jit_pack_mutex);
	list_for_each_entry(pack, &jit_packs, list) {
		if (p >= pack->base &&
		    p < pack->base + (unsigned long)pack->chunks * JIT_CHUNK)
			goto found;
	}
	WARN_ONCE(1, "bpf_jit: %p is in no pack\n", p);
	mutex_unlock(&jit_pack_mutex);
	return;

found:
	text_poke_set(p, 0xcc, (size_t)n * JIT_CHUNK);
	bitmap_clear(pack->bitmap, (p - pack->base) / JIT_CHUNK, n);
	pack->used -= n;
	if (!pack->used &&
	    (pack->chunks != JIT_PACK_CHUNKS || jit_standard_packs > 1)) {
		jit_standard_packs -= pack->chunks == JIT_PACK_CHUNKS;
		list_del(&pack->list);
		module_memfree(pack->base);
		kfree(pack);
	}
	mutex_unlock(&jit_pack_mutex);
}

static void jit_dump(const struct bpf_prog *prog, const u8 *image, u32 len)
{
	pr_err("bpf_jit: %u insns, %u bytes at %p\n", prog->len, len, image);
	print_hex_dump(KERN_ERR, "JIT code: ", DUMP_PREFIX_OFFSET, 16, 1,
		       image, len, false);
}

struct bpf_prog *bpf_int_jit_compile(struct bpf_prog *prog)
{
	struct jit_ctx c = {};
	u32 *arrays, len, start;

	if (!prog->len)
		return prog;
	c.insns = prog->insnsi;
	c.len = prog->len;
	/* offs, spec, shrink, lens and fold in one allocation */
	arrays = kvmalloc((size_t)(c.len + 1) * (2 * sizeof(u32) + 3),
			  GFP_KERNEL);
	if (!arrays)
		goto out;
	c.offs = arrays;
	c.spec = c.offs + c.len + 1;
	c.shrink = (s8 *)(c.spec + c.len + 1);
	c.lens = (u8 *)(c.shrink + c.len + 1);
	c.fold = c.lens + c.len + 1;
	/*
	 * room for 8 bytes an instruction, and for jit_fold()'s states of
	 * small programs; it grows when that is not enough
	 */
	c.cap = c.len * 8 + 1024 + SCRATCH_SLACK;
	c.scratch = kvmalloc(c.cap, GFP_KERNEL);
	if (!c.scratch)
		goto out;
	memset(c.fold, 0, c.len);
	if (jit_scan(&c, prog))
		jit_fold(&c);
	else
		memset(c.fold, 0, c.len);
	if (c.bad_reg)
		goto out;
	len = jit_size(&c);
	if (!len || len > U32_MAX / 2)
		goto out;

	c.image = kvmalloc(len, GFP_KERNEL);
	if (!c.image)
		goto out;
	/* a random 16-byte aligned start within the first chunk */
	start = (get_random_u32() % (JIT_CHUNK / 16)) * 16;
	c.dest = jit_pack_alloc(start + len);
	if (!c.dest)
		goto out;
	c.dest += start;
	if (!jit_write(&c, len) || !text_poke_copy(c.dest, c.image, len)) {
		jit_pack_free(c.dest - start, start + len);
		goto out;
	}
	if (bpf_jit_enable > 1)
		jit_dump(prog, c.dest, len);
	prog->bpf_func = (void *)c.dest;
	prog->jited = 1;
	prog->jited_len = len;
out:
	kvfree(c.image);
	kvfree(c.scratch);
	kvfree(arrays);
	return prog;
}

/*
 * Frees the image of a compiled program (it starts within its first
 * chunk); the program itself is the caller's to free.
 */
void bpf_jit_free(struct bpf_prog *prog)
{
	unsigned long func = (unsigned long)prog->bpf_func;
	u32 start;

	if (!prog->jited)
		return;
	start = func % JIT_CHUNK;
	jit_pack_free((u8 *)(func - start), start + prog->jited_len);
	prog->jited = 0;
	prog->bpf_func = NULL;
}
