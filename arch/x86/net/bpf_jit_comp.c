// SPDX-License-Identifier: GPL-2.0-only
/*
 * The eBPF JIT for x86-64.
 *
 * Registers: BPF R0 lives in rax and R1-R5 in the C argument registers
 * (rdi, rsi, rdx, rcx, r8), so a helper call is a plain "call rel32" and its
 * result is R0 at once; R6-R9 live in callee-saved rbx, r13, r14, r15 and
 * R10 is rbp, the top of a 512-byte stack in the frame.  r9, r10 and r11
 * are scratch.  The frame:
 *
 *	[rbp + 8]		return address
 *	[rbp]			caller's rbp
 *	[rbp - 512, rbp)	the program's stack
 *	[rbp - 528, rbp - 512)	buffer of LD_ABS/LD_IND (bpf_ld_abs_pointer)
 *	[rbp - 560, rbp - 528)	rbx, r13, r14, r15
 *
 * The body runs with rsp 16-byte aligned, so calls need no adjustment.
 * Every EXIT jumps to one epilogue at the end of the image; a packet load
 * that fails jumps to a stub before it that sets R0 to 0.
 *
 * The code is sized in passes: the first emits every instruction (into
 * nothing) with the jumps long, and keeps the length of each; each later
 * one only chooses the jumps again, short (rel8) where they reach by the
 * previous pass's offsets, until two passes agree on every offset; after
 * ten passes, instructions are padded with nops (before a jump) to their
 * previous length, which makes the layout final.  One more pass writes
 * the image, into memory from module_alloc() at a random offset within
 * the first page, the rest filled with int3, then made read-only and
 * executable.  Anything that goes wrong leaves the program to the
 * interpreter.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleloader.h>
#include <linux/printk.h>
#include <linux/random.h>
#include <linux/set_memory.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

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

#define LDABS_BUF_OFF	(-MAX_BPF_STACK - 16)
#define JIT_FRAME_SIZE	(MAX_BPF_STACK + 16)
/* rbp - rsp in the body: the frame and four callee-saved registers */
#define RSP_OFF		(JIT_FRAME_SIZE + 32)
/* the epilogue: pop r15, r14, r13, rbx (7 bytes), leave, ret */
#define EPILOGUE_LEN	9
/* a pessimistic size of one instruction, for the first pass */
#define INSN_MAX_LEN	64
#define PAD_AFTER_PASSES	10
/* in lens[]: the instruction ends in a jump after this many other bytes */
#define LEN_JUMP	0x80

struct jit_ctx {
	u8 *image;		/* NULL while sizing */
	u32 pos;
	u32 *offs;		/* start of each insn in the previous pass */
	u32 *noffs;		/* ... in this pass; [len] is the epilogue */
	u8 *lens;		/* LEN_JUMP and the length before it, or 0 */
	const struct bpf_insn *insns;
	u32 len;
	u32 jumps;		/* jumps whose length depends on offsets */
	bool pad;		/* keep the previous pass's layout, with nops */
	bool fail;
};

static void emit1(struct jit_ctx *c, u8 b)
{
	if (c->image)
		c->image[c->pos] = b;
	c->pos++;
}

/* x86 is little-endian: the bytes of an integer are in image order */
static void emit2(struct jit_ctx *c, u8 b1, u8 b2)
{
	u16 v = b1 | b2 << 8;

	if (c->image)
		memcpy(c->image + c->pos, &v, 2);
	c->pos += 2;
}

