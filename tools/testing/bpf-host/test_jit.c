// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host unit tests of the x86-64 JIT (arch/x86/net/bpf_jit_comp.c), KTAP
 * output.  Most run a program through the interpreter and through the JIT
 * and want the same R0, the same registers and the same memory; they aim
 * at the bug classes found in real x86 JITs: 8-bit register encodings of
 * byte stores, shifts by zero and by the register that lives in rcx, sign
 * extension of 32-bit immediates, zero extension of 32-bit results,
 * division by zero, jumps at the short/near boundary and very long
 * programs.  Then every ALU and jump case of interp_cases.h, with the
 * interpreter's expected results.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleloader.h>

#include "check.h"
#include "insn.h"
#include "interp.h"
#include "host_interp.h"
#include "host_jit.h"
#include "interp_cases.h"

#define CHECK_U64(a, b)							\
	do {								\
		u64 __a = (a), __b = (b);				\
		if (__a != __b)						\
			FAIL("%s:%d: %s == 0x%llx, expected 0x%llx",	\
			     __FILE__, __LINE__, #a,			\
			     (unsigned long long)__a,			\
			     (unsigned long long)__b);			\
	} while (0)

/* The failure message of a helper, for a message of the caller's */
static const char *prev_msg(void)
{
	static char m[512];

	memcpy(m, fail_msg, sizeof(m));
	return m;
}

#define MAX_PROG	256
#define MEM_SIZE	64

static u64 rng = 0x9e3779b97f4a7c15ULL;

static u64 rnd64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Values with the bits JITs get wrong: sign, bit 31, bit 32, all ones. */
static const u64 vals[] = {
	0, 1, 2, 7, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0x123456789abcdef0ULL, 0x8000000000000000ULL, 0x7fffffffffffffffULL,
	0xffffffff80000000ULL, 0xfffffffffffffffeULL, 0xffffffffffffffffULL,
};

static const s32 imms[] = {
	0, 1, -1, 2, 3, 31, 32, 33, 63, 64, 127, 128, -128, -129, 255, 0x7fff,
	0x8000, -0x8000, 0x7fffffff, (s32)0x80000000, 0x12345678,
	(s32)0xfedcba98,
};

/*
 * Fixes up CALL ids, then appends an epilogue folding R0-R9 into R0 if
 * @fold (a register the JIT clobbered shows), and runs @prog on both.
 */
static int prep(const struct bpf_insn *prog, u32 n, bool fold,
		struct bpf_insn *p, u32 *np)
{
	u32 i, k = 0;

	if (n + 40 > MAX_PROG)
		return -1;
	for (i = 0; i < n; i++) {
		p[k] = prog[i];
		if (p[k].code == (BPF_JMP | BPF_CALL) &&
		    !host_helper_imm(p[k].imm, &p[k].imm))
			return -1;
		k++;
	}
	if (fold) {
		/* the program's EXIT, if last, becomes the fold */
		if (k && p[k - 1].code == (BPF_JMP | BPF_EXIT))
			k--;
		for (i = BPF_REG_1; i <= BPF_REG_9; i++) {
			p[k++] = I_A64K(MUL, BPF_REG_0, 1000003);
			p[k++] = I_A64X(XOR, BPF_REG_0, i);
		}
		p[k++] = I_EXIT;
	}
	*np = k;
	return 0;
}

static u8 mem_i[MEM_SIZE], mem_j[MEM_SIZE];

/*
 * Runs @prog through the interpreter and the JIT with R1 at a copy of the
 * same memory; R0 and the memory must agree.  R0 in @r0.
 */
static int both(const struct bpf_insn *prog, u32 n, bool fold, u64 *r0)
{
	struct bpf_insn p[MAX_PROG], q[MAX_PROG + 2];
	u64 ri = 0, rj = 0;
	u32 np, i;
	int e;

	if (prep(prog, n, fold, p, &np))
		FAIL("harness: program too long");
	for (i = 0; i < MEM_SIZE; i++)
		mem_i[i] = mem_j[i] = i * 37 + 11;
	e = host_interp_run64(p, np, mem_i, 0, &ri);
	if (e < 0)
		FAIL("interpreter run failed");
	if (host_jit_run64(p, np, mem_j, 0, &rj))
		FAIL("the JIT refused the program");
	if (ri != rj)
		FAIL("R0 0x%llx from the interpreter, 0x%llx from the JIT",
		     (unsigned long long)ri, (unsigned long long)rj);
	if (memcmp(mem_i, mem_j, MEM_SIZE))
		FAIL("memory differs after the runs");
	/*
	 * Again with the jumps the JIT would decide from constants left to
	 * the code: a backward jump in front, never taken, makes jit_fold()
	 * give up, so the compares and jumps emitted for them run too.
	 */
	q[0] = I_JA(1);
	q[1] = I_JA(-2);
	memcpy(q + 2, p, np * sizeof(*p));
	for (i = 0; i < MEM_SIZE; i++)
		mem_j[i] = i * 37 + 11;
	if (host_jit_run64(q, np + 2, mem_j, 0, &rj))
		FAIL("the JIT refused the program, not folding");
	if (ri != rj)
		FAIL("R0 0x%llx from the interpreter, 0x%llx from the JIT not folding",
		     (unsigned long long)ri, (unsigned long long)rj);
	if (memcmp(mem_i, mem_j, MEM_SIZE))
		FAIL("memory differs after the runs, not folding");
	if (r0)
		*r0 = rj;
	return 0;
}

/* both() on the program in the variadic arguments */
#define BOTH(fold, ...)							\
	both((const struct bpf_insn[]){ __VA_ARGS__ },			\
	     ARRAY_SIZE(((const struct bpf_insn[]){ __VA_ARGS__ })),	\
	     fold, NULL)

/* LD_IMM64 @r = @v at @p; 2 instructions */
static u32 ld64(struct bpf_insn *p, int r, u64 v)
{
	p[0] = I_INSN(BPF_LD | BPF_IMM | BPF_DW, r, 0, 0, (s32)(u32)v);
	p[1] = I_INSN(0, 0, 0, 0, (s32)(u32)(v >> 32));
	return 2;
}

static u64 reg_pattern(int r)
{
	return 0x0102030405060708ULL * (r + 1) ^ 0x8080808080808080ULL;
}

/* Loads R0-R9 but @except with distinct values. */
static u32 set_regs(struct bpf_insn *p, int except)
{
	u32 k = 0;
	int r;

	for (r = BPF_REG_0; r <= BPF_REG_9; r++)
		if (r != except)
			k += ld64(p + k, r, reg_pattern(r));
	return k;
}

/* ---- byte (and wider) stores from every register ---- */

/*
 * *(size *)(dst + off) = src for every src R0-R10 and dst R0-R10 (a
 * pointer to memory, or the stack), then the program checks what landed
 * against src itself: 1 when right.  Also compared with the interpreter.
 */