static void emit4(struct jit_ctx *c, u32 v)
{
	if (c->image)
		memcpy(c->image + c->pos, &v, 4);
	c->pos += 4;
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

static void emit_modrm_rr(struct jit_ctx *c, u8 reg, u8 rm)
{
	emit1(c, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/*
 * ModRM (and SIB) for [base + off]; rbp/r13 always take a displacement.
 * The stack is addressed from rsp, which stays at rbp - RSP_OFF in the
 * body: AMD cores forward stores to loads at no latency ("memory
 * renaming") only for rsp-based addresses, which makes stack-heavy
 * programs about three times faster there.
 */
static void emit_modrm_mem(struct jit_ctx *c, u8 reg, u8 base, s32 off)
{
	u8 mod;

	if (base == X_RBP) {
		base = X_RSP;
		off += RSP_OFF;
	}
	mod = is_s8(off) ? 0x40 : 0x80;

	emit1(c, mod | (reg & 7) << 3 | (base & 7));
	if ((base & 7) == X_RSP)
		emit1(c, 0x24);
	if (mod == 0x40)
		emit1(c, (u8)off);
	else
		emit4(c, off);
}

/* op r/m, reg with a one-byte opcode */
static void emit_rr(struct jit_ctx *c, bool w, u8 op, u8 reg, u8 rm)
{
	emit_rex(c, w, reg, rm, false);
	emit2(c, op, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/* two-byte opcode 0f @op, reg, r/m */
static void emit_rr_0f(struct jit_ctx *c, bool w, u8 op, u8 reg, u8 rm)
{
	emit_rex(c, w, reg, rm, false);
	emit2(c, 0x0f, op);
	emit_modrm_rr(c, reg, rm);
}

static void emit_mov_rr(struct jit_ctx *c, bool w, u8 dst, u8 src)
{
	emit_rr(c, w, 0x89, src, dst);
}

/* group-1 operation @ext (add 0, or 1, and 4, sub 5, xor 6, cmp 7) */
static void emit_alu_imm(struct jit_ctx *c, bool w, u8 ext, u8 dst, s32 imm)
{
	emit_rex(c, w, 0, dst, false);
	if (is_s8(imm)) {
		emit1(c, 0x83);
		emit_modrm_rr(c, ext, dst);
		emit1(c, (u8)imm);
	} else {
		emit1(c, 0x81);
		emit_modrm_rr(c, ext, dst);
		emit4(c, imm);
	}
}

/* dst = imm, sign-extended (@w) or zero-extended from 32 bits */
static void emit_mov_imm(struct jit_ctx *c, bool w, u8 dst, s32 imm)
{
	if (!imm) {
		emit_rr(c, false, 0x31, dst, dst);	/* xor r32, r32 */
	} else if (!w || imm > 0) {
		emit_rex(c, false, 0, dst, false);
		emit1(c, 0xb8 | (dst & 7));
		emit4(c, imm);
	} else {
		emit_rex(c, true, 0, dst, false);
		emit1(c, 0xc7);
		emit_modrm_rr(c, 0, dst);
		emit4(c, imm);
	}
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

static void emit_jmp_rel(struct jit_ctx *c, s64 rel_end, u8 cc)
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

/* A jump that ends the instruction @i, to the start of instruction @t. */
static void emit_insn_jump(struct jit_ctx *c, u32 i, u32 t, u8 cc)
{
	s64 rel;

	if (t > c->len) {
		c->fail = true;
		return;
	}
	rel = (s64)c->offs[t] - c->offs[i + 1];
	if (!is_s32(rel)) {
		c->fail = true;
		return;
	}
	c->jumps++;
	c->lens[i] = LEN_JUMP | (c->pos - c->noffs[i]);
	/*
	 * Padded, the instruction keeps its previous length: the nops go
	 * before the jump, which must end where @rel counts from.
	 */
	if (c->pad) {
		while (c->pos + (is_s8(rel) ? 2 : cc == 0xff ? 5 : 6) <
		       c->offs[i + 1])
			emit1(c, 0x90);				/* nop */
	}
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

	m.image = NULL;
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

static void emit_alu(struct jit_ctx *c, const struct bpf_insn *insn)
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

static void emit_ldx(struct jit_ctx *c, const struct bpf_insn *insn)
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

static void emit_stx(struct jit_ctx *c, const struct bpf_insn *insn)
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

static void emit_st(struct jit_ctx *c, const struct bpf_insn *insn)
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

/* call rel32 to @target; the image's address decides the offset */
static void emit_call(struct jit_ctx *c, const void *target)
{
	s64 rel;

	emit1(c, 0xe8);
	if (!c->image) {
		c->pos += 4;
		return;
	}
	rel = (s64)((unsigned long)target - (unsigned long)(c->image + c->pos + 4));
	if (!is_s32(rel))
		c->fail = true;
	emit4(c, (u32)rel);
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
	s64 rel;

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
	/* lea rcx, [rbp + LDABS_BUF_OFF] */
	emit_rex(c, true, X_RCX, X_RBP, false);
	emit1(c, 0x8d);
	emit_modrm_mem(c, X_RCX, X_RBP, LDABS_BUF_OFF);
	emit_call(c, bpf_ld_abs_pointer);
	emit_rr(c, true, 0x85, X_RAX, X_RAX);		/* test rax, rax */
	/* jz rel32 to the stub: always near, so its size never changes */
	rel = (s64)c->offs[c->len] + EPILOGUE_LEN - (c->pos + 6);
	if (c->image && rel != (s32)rel)
		c->fail = true;
	emit2(c, 0x0f, 0x80 | CC_E);
	emit4(c, (u32)rel);
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

static void emit_jmp(struct jit_ctx *c, const struct bpf_insn *insn, u32 i)
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
		if (insn->off)
			emit_insn_jump(c, i, i + 1 + insn->off, 0xff);
		return;
	case BPF_EXIT:
		if (i + 1 != c->len)
			emit_insn_jump(c, i, c->len, 0xff);
		return;
	case BPF_CALL:
		if (!w || insn->src_reg) {
			c->fail = true;
			return;
		}
		emit_call(c, (void *)__bpf_call_base + insn->imm);
		return;
	}
	cc = jmp_cc(op);
	if (cc < 0) {
		c->fail = true;
		return;
	}
	/* a jump to the next instruction does nothing */
	if (!insn->off)
		return;
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

static void emit_prologue(struct jit_ctx *c)
{
	emit2(c, 0xf3, 0x0f);			/* endbr64 */
	emit2(c, 0x1e, 0xfa);
	emit1(c, 0x55);				/* push rbp */
	emit_mov_rr(c, true, X_RBP, X_RSP);	/* mov rbp, rsp */
	emit_rex(c, true, 0, X_RSP, false);	/* sub rsp, JIT_FRAME_SIZE */
	emit1(c, 0x81);
	emit_modrm_rr(c, 5, X_RSP);
	emit4(c, JIT_FRAME_SIZE);
	emit1(c, 0x53);				/* push rbx */
	emit2(c, 0x41, 0x55);			/* push r13 */
	emit2(c, 0x41, 0x56);			/* push r14 */
	emit2(c, 0x41, 0x57);			/* push r15 */
	/* R1 (rdi) holds the context already */
}

static void emit_epilogue(struct jit_ctx *c)
{
	emit2(c, 0x41, 0x5f);			/* pop r15 */
	emit2(c, 0x41, 0x5e);			/* pop r14 */
	emit2(c, 0x41, 0x5d);			/* pop r13 */
	emit1(c, 0x5b);				/* pop rbx */
	emit1(c, 0xc9);				/* leave */
	emit1(c, 0xc3);				/* ret */
	/* failed packet load: R0 = 0 and out */
	emit_rr(c, false, 0x31, X_RAX, X_RAX);
	emit2(c, 0xeb, (u8)-(EPILOGUE_LEN + 4));
}

/* One pass over the program; false when an instruction cannot be done. */
static bool jit_pass(struct jit_ctx *c)
{
	const struct bpf_insn *insn;
	u32 i;

	c->pos = 0;
	c->jumps = 0;
	c->fail = false;
	emit_prologue(c);
	for (i = 0; i < c->len; i++) {
		insn = &c->insns[i];
		c->noffs[i] = c->pos;
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
				c->noffs[++i] = c->pos;
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
		if (c->fail)
			return false;
		/*
		 * Instructions only ever shrink from pass to pass; padded to
		 * their previous length they keep every offset, so the next
		 * pass agrees.
		 */
		if (c->pad) {
			if (c->pos > c->offs[i + 1])
				return false;
			while (c->pos < c->offs[i + 1])
				emit1(c, 0x90);			/* nop */
		}
	}
	c->noffs[c->len] = c->pos;
	emit_epilogue(c);
	return !c->fail;
}

/*
 * A sizing pass that emits nothing: the lengths of pass 0 stand, except
 * that each jump is short or long again by the previous pass's offsets,
 * exactly as jit_pass() would choose.
 */
static void jit_relax(struct jit_ctx *c)
{
	const struct bpf_insn *insn;
	u32 i, t, pos = c->offs[0];
	u8 len, op;
	s64 rel;

	for (i = 0; i < c->len; i++) {
		c->noffs[i] = pos;
		len = c->lens[i];
		if (!len) {
			/* the same length as in every pass */
			pos += c->offs[i + 1] - c->offs[i];
			continue;
		}
		insn = &c->insns[i];
		op = BPF_OP(insn->code);
		t = op == BPF_EXIT ? c->len : i + 1 + insn->off;
		rel = (s64)c->offs[t] - c->offs[i + 1];
		pos += (len & ~LEN_JUMP) + (is_s8(rel) ? 2 :
			op == BPF_JA || op == BPF_EXIT ? 5 : 6);
	}
	c->noffs[c->len] = pos;
}

/*
 * Sizes the program until two passes agree on every offset; returns the
 * image length, or 0 when the program cannot be compiled.  Only pass 0
 * emits: the later ones (jit_relax()) just choose the jumps' lengths.
 */
static u32 jit_size(struct jit_ctx *c)
{
	u32 pass, i, tail, *t;

	for (i = 0; i < c->len; i++) {
		/* once for every pass */
		if (c->insns[i].dst_reg > BPF_REG_10 ||
		    c->insns[i].src_reg > BPF_REG_10)
			return 0;
		c->offs[i] = 64 + i * INSN_MAX_LEN;
	}
	c->offs[c->len] = 64 + c->len * INSN_MAX_LEN;
	memset(c->lens, 0, c->len);
	if (!jit_pass(c))
		return 0;
	/* the epilogue and the stub after it */
	tail = c->pos - c->noffs[c->len];
	for (pass = 1; ; pass++) {
		t = c->offs;
		c->offs = c->noffs;
		c->noffs = t;
		/* without jumps, the first pass's offsets are the last */
		if (!c->jumps)
			break;
		/*
		 * Each pass may let more jumps become short; chains built to
		 * need a pass per jump are cut short by padding instead: the
		 * writing pass keeps this layout, with nops.
		 */
		if (pass > PAD_AFTER_PASSES) {
			c->pad = true;
			break;
		}
		jit_relax(c);
		if (!memcmp(c->offs, c->noffs, (c->len + 1) * sizeof(u32)))
			break;
	}
	return c->offs[c->len] + tail;
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
	unsigned long size, start;
	u32 *arrays;
	u8 *base;
	u32 len;

	if (!prog->len)
		return prog;
	c.insns = prog->insnsi;
	c.len = prog->len;
	/* offs, noffs and lens in one allocation */
	arrays = kvmalloc((size_t)(c.len + 1) * (2 * sizeof(u32) + 1),
			  GFP_KERNEL);
	if (!arrays)
		goto out;
	c.offs = arrays;
	c.noffs = c.offs + c.len + 1;
	c.lens = (u8 *)(c.noffs + c.len + 1);
	len = jit_size(&c);
	if (!len)
		goto out;

	size = PAGE_ALIGN(len + 128);
	base = module_alloc(size);
	if (!base)
		goto out;
	set_vm_flush_reset_perms(base);
	memset(base, 0xcc, size);			/* int3 */
	/* a random 16-byte aligned start within the first page */
	start = (get_random_u32() % (min_t(unsigned long, size - len,
					   PAGE_SIZE - 1) / 16 + 1)) * 16;
	c.image = base + start;
	if (!jit_pass(&c) || c.pos != len ||
	    memcmp(c.offs, c.noffs, (c.len + 1) * sizeof(u32))) {
		module_memfree(base);
		goto out;
	}
	if (bpf_jit_enable > 1)
		jit_dump(prog, c.image, len);
	if (set_memory_ro((unsigned long)base, size / PAGE_SIZE) ||
	    set_memory_x((unsigned long)base, size / PAGE_SIZE)) {
		module_memfree(base);
		goto out;
	}
	prog->bpf_func = (void *)c.image;
	prog->jited = 1;
	prog->jited_len = len;
out:
	kvfree(arrays);
	return prog;
}

/*
 * Frees the image of a compiled program (its start is within the first
 * page of the allocation); the program itself is the caller's to free.
 */
void bpf_jit_free(struct bpf_prog *prog)
{
	if (!prog->jited)
		return;
	module_memfree((void *)((unsigned long)prog->bpf_func & PAGE_MASK));
	prog->jited = 0;
	prog->bpf_func = NULL;
}