static int test_stores_every_reg(void)
{
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	static const u64 masks[] = { 0xff, 0xffff, 0xffffffff, ~0ULL };
	struct bpf_insn p[MAX_PROG];
	int s, d, z;
	u32 k;
	u64 r0;

	for (z = 0; z < 4; z++) {
		for (d = BPF_REG_0; d <= BPF_REG_10; d++) {
			for (s = BPF_REG_0; s <= BPF_REG_10; s++) {
				s16 off = d == BPF_REG_10 ? -24 : 8;

				k = 0;
				if (d != BPF_REG_10 && d != BPF_REG_1)
					p[k++] = I_MOV64X(d, BPF_REG_1);
				/* every other register holds a pattern */
				k += set_regs(p + k, d);
				p[k++] = I_INSN(BPF_STX | BPF_MEM | sizes[z],
						d, s, off, 0);
				p[k++] = I_STX(DW, BPF_REG_10, s, -8);
				p[k++] = I_INSN(BPF_LDX | BPF_MEM | sizes[z],
						BPF_REG_2, d, off, 0);
				p[k++] = I_LDX(DW, BPF_REG_3, BPF_REG_10, -8);
				if (z < 3) {
					k += ld64(p + k, BPF_REG_4, masks[z]);
					p[k++] = I_A64X(AND, BPF_REG_3,
							BPF_REG_4);
				}
				p[k++] = I_MOV64K(BPF_REG_0, 0);
				p[k++] = I_JX(JNE, BPF_REG_2, BPF_REG_3, 1);
				p[k++] = I_MOV64K(BPF_REG_0, 1);
				p[k++] = I_EXIT;
				if (s == d || s == BPF_REG_10) {
					/* a pointer: only the self-check */
					if (host_jit_run64(p, k, mem_j, 0, &r0))
						FAIL("the JIT refused it");
				} else if (both(p, k, false, &r0)) {
					return -1;
				}
				if (r0 != 1)
					FAIL("size %d: *(r%d + %d) = r%d stored the wrong bytes",
					     z, d, off, s);
			}
		}
	}
	return 0;
}

/* ST (immediate) stores of every size, to memory and the stack */
static int test_store_imm(void)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(imms); i++) {
		s32 v = imms[i];

		if (BOTH(false, I_ST(B, BPF_REG_1, 1, v), I_ST(H, BPF_REG_1, 2, v),
		     I_ST(W, BPF_REG_1, 8, v), I_ST(DW, BPF_REG_1, 16, v),
		     I_ST(DW, BPF_REG_10, -8, v), I_ST(B, BPF_REG_10, -7, v),
		     I_LDX(DW, BPF_REG_0, BPF_REG_10, -8), I_EXIT))
			return -1;
	}
	return 0;
}

/* ---- shifts ---- */

/*
 * Every shift, both widths, by every register as the count into every
 * register (R4 lives in rcx, where x86 wants the count), counts 0, 1, 31,
 * 32, 63, 64 + 5; immediates 0..63.  All registers compared after.
 */
/* One shift @code into @d, by every register and count, or every imm. */
static int shift_one(u8 code, int d)
{
	static const s32 counts[] = { 0, 1, 31, 32, 63, 69 };
	struct bpf_insn p[MAX_PROG];
	int s, c;
	u32 k;

	for (s = BPF_REG_0; s <= BPF_REG_9; s++) {
		for (c = 0; c < 6; c++) {
			k = set_regs(p, -1);
			if (s != d)
				p[k++] = I_MOV64K(s, counts[c]);
			p[k++] = I_INSN(code | BPF_X, d, s, 0, 0);
			p[k++] = I_EXIT;
			if (both(p, k, true, NULL))
				FAIL("shift %#x r%d by r%d (%d): %s", code, d,
				     s, counts[c], prev_msg());
		}
	}
	for (c = 0; c < 64; c++) {
		k = set_regs(p, -1);
		p[k++] = I_INSN(code | BPF_K, d, 0, 0, c);
		p[k++] = I_EXIT;
		if (both(p, k, true, NULL))
			FAIL("shift %#x r%d by %d: %s", code, d, c, prev_msg());
	}
	return 0;
}

static int test_shifts(void)
{
	static const u8 ops[] = { BPF_LSH, BPF_RSH, BPF_ARSH };
	int o, w, d;

	for (o = 0; o < 3; o++)
		for (w = 0; w < 2; w++)
			for (d = BPF_REG_0; d <= BPF_REG_9; d++)
				if (shift_one((w ? BPF_ALU64 : BPF_ALU) | ops[o],
					      d))
					return -1;
	return 0;
}

/* A 32-bit shift by zero still clears the upper half, in x86 and BPF. */
static int test_shift32_by_zero_zext(void)
{
	u64 r0;
	const struct bpf_insn p[] = {
		I_LD64_LO(BPF_REG_4, 0xffffffff00000000ULL),
		I_LD64_HI(0xffffffff00000000ULL),
		I_LD64_LO(BPF_REG_0, 0xabcdef0123456789ULL),
		I_LD64_HI(0xabcdef0123456789ULL),
		I_A32X(LSH, BPF_REG_0, BPF_REG_4),
		I_EXIT,
	};

	if (both(p, ARRAY_SIZE(p), false, &r0))
		return -1;
	CHECK_U64(r0, 0x23456789);
	{
		struct bpf_insn q[] = {
			I_LD64_LO(BPF_REG_4, 0xffffffff00000000ULL),
			I_LD64_HI(0xffffffff00000000ULL),
			I_A32X(RSH, BPF_REG_4, BPF_REG_4),
			I_MOV64X(BPF_REG_0, BPF_REG_4),
			I_EXIT,
		};

		if (both(q, ARRAY_SIZE(q), false, &r0))
			return -1;
		CHECK_U64(r0, 0);
	}
	return 0;
}

/* ---- immediates, zero extension, division ---- */

static const int alu_regs[] = { BPF_REG_0, BPF_REG_1, BPF_REG_3, BPF_REG_4,
				BPF_REG_9 };

/* @code into alu_regs[@d] = @v: with every immediate, every register */
static int alu_one(u8 code, u32 d, u64 v)
{
	struct bpf_insn p[MAX_PROG];
	u32 i, s, k;

	for (i = 0; i < ARRAY_SIZE(imms); i++) {
		k = set_regs(p, -1);
		k += ld64(p + k, alu_regs[d], v);
		p[k++] = I_INSN(code | BPF_K, alu_regs[d], 0, 0, imms[i]);
		p[k++] = I_EXIT;
		if (both(p, k, true, NULL))
			FAIL("op %#x r%d=%#llx imm %d: %s", code, alu_regs[d],
			     (unsigned long long)v, imms[i], prev_msg());
	}
	for (s = 0; s < ARRAY_SIZE(alu_regs); s++) {
		k = set_regs(p, -1);
		k += ld64(p + k, alu_regs[s], v);
		p[k++] = I_INSN(code | BPF_X, alu_regs[d], alu_regs[s], 0, 0);
		p[k++] = I_EXIT;
		if (both(p, k, true, NULL))
			FAIL("op %#x r%d, r%d=%#llx: %s", code, alu_regs[d],
			     alu_regs[s], (unsigned long long)v, prev_msg());
	}
	return 0;
}

/*
 * Every ALU operation, both widths, with every immediate of imms[] and
 * every value of vals[] in several registers (R0 = rax and R3 = rdx, which
 * division uses); all registers compared after.
 */
static int test_alu_imm_and_reg(void)
{
	static const u8 ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND,
		BPF_MOD, BPF_XOR, BPF_MOV,
	};
	u32 o, w, v, d;

	for (o = 0; o < ARRAY_SIZE(ops); o++)
		for (w = 0; w < 2; w++)
			for (d = 0; d < ARRAY_SIZE(alu_regs); d++)
				for (v = 0; v < ARRAY_SIZE(vals); v++)
					if (alu_one((w ? BPF_ALU64 : BPF_ALU) |
						    ops[o], d, vals[v]))
						return -1;
	return 0;
}

/* Division and modulo by zero: 0, and the dividend (zero-extended) */
static int test_div_by_zero(void)
{
	u64 r0;
	int d, s;
	struct bpf_insn p[MAX_PROG];
	u32 k;

	for (d = BPF_REG_0; d <= BPF_REG_9; d++) {
		for (s = BPF_REG_0; s <= BPF_REG_9; s++) {
			static const u8 ops[] = { BPF_DIV, BPF_MOD };
			u32 o, w;

			if (s == d)
				continue;
			for (o = 0; o < 2; o++) {
				for (w = 0; w < 2; w++) {
					u64 dv = reg_pattern(d), want;

					k = set_regs(p, -1);
					/* zero in the low half only, for 32 bits */
					k += ld64(p + k, s, w ? 0 : 7ULL << 32);
					p[k++] = I_INSN((w ? BPF_ALU64 : BPF_ALU) |
							ops[o] | BPF_X, d, s, 0, 0);
					/* all registers the same after? */
					if (both(p, k, true, NULL))
						return -1;
					p[k++] = I_MOV64X(BPF_REG_0, d);
					p[k++] = I_EXIT;
					if (both(p, k, false, &r0))
						return -1;
					want = ops[o] == BPF_DIV ? 0 :
					       w ? dv : (u32)dv;
					if (r0 != want)
						FAIL("r%d %s= r%d (0) %s: 0x%llx",
						     d, o ? "%" : "/", s,
						     w ? "64" : "32",
						     (unsigned long long)r0);
				}
			}
		}
	}
	/* the immediate forms the interpreter allows */
	if (BOTH(false, I_LD64_LO(0, 0xfffffffff1234567ULL),
	    I_LD64_HI(0xfffffffff1234567ULL), I_A64K(DIV, 0, 0), I_EXIT))
		return -1;
	if (BOTH(false, I_LD64_LO(0, 0xfffffffff1234567ULL),
	    I_LD64_HI(0xfffffffff1234567ULL), I_A64K(MOD, 0, 0), I_EXIT))
		return -1;
	if (BOTH(false, I_LD64_LO(0, 0xfffffffff1234567ULL),
	    I_LD64_HI(0xfffffffff1234567ULL), I_A32K(DIV, 0, 0), I_EXIT))
		return -1;
	if (BOTH(false, I_LD64_LO(0, 0xfffffffff1234567ULL),
	    I_LD64_HI(0xfffffffff1234567ULL), I_A32K(MOD, 0, 0), I_EXIT))
		return -1;
	{
		const struct bpf_insn q[] = {
			I_LD64_LO(3, 0xfffffffff1234567ULL),
			I_LD64_HI(0xfffffffff1234567ULL), I_A32K(MOD, 3, 0),
			I_MOV64X(0, 3), I_EXIT,
		};

		if (both(q, ARRAY_SIZE(q), false, &r0))
			return -1;
		CHECK_U64(r0, 0xf1234567);
	}
	return 0;
}

/* 32-bit results are zero-extended, whatever the upper half held */
static int test_alu32_zext(void)
{
	static const u8 ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH,
		BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH,
	};
	u32 o, d;
	u64 r0;

	for (o = 0; o < ARRAY_SIZE(ops); o++) {
		for (d = BPF_REG_0; d <= BPF_REG_9; d++) {
			const struct bpf_insn p[] = {
				I_LD64_LO(d, 0xdeadbeef00000005ULL),
				I_LD64_HI(0xdeadbeef00000005ULL),
				I_LD64_LO(d == 2 ? 3 : 2, 0xcafe000000000002ULL),
				I_LD64_HI(0xcafe000000000002ULL),
				I_INSN(BPF_ALU | ops[o] | (ops[o] == BPF_NEG ? BPF_K : BPF_X),
				       d, d == 2 ? 3 : 2, 0, 0),
				I_MOV64X(BPF_REG_0, d),
				I_A64K(RSH, BPF_REG_0, 32),
				I_EXIT,
			};

			if (both(p, ARRAY_SIZE(p), false, &r0))
				return -1;
			if (r0)
				FAIL("alu32 op %#x into r%d left 0x%llx above",
				     ops[o], d, (unsigned long long)r0);
		}
	}
	/* and END, LDX and 32-bit moves of immediates */
	for (d = 16; d <= 64; d *= 2) {
		if (BOTH(false, I_LD64_LO(0, 0x1122334455667788ULL),
		    I_LD64_HI(0x1122334455667788ULL), I_END(TO_BE, 0, d), I_EXIT))
			return -1;
		if (BOTH(false, I_LD64_LO(0, 0x1122334455667788ULL),
		    I_LD64_HI(0x1122334455667788ULL), I_END(TO_LE, 0, d), I_EXIT))
			return -1;
		if (BOTH(false, I_LD64_LO(2, 0x1122334455667788ULL),
		    I_LD64_HI(0x1122334455667788ULL), I_END(TO_BE, 2, d),
		     I_MOV64X(0, 2), I_EXIT))
			return -1;
		if (BOTH(false, I_LD64_LO(9, 0x1122334455667788ULL),
		    I_LD64_HI(0x1122334455667788ULL), I_END(TO_BE, 9, d),
		     I_MOV64X(0, 9), I_EXIT))
			return -1;
	}
	return 0;
}

/* Sign extension of imm in 64-bit ops and jumps, zero in 32-bit ones */
static int test_imm_sign_extension(void)
{
	u64 r0;

	if (BOTH(false, I_MOV64K(0, -1), I_EXIT))
		return -1;
	if (both((const struct bpf_insn[]){ I_MOV64K(0, -1), I_EXIT }, 2, false, &r0))
		return -1;
	CHECK_U64(r0, ~0ULL);
	if (both((const struct bpf_insn[]){ I_MOV64K(0, 0), I_A64K(ADD, 0, -128), I_EXIT },
		 3, false, &r0))
		return -1;
	CHECK_U64(r0, -128ULL);
	if (both((const struct bpf_insn[]){ I_LD64_LO(0, ~0ULL),
	    I_LD64_HI(~0ULL), I_A64K(AND, 0, (s32)0x80000000), I_EXIT },
		 4, false, &r0))
		return -1;
	CHECK_U64(r0, 0xffffffff80000000ULL);
	if (both((const struct bpf_insn[]){ I_LD64_LO(0, ~0ULL),
	    I_LD64_HI(~0ULL), I_A32K(AND, 0, (s32)0x80000000), I_EXIT },
		 4, false, &r0))
		return -1;
	CHECK_U64(r0, 0x80000000ULL);
	if (both((const struct bpf_insn[]){ I_MOV64K(0, 3), I_A64K(MUL, 0, -2), I_EXIT },
		 3, false, &r0))
		return -1;
	CHECK_U64(r0, -6ULL);
	if (both((const struct bpf_insn[]){ I_LD64_LO(1, 0xffffffffffffff80ULL),
	    I_LD64_HI(0xffffffffffffff80ULL), I_MOV64K(0, 0),
					   I_JK(JEQ, 1, -128, 1), I_EXIT, I_MOV64K(0, 1), I_EXIT },
		 7, false, &r0))
		return -1;
	CHECK_U64(r0, 1);
	if (both((const struct bpf_insn[]){ I_LD64_LO(1, 0xffffffffffffff80ULL),
	    I_LD64_HI(0xffffffffffffff80ULL), I_MOV64K(0, 0),
					   I_JK(JSET, 1, (s32)0x80000000, 1), I_EXIT, I_MOV64K(0, 1), I_EXIT },
		 7, false, &r0))
		return -1;
	CHECK_U64(r0, 1);
	if (both((const struct bpf_insn[]){ I_LD64_LO(1, 0xffffffff00000000ULL),
	    I_LD64_HI(0xffffffff00000000ULL), I_MOV64K(0, 0),
					   I_JK(JSET, 1, (s32)0x80000000, 1), I_EXIT, I_MOV64K(0, 1), I_EXIT },
		 7, false, &r0))
		return -1;
	CHECK_U64(r0, 1);
	if (both((const struct bpf_insn[]){ I_LD64_LO(1, 0xffffffff00000000ULL),
	    I_LD64_HI(0xffffffff00000000ULL), I_MOV64K(0, 0),
					   I_J32K(JSET, 1, -1, 1), I_EXIT, I_MOV64K(0, 1), I_EXIT },
		 7, false, &r0))
		return -1;
	CHECK_U64(r0, 0);
	return 0;
}

/* ---- jumps ---- */

/*
 * A forward jump over @n bytes of code: 3-byte "w0 += 1" and at most one
 * 4-byte "r0 += 1" make every length; taken or not.
 */
static int jump_over(u32 bytes, bool backward, bool cond, u32 *img)
{
	struct bpf_insn p[MAX_PROG];
	u32 k = 0, n3 = bytes / 3, n4 = 0, i;
	u64 r0, want;

	if (bytes % 3 == 1) {
		n3 -= 1;
		n4 = 1;
	} else if (bytes % 3 == 2) {
		n3 -= 2;
		n4 = 2;
	}
	/*
	 * What a JA jumps over no path reaches, and jit_fold() leaves it
	 * out: a backward jump in front, never taken, keeps jit_fold() out
	 */
	p[k++] = I_JA(1);
	p[k++] = I_JA(-2);
	p[k++] = I_MOV64K(BPF_REG_0, 0);
	/* a pointer, which no folding decides a jump on */
	p[k++] = backward ? I_MOV64K(BPF_REG_2, 2) : I_MOV64X(BPF_REG_2, BPF_REG_1);
	if (!backward)
		p[k++] = cond ? I_JK(JNE, BPF_REG_2, 0, n3 + n4) : I_JA(n3 + n4);
	for (i = 0; i < n3; i++)
		p[k++] = I_A32K(ADD, BPF_REG_0, 1);
	for (i = 0; i < n4; i++)
		p[k++] = I_A64K(ADD, BPF_REG_0, 1);
	if (backward) {
		/* two rounds: r2 -= 1 (4 bytes) is inside the loop too */
		p[k++] = I_A64K(SUB, BPF_REG_2, 1);
		p[k] = cond ? I_JK(JNE, BPF_REG_2, 0, -(s16)(n3 + n4 + 2)) :
		       I_JA(0);
		k++;
	}
	p[k++] = I_EXIT;
	if (both(p, k, false, &r0))
		return -1;
	want = backward ? 2 * (n3 + n4) : 0;
	if (r0 != want)
		FAIL("jump over %u bytes: r0 %llu, expected %llu", bytes,
		     (unsigned long long)r0, (unsigned long long)want);
	/* the image length, for the caller's short/near check */
	{
		struct bpf_prog *fp = host_jit_prog(p, k);

		if (!fp || !fp->jited)
			FAIL("the JIT refused it");
		*img = fp->jited_len;
		host_jit_prog_free(fp);
	}
	return 0;
}

/*
 * A chain of @n taken jumps, each over 60 bytes, the next jump's test (3
 * bytes) and the next jump: short only once the next one is, so the JIT
 * needs a pass per jump, and pads from the eleventh on.
 */
static int jump_chain(u32 n)
{
	struct bpf_insn p[MAX_PROG];
	u32 at[17], k = 0, i, j;

	p[k++] = I_MOV64K(BPF_REG_0, 0);
	/* R1 is a pointer: taken, and not decided by folding */
	for (i = 0; i < n; i++) {
		at[i] = k;
		p[k++] = I_JK(JNE, BPF_REG_1, 0, 0);
		for (j = 0; j < 8; j++)
			p[k++] = I_A64K(ADD, BPF_REG_0, 0x1000);
		p[k++] = I_A64K(ADD, BPF_REG_0, 1);
	}
	for (i = 0; i < n; i++)
		p[at[i]].off = (i + 2 < n ? at[i + 2] : k) - at[i] - 1;
	p[k++] = I_A64K(ADD, BPF_REG_0, 7);
	p[k++] = I_EXIT;
	return both(p, k, false, NULL);
}

/*
 * Distances from 100 to 160 bytes: results right, and the jump is 2 bytes
 * (rel8) up to 127 bytes forward, 5 or 6 (rel32) from 128; chains of jumps
 * that need more passes than the JIT makes before it pads.
 */
static int test_jump_boundary(void)
{
	u32 bytes, img, base = 0;
	int cond;

	for (cond = 0; cond < 2; cond++) {
		for (bytes = 100; bytes <= 160; bytes++) {
			if (jump_over(bytes, false, cond, &img))
				return -1;
			if (bytes == 100)
				base = img - bytes;
			if (bytes <= 127 && img - bytes != base)
				FAIL("forward %u bytes: no short jump", bytes);
			if (bytes >= 128 && img - bytes != base + (cond ? 4 : 3))
				FAIL("forward %u bytes: jump of %u bytes", bytes,
				     img - bytes - base + 2);
		}
	}
	/* backward: the jump's own length counts, -128 is the last short */
	for (bytes = 100; bytes <= 160; bytes++)
		if (jump_over(bytes, true, true, &img))
			return -1;
	for (bytes = 1; bytes <= 17; bytes++)
		if (jump_chain(bytes))
			return -1;
	return 0;
}

/* Every ALU and jump case of interp_cases.h, with its expected result */
static int test_interp_cases(void)
{
	u32 i;
	u64 r0;

	for (i = 0; i < ARRAY_SIZE(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		const struct bpf_insn p[] = {
			I_LD64_LO(BPF_REG_1, c->dst), I_LD64_HI(c->dst),
			I_LD64_LO(BPF_REG_2, c->src), I_LD64_HI(c->src),
			I_INSN(c->code, BPF_REG_1, BPF_REG_2, 0, (s32)c->src),
			I_MOV64X(BPF_REG_0, BPF_REG_1),
			I_EXIT,
		};

		if (both(p, ARRAY_SIZE(p), false, &r0))
			FAIL("alu case %u (%s): %s", i, c->name, prev_msg());
		if (r0 != c->want)
			FAIL("alu case %u (%s 0x%llx, 0x%llx): 0x%llx, expected 0x%llx",
			     i, c->name, (unsigned long long)c->dst,
			     (unsigned long long)c->src, (unsigned long long)r0,
			     (unsigned long long)c->want);
	}
	for (i = 0; i < ARRAY_SIZE(jmp_cases); i++) {
		const struct jmp_case *c = &jmp_cases[i];
		const struct bpf_insn p[] = {
			I_LD64_LO(BPF_REG_1, c->dst), I_LD64_HI(c->dst),
			I_LD64_LO(BPF_REG_2, c->src), I_LD64_HI(c->src),
			I_MOV64K(BPF_REG_0, 0),
			I_INSN(c->code, BPF_REG_1, BPF_REG_2, 1, (s32)c->src),
			I_EXIT,
			I_MOV64K(BPF_REG_0, 1),
			I_EXIT,
		};

		if (both(p, ARRAY_SIZE(p), false, &r0))
			FAIL("jmp case %u (%s): %s", i, c->name, prev_msg());
		if (r0 != c->taken)
			FAIL("jmp case %u (%s 0x%llx, 0x%llx): taken %llu, expected %d",
			     i, c->name, (unsigned long long)c->dst,
			     (unsigned long long)c->src, (unsigned long long)r0,
			     c->taken);
	}
	return 0;
}

/* Every jump, both widths, K and X, against every value pair of vals[] */
static int test_jumps_all_values(void)
{
	static const u8 ops[] = {
		BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
		BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE,
	};
	u32 o, a, b, w;

	for (o = 0; o < ARRAY_SIZE(ops); o++)
		for (w = 0; w < 2; w++)
			for (a = 0; a < ARRAY_SIZE(vals); a++)
				for (b = 0; b < ARRAY_SIZE(vals); b++) {
					u8 cls = w ? BPF_JMP : BPF_JMP32;

					if (BOTH(false, I_LD64_LO(3, vals[a]),
					    I_LD64_HI(vals[a]),
					     I_LD64_LO(7, vals[b]),
					     I_LD64_HI(vals[b]),
					     I_MOV64K(0, 0),
					     I_INSN(cls | ops[o] | BPF_X, 3, 7, 1, 0),
					     I_EXIT,
					     I_INSN(cls | ops[o] | BPF_K, 3, 0, 1,
						    (s32)vals[b]),
					     I_EXIT,
					     I_MOV64K(0, 1), I_EXIT))
						return -1;
				}
	return 0;
}

/* ---- jumps decided by constants (jit_fold()) ---- */

/*
 * Every ALU case of interp_cases.h computed from constants, its result
 * then compared with the expected one by a jump the JIT decides from its
 * own computation; the jumps of test_jumps_all_values() are decided by
 * constants already.  Where paths meet, a register is known only with
 * one value on all of them; a load makes its register unknown.  And a
 * program of diamonds on a constant loses its untaken sides.
 */
static int test_fold(void)
{
	struct bpf_insn p[MAX_PROG];
	struct bpf_prog *fp;
	u32 i, k, len[2];
	int v;

	for (i = 0; i < ARRAY_SIZE(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		u64 r0;

		k = 0;
		k += ld64(p + k, BPF_REG_1, c->dst);
		k += ld64(p + k, BPF_REG_2, c->src);
		p[k++] = I_INSN(c->code, BPF_REG_1, BPF_REG_2, 0, (s32)c->src);
		k += ld64(p + k, BPF_REG_3, c->want);
		p[k++] = I_MOV64K(BPF_REG_0, 0);
		p[k++] = I_JX(JEQ, BPF_REG_1, BPF_REG_3, 1);
		p[k++] = I_EXIT;
		p[k++] = I_MOV64K(BPF_REG_0, 1);
		p[k++] = I_EXIT;
		if (both(p, k, false, &r0))
			FAIL("alu case %u (%s): %s", i, c->name, prev_msg());
		if (r0 != 1)
			FAIL("alu case %u (%s): the result is not 0x%llx", i,
			     c->name, (unsigned long long)c->want);
	}
	/*
	 * R2 is 1 or 2 by the memory's first word: unknown after the join;
	 * 5 on both paths: known after it
	 */
	for (v = 0; v < 4; v++) {
		s32 a = v < 2 ? 1 : 5, b = v < 2 ? 2 : 5;

		if (BOTH(false, I_LDX(W, 1, 1, 0),
			 I_JK(JEQ, 1, v & 1 ? 0x7a55300b : 0, 2),
			 I_MOV64K(2, a), I_JA(1), I_MOV64K(2, b),
			 I_MOV64K(0, 20),
			 I_JK(JEQ, 2, a, 1), I_EXIT,
			 I_MOV64K(0, 10), I_EXIT))
			FAIL("join of %d and %d, %d: %s", a, b, v & 1,
			     prev_msg());
	}
	/* a backward JA, taken twice, is never one over left-out code */
	if (BOTH(false, I_MOV64K(0, 0), I_MOV64K(2, 3), I_A64K(ADD, 0, 1),
		 I_A64K(SUB, 2, 1), I_JK(JEQ, 2, 0, 1), I_JA(-4), I_EXIT))
		FAIL("loop: %s", prev_msg());
	/*
	 * 70 jumps ahead at once, more than jit_fold() keeps states for:
	 * not folded, and right; then constants decide jumps past them
	 */
	k = 0;
	p[k++] = I_LDX(W, 2, 1, 0);
	p[k++] = I_MOV64K(0, 0);
	p[k++] = I_MOV64K(3, 1);
	for (i = 0; i < 70; i++)
		p[k++] = I_JK(JEQ, 2, i, 70 - i + 2 * i);
	for (i = 0; i < 70; i++) {
		p[k++] = I_A64K(ADD, 0, i + 1);
		p[k++] = I_JK(JEQ, 3, 1, 0);
	}
	p[k++] = I_JK(JNE, 3, 1, 1);
	p[k++] = I_A64K(ADD, 0, 1000);
	p[k++] = I_EXIT;
	if (both(p, k, false, NULL))
		FAIL("70 jumps ahead: %s", prev_msg());
	/* a load replaces the constant */
	if (BOTH(false, I_MOV64K(2, 11), I_LDX(B, 2, 1, 1), I_MOV64K(0, 1),
		 I_JK(JEQ, 2, 11, 1), I_MOV64K(0, 2), I_EXIT))
		FAIL("load after a constant: %s", prev_msg());
	/* 20 diamonds on a constant, then on a loaded value */
	for (v = 0; v < 2; v++) {
		k = 0;
		p[k++] = v ? I_LDX(DW, 3, 1, 0) : I_MOV64K(3, 0x5a5a5a5a);
		p[k++] = I_MOV64K(0, 0);
		for (i = 0; i < 20; i++) {
			p[k++] = I_JK(JSET, 3, 1 << i, 2);
			p[k++] = I_A64K(ADD, 0, i + 1);
			p[k++] = I_JA(1);
			p[k++] = I_A64K(XOR, 0, 3 << i);
		}
		p[k++] = I_EXIT;
		if (both(p, k, false, NULL))
			FAIL("diamonds, %d: %s", v, prev_msg());
		fp = host_jit_prog(p, k);
		if (!fp || !fp->jited)
			FAIL("diamonds, %d: not compiled", v);
		len[v] = fp->jited_len;
		host_jit_prog_free(fp);
	}
	/* each side 4 bytes and a jump at least 2, the jmp 2 more */
	if (len[0] + 20 * 8 > len[1])
		FAIL("diamonds: %u bytes on a constant, %u not", len[0], len[1]);
	return 0;
}

/* ---- the rest of the instruction set ---- */

static int test_misc(void)
{
	u64 r0;

	/* XADD both widths, into memory and the stack */
	if (BOTH(false, I_MOV64K(2, -3), I_XADD(W, 1, 2, 4), I_XADD(DW, 1, 2, 16),
	     I_ST(DW, 10, -8, 5), I_XADD(DW, 10, 2, -8), I_XADD(W, 10, 2, -16 + 8),
	     I_LDX(DW, 0, 10, -8), I_EXIT))
		return -1;
	/* helper calls: five arguments, R0 */
	if (both((const struct bpf_insn[]){
			I_MOV64K(1, 1), I_MOV64K(2, 2), I_MOV64K(3, 3),
			I_MOV64K(4, 4), I_MOV64K(5, 5),
			I_CALL(HOST_HELPER_SUM5), I_EXIT }, 7, false, &r0))
		return -1;
	CHECK_U64(r0, 1 + 4 + 9 + 16 + 25);
	/* callee-saved R6-R9 and R10 survive a call */
	if (BOTH(true, I_MOV64K(6, 6), I_MOV64K(7, 7), I_MOV64K(8, 8),
	     I_MOV64K(9, 9), I_ST(DW, 10, -8, 77), I_CALL(HOST_HELPER_MUL),
	     I_LDX(DW, 1, 10, -8), I_MOV64K(2, 0), I_MOV64K(3, 0), I_MOV64K(4, 0),
	     I_MOV64K(5, 0), I_EXIT))
		return -1;
	/* LD_IMM64 of every shape */
	if (BOTH(false, I_LD64_LO(0, 0x7fffffff),
	    I_LD64_HI(0x7fffffff), I_EXIT))
		return -1;
	if (BOTH(false, I_LD64_LO(0, 0x80000000),
	    I_LD64_HI(0x80000000), I_EXIT))
		return -1;
	if (BOTH(false, I_LD64_LO(0, 0xffffffff80000000ULL),
	    I_LD64_HI(0xffffffff80000000ULL), I_EXIT))
		return -1;
	if (BOTH(false, I_LD64_LO(0, 0x123456789ULL),
	    I_LD64_HI(0x123456789ULL), I_EXIT))
		return -1;
	/* loads of every size, sign never extended */
	if (BOTH(false, I_ST(DW, 1, 0, -1), I_LDX(B, 0, 1, 0), I_LDX(H, 2, 1, 2),
	     I_A64X(ADD, 0, 2), I_LDX(W, 2, 1, 4), I_A64X(ADD, 0, 2), I_EXIT))
		return -1;
	/* NEG */
	if (BOTH(false, I_LD64_LO(0, 0x8000000000000000ULL),
	    I_LD64_HI(0x8000000000000000ULL), I_A64K(NEG, 0, 0), I_EXIT))
		return -1;
	if (BOTH(false, I_LD64_LO(0, 0xffffffff00000001ULL),
	    I_LD64_HI(0xffffffff00000001ULL), I_A32K(NEG, 0, 0), I_EXIT))
		return -1;
	return 0;
}

static u8 pkt_bytes[64];

/* LD_ABS/LD_IND: loads in network order, and a failed one ends with 0 */
static int test_ld_abs_ind(void)
{
	struct host_pkt *pkt;
	u32 i;
	int off, r;
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W };

	for (i = 0; i < sizeof(pkt_bytes); i++)
		pkt_bytes[i] = i * 13 + 1;
	pkt = host_pkt_new(pkt_bytes, sizeof(pkt_bytes), 14, 0);
	if (!pkt)
		FAIL("out of memory");
	host_pkt_set_current(pkt);
	for (i = 0; i < 3; i++) {
		for (off = -2; off <= 66; off++) {
			for (r = 0; r < 2; r++) {
				struct bpf_insn p[] = {
					I_MOV64X(6, 1),
					I_MOV64K(7, off - 5),
					I_MOV64K(0, 99),
					r ? I_INSN(BPF_LD | BPF_IND | sizes[i], 0, 7, 0, 5) :
					    I_INSN(BPF_LD | BPF_ABS | sizes[i], 0, 0, 0, off),
					I_A64K(ADD, 0, 1000),
					I_EXIT,
				};
				u64 ri, rj;

				if (host_interp_run64(p, ARRAY_SIZE(p), pkt->data, 0, &ri) < 0 ||
				    host_jit_run64(p, ARRAY_SIZE(p), pkt->data, 0, &rj)) {
					host_pkt_set_current(NULL);
					host_pkt_free(pkt);
					FAIL("run failed");
				}
				if (ri != rj) {
					host_pkt_set_current(NULL);
					host_pkt_free(pkt);
					FAIL("ld size %u off %d ind %d: 0x%llx, JIT 0x%llx",
					     i, off, r, (unsigned long long)ri,
					     (unsigned long long)rj);
				}
			}
		}
	}
	host_pkt_set_current(NULL);
	host_pkt_free(pkt);
	return 0;
}

/* ---- long programs ---- */

/*
 * 100000 instructions of ALU work with conditional jumps every few, some
 * over thousands of instructions (rel32), run by both.
 */
static int test_long_program(void)
{
	u32 n = 100000, k = 0, big = 0;
	struct bpf_insn *p = calloc(n + 16, sizeof(*p));
	struct bpf_prog *fp;
	unsigned int ri;
	u64 rj;

	if (!p)
		FAIL("out of memory");
	p[k++] = I_MOV64K(0, 1);
	p[k++] = I_MOV64K(2, 3);
	while (k < n - 4) {
		u32 r = rnd64() % 10;

		if (r < 6) {
			static const u8 ops[] = { BPF_ADD, BPF_XOR, BPF_MUL,
						  BPF_SUB, BPF_OR, BPF_LSH };

			p[k++] = I_INSN(BPF_ALU64 | ops[r] | BPF_K, r % 2 ? 0 : 2,
					0, 0, (s32)rnd64() % 7 + 1);
		} else if (r < 8) {
			p[k++] = I_A64X(ADD, 0, 2);
		} else {
			/* skip up to 3000 insns, never past the end */
			u32 left = n - 4 - k - 1;
			u32 skip = rnd64() % (r == 9 ? 3000 : 20);

			if (skip > left)
				skip = left;
			big += skip > 30;
			p[k++] = I_JK(JSET, 0, 1 << (rnd64() % 8), skip);
		}
	}
	p[k++] = I_MOV64X(1, 0);
	p[k++] = I_A64K(RSH, 1, 32);
	p[k++] = I_A64X(XOR, 0, 1);
	p[k++] = I_EXIT;
	ri = host_interp_run(NULL, p, k);
	fp = host_jit_prog(p, k);
	if (!fp || !fp->jited) {
		host_jit_prog_free(fp);
		free(p);
		FAIL("the JIT refused %u instructions", k);
	}
	rj = host_jit_call(fp, NULL);
	host_jit_prog_free(fp);
	free(p);
	if ((u32)rj != ri)
		FAIL("%u instructions: 0x%x, JIT 0x%x", k, ri, (u32)rj);
	if (!big)
		FAIL("no long jump in the program");
	return 0;
}

/*
 * Images are freed with their programs: their chunks are int3 again and
 * the packs hold no more pages than while one program lived
 */
static int test_lifetime(void)
{
	const struct bpf_insn p[] = { I_MOV64K(0, 7), I_EXIT };
	struct bpf_prog *fp;
	long pages = -1;
	u32 i;

	for (i = 0; i < 1000; i++) {
		fp = host_jit_prog(p, ARRAY_SIZE(p));
		if (!fp || !fp->jited)
			FAIL("not compiled");
		CHECK_U64(host_jit_call(fp, NULL), 7);
		if (pages < 0)
			pages = host_module_pages();
		host_jit_prog_free(fp);
	}
	if (pages <= 0)
		FAIL("the image took no module pages");
	CHECK_U64(host_module_pages(), pages);
	if (!host_module_all_int3())
		FAIL("a freed image left bytes other than int3");
	return 0;
}

/* What the JIT refuses stays with the interpreter, unchanged */
static int test_refused(void)
{
	static const struct bpf_insn bad[][2] = {
		{ I_INSN(0xff, 0, 0, 0, 0), I_EXIT },
		{ I_INSN(BPF_STX | BPF_ATOMIC | BPF_W, 1, 2, 0, BPF_AND), I_EXIT },
		{ I_INSN(BPF_JMP | BPF_CALL, 0, 1, 0, 1), I_EXIT },
		{ I_INSN(BPF_ALU64 | BPF_END | BPF_TO_BE, 0, 0, 0, 16), I_EXIT },
		{ I_INSN(BPF_ALU | BPF_END | BPF_TO_BE, 0, 0, 0, 8), I_EXIT },
		{ I_JA(5), I_EXIT },
		{ I_INSN(BPF_ALU64 | BPF_MOV | BPF_X, 11, 0, 0, 0), I_EXIT },
		{ I_INSN(BPF_ALU64 | BPF_ADD | BPF_X, 0, 12, 0, 0), I_EXIT },
		/* LD_IMM64 whose second half names a register beyond R10 */
		{ I_LD64_LO(0, 1), I_INSN(0, 13, 0, 0, 0) },
	};
	long pages = host_module_pages();
	struct bpf_prog *fp;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		fp = host_jit_prog(bad[i], 2);
		if (!fp)
			FAIL("out of memory");
		if (fp->jited || fp->bpf_func) {
			host_jit_prog_free(fp);
			FAIL("case %u compiled", i);
		}
		host_jit_prog_free(fp);
	}
	CHECK_U64(host_module_pages(), pages);
	return 0;
}

/* ---- the frame: as big as the stack the program uses ---- */

/*
 * Runs @p (@n insns) compiled with @depth as the verifier's stack depth,
 * with rbx, rbp and r12-r15 checked after; R0 in @r0.
 */
static int run_depth(const struct bpf_insn *p, u32 n, u32 depth, u64 *r0)
{
	struct bpf_prog *fp = host_jit_prog_depth(p, n, depth);
	u32 clobbered;

	if (!fp || !fp->jited) {
		host_jit_prog_free(fp);
		FAIL("not compiled");
	}
	*r0 = host_jit_call_saved(fp->bpf_func, NULL, &clobbered);
	host_jit_prog_free(fp);
	if (clobbered)
		FAIL("x86 registers %#x not given back", clobbered);
	return 0;
}

/*
 * The deepest slot a program names through R10 must not reach the saved
 * callee-saved registers below it; nor, when R10 is passed on as a value,
 * a slot reached through another register within the verifier's depth
 * (or anywhere in the 512 bytes without one).  R6-R9 are all used, so all
 * four are saved; each program returns the sum of what it stored.
 */
static int test_frame(void)
{
	static const s16 depths[] = { 8, 16, 24, 40, 48, 120, 128, 136, 504, 512 };
	static const u32 given[] = { 0, 48, 200 };
	u32 i, k, g;
	u64 r0;

	for (i = 0; i < ARRAY_SIZE(depths); i++) {
		const struct bpf_insn p[] = {
			I_MOV64K(6, 6), I_MOV64K(7, 7), I_MOV64K(8, 8),
			I_MOV64K(9, 9),
			I_ST(DW, 10, -depths[i], 1000),
			I_ST(DW, 10, -8, 1),
			I_LDX(DW, 0, 10, -depths[i]),
			I_LDX(DW, 1, 10, -8),
			I_A64X(ADD, 0, 1),
			I_A64X(ADD, 0, 6), I_A64X(ADD, 0, 7),
			I_A64X(ADD, 0, 8), I_A64X(ADD, 0, 9),
			I_EXIT,
		};

		if (run_depth(p, ARRAY_SIZE(p), 0, &r0))
			FAIL("R10 - %d: %s", depths[i], prev_msg());
		CHECK_U64(r0, (depths[i] == 8 ? 2 : 1001) + 6 + 7 + 8 + 9);
	}
	/* through R1 = R10: the given depth, or all of the stack */
	for (g = 0; g < ARRAY_SIZE(given); g++) {
		s16 deepest = -(s16)(given[g] ?: MAX_BPF_STACK);
		struct bpf_insn p[32];

		k = 0;
		p[k++] = I_MOV64K(6, 6);
		p[k++] = I_MOV64K(7, 7);
		p[k++] = I_MOV64K(8, 8);
		p[k++] = I_MOV64K(9, 9);
		p[k++] = I_MOV64X(1, 10);
		/* the deepest six slots: 1, 2, ... 6 */
		for (i = 0; i < 6; i++)
			p[k++] = I_ST(DW, 1, deepest + 8 * i, i + 1);
		p[k++] = I_A64X(ADD, 6, 7);
		p[k++] = I_A64X(ADD, 6, 8);
		p[k++] = I_A64X(ADD, 6, 9);
		p[k++] = I_MOV64X(0, 6);
		for (i = 0; i < 6; i++) {
			p[k++] = I_LDX(DW, 2, 1, deepest + 8 * i);
			p[k++] = I_A64X(ADD, 0, 2);
		}
		p[k++] = I_EXIT;
		if (run_depth(p, k, given[g], &r0))
			FAIL("R10 passed on, depth %u: %s", given[g], prev_msg());
		CHECK_U64(r0, 6 + 7 + 8 + 9 + 21);
	}
	return 0;
}

/* The image starts at a random offset; the rest is int3 */
static int test_image_layout(void)
{
	const struct bpf_insn p[] = { I_MOV64K(0, 7), I_EXIT };
	unsigned long starts = 0, prev = 0;
	struct bpf_prog *fp;
	const u8 *img, *page;
	u32 i, j, varied = 0;

	for (i = 0; i < 32; i++) {
		fp = host_jit_prog(p, ARRAY_SIZE(p));
		if (!fp || !fp->jited)
			FAIL("not compiled");
		img = (const u8 *)fp->bpf_func;
		page = (const u8 *)((unsigned long)img & ~(PAGE_SIZE - 1));
		for (j = 0; page + j < img; j++)
			if (page[j] != 0xcc)
				FAIL("byte %u before the image is not int3", j);
		for (j = fp->jited_len; img + j < page + PAGE_SIZE; j++)
			if (img[j] != 0xcc)
				FAIL("byte %u after the image is not int3", j);
		starts = (unsigned long)img & (PAGE_SIZE - 1);
		varied += i && starts != prev;
		prev = starts;
		host_jit_prog_free(fp);
	}
	if (varied < 16)
		FAIL("the start varied only %u times in 32", varied);
	return 0;
}

/*
 * Small images share a pack, a freed one's chunks are int3 and taken
 * again first; an image bigger than a pack gets pages of its own, a
 * second pack comes when the first is full, and both go with their
 * programs
 */
static int test_packs(void)
{
	const struct bpf_insn p[][2] = {
		{ I_MOV64K(0, 1), I_EXIT }, { I_MOV64K(0, 2), I_EXIT },
		{ I_MOV64K(0, 3), I_EXIT }, { I_MOV64K(0, 4), I_EXIT },
	};
	enum { BIG = 40000, MANY = 2100 };
	struct bpf_prog *fp[4], **many;
	unsigned long b_chunk, b_chunks, d = 0;
	struct bpf_insn *big;
	long pages = 0;
	const u8 *b;
	u32 i, n, want = 0;
	int err = -1;

	for (i = 0; i < 3; i++) {
		fp[i] = host_jit_prog(p[i], 2);
		if (!fp[i] || !fp[i]->jited)
			FAIL("program %u not compiled", i);
		if (!i)
			pages = host_module_pages();
	}
	CHECK_U64(host_module_pages(), pages);
	for (i = 0; i < 3; i++)
		CHECK_U64(host_jit_call(fp[i], NULL), i + 1);
	b = (const u8 *)fp[1]->bpf_func;
	n = fp[1]->jited_len;
	b_chunk = (unsigned long)b & ~127UL;
	host_jit_prog_free(fp[1]);
	for (i = 0; i < n; i++)
		if (b[i] != 0xcc)
			FAIL("byte %u of a freed image is 0x%02x", i, b[i]);
	/*
	 * The first run of free chunks that fits is taken: B's, unless the
	 * new image's random start makes it a chunk longer than B's was
	 */
	b_chunks = DIV_ROUND_UP(((unsigned long)b & 127) + n, 128);
	for (i = 0; i < 256; i++) {
		fp[1] = host_jit_prog(p[3], 2);
		if (!fp[1] || !fp[1]->jited)
			FAIL("program 3 not compiled");
		d = (unsigned long)fp[1]->bpf_func;
		if (DIV_ROUND_UP((d & 127) + fp[1]->jited_len, 128) <= b_chunks)
			break;
		host_jit_prog_free(fp[1]);
	}
	CHECK_U64(d & ~127UL, b_chunk);
	CHECK_U64(host_jit_call(fp[1], NULL), 4);
	CHECK_U64(host_jit_call(fp[0], NULL), 1);
	CHECK_U64(host_jit_call(fp[2], NULL), 3);

	/* 7 bytes an instruction: more than a pack of 256 KiB */
	big = calloc(BIG, sizeof(*big));
	many = calloc(MANY, sizeof(*many));
	if (!big || !many)
		goto out;
	big[0] = (struct bpf_insn)I_MOV64K(0, 0);
	for (i = 1; i < BIG - 1; i++) {
		big[i] = (struct bpf_insn)I_A64K(ADD, 0, 100000 + i);
		want += 100000 + i;
	}
	big[i] = (struct bpf_insn)I_EXIT;
	fp[3] = host_jit_prog(big, BIG);
	if (!fp[3] || !fp[3]->jited) {
		host_jit_prog_free(fp[3]);
		printf("# the big program was not compiled\n");
		goto out;
	}
	if (fp[3]->jited_len <= 64 * PAGE_SIZE ||
	    host_module_pages() < pages + fp[3]->jited_len / PAGE_SIZE ||
	    (u32)host_jit_call(fp[3], NULL) != want) {
		printf("# big: %u bytes, %ld pages, r0 0x%x, want 0x%x\n",
		       fp[3]->jited_len, host_module_pages(),
		       (u32)host_jit_call(fp[3], NULL), want);
		host_jit_prog_free(fp[3]);
		goto out;
	}
	host_jit_prog_free(fp[3]);
	if (host_module_pages() != pages) {
		printf("# %ld pages after the big one went, not %ld\n",
		       host_module_pages(), pages);
		goto out;
	}

	/* 2048 chunks a pack: these need a second one */
	for (i = 0; i < MANY; i++) {
		many[i] = host_jit_prog(p[i % 4], 2);
		if (!many[i] || !many[i]->jited) {
			printf("# program %u of many not compiled\n", i);
			goto out;
		}
	}
	/* a chunk or two each, by where their image starts */
	if (host_module_pages() <= pages || host_module_pages() % pages) {
		printf("# %ld pages for %u small programs, packs of %ld\n",
		       host_module_pages(), MANY, pages);
		goto out;
	}
	for (i = 0; i < MANY; i++) {
		if (host_jit_call(many[i], NULL) != i % 4 + 1) {
			printf("# program %u of many went wrong\n", i);
			goto out;
		}
	}
	err = 0;
out:
	for (i = 0; many && i < MANY; i++)
		host_jit_prog_free(many[i]);
	free(many);
	free(big);
	for (i = 0; i < 3; i++)
		host_jit_prog_free(fp[i]);
	if (err)
		FAIL("see above");
	CHECK_U64(host_module_pages(), pages);
	if (!host_module_all_int3())
		FAIL("a freed image left bytes other than int3");
	return 0;
}


/* ---- packs shared by threads ---- */

#define PT_THREADS	4
#define PT_ROUNDS	2000
#define PT_LIVE		8

struct pt_arg {
	u32 id;
	char err[160];
};

/*
 * One thread's part: programs of 2 to 101 instructions (one chunk to
 * several), each returning a value of its own, compiled, run and freed
 * in turn, PT_LIVE of them live at a time beside the other threads'.
 * Every live image must still give its value after each compile: no
 * chunk was handed out twice, nor turned back into int3 under a live
 * program.
 */
static void *pt_thread(void *data)
{
	struct bpf_prog *live[PT_LIVE] = { NULL };
	struct pt_arg *a = data;
	struct bpf_insn p[101];
	u32 want[PT_LIVE], i, j, k, n;

	for (i = 0; i < PT_ROUNDS; i++) {
		k = i % PT_LIVE;
		host_jit_prog_free(live[k]);
		n = 2 + (i * 37 + a->id * 11) % 100;
		want[k] = a->id << 24 | i;
		p[0] = (struct bpf_insn)I_MOV64K(0, (s32)(want[k] - (n - 2)));
		for (j = 1; j < n - 1; j++)
			p[j] = (struct bpf_insn)I_A64K(ADD, 0, 1);
		p[n - 1] = (struct bpf_insn)I_EXIT;
		live[k] = host_jit_prog(p, n);
		if (!live[k] || !live[k]->jited) {
			snprintf(a->err, sizeof(a->err),
				 "round %u: %u insns not compiled", i, n);
			goto out;
		}
		for (k = 0; k < PT_LIVE; k++) {
			if (live[k] && (u32)host_jit_call(live[k], NULL) != want[k]) {
				snprintf(a->err, sizeof(a->err),
					 "round %u: program %u gives 0x%x, not 0x%x",
					 i, k, (u32)host_jit_call(live[k], NULL),
					 want[k]);
				goto out;
			}
		}
	}
out:
	for (k = 0; k < PT_LIVE; k++)
		host_jit_prog_free(live[k]);
	return NULL;
}

/*
 * Threads compiling and freeing at once share the packs safely, and leave
 * nothing behind: the pages of before, all int3
 */
static int test_packs_threads(void)
{
	struct pt_arg a[PT_THREADS];
	pthread_t t[PT_THREADS];
	long pages = host_module_pages();
	u32 i, started;

	for (started = 0; started < PT_THREADS; started++) {
		a[started].id = started + 1;
		a[started].err[0] = '\0';
		if (pthread_create(&t[started], NULL, pt_thread, &a[started]))
			break;
	}
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	if (started < PT_THREADS)
		FAIL("could not start thread %u", started);
	for (i = 0; i < PT_THREADS; i++)
		if (a[i].err[0])
			FAIL("thread %u: %s", i + 1, a[i].err);
	CHECK_U64(host_module_pages(), pages);
	if (!host_module_all_int3())
		FAIL("module memory left that is not int3");
	return 0;
}

static const struct test tests[] = {
	T(test_stores_every_reg),
	T(test_store_imm),
	T(test_shifts),
	T(test_shift32_by_zero_zext),
	T(test_alu_imm_and_reg),
	T(test_div_by_zero),
	T(test_alu32_zext),
	T(test_imm_sign_extension),
	T(test_jump_boundary),
	T(test_interp_cases),
	T(test_jumps_all_values),
	T(test_fold),
	T(test_misc),
	T(test_ld_abs_ind),
	T(test_long_program),
	T(test_lifetime),
	T(test_frame),
	T(test_refused),
	T(test_image_layout),
	T(test_packs),
	T(test_packs_threads),
};

int main(void)
{
	unsigned int n = ARRAY_SIZE(tests), failed;

	bpf_jit_enable = 1;
	failed = run_tests(tests, n, "jit_");
	printf("# bpf-host jit: %u passed, %u failed (%zu alu, %zu jmp cases)\n",
	       n - failed, failed, ARRAY_SIZE(alu_cases),
	       ARRAY_SIZE(jmp_cases));
	return failed ? 1 : 0;
}
