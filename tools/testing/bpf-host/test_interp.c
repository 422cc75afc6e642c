// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the eBPF interpreter (kernel/bpf/interp.c) on the host,
 * under ASan+UBSan, KTAP output.  Every expected value is written out by
 * hand or computed by plain C in the test, never by the interpreter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>

#include "interp.h"
#include "host_interp.h"
#include "insn.h"

#include "check.h"
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

#define MAX_PROG	64

/*
 * Runs @prog with CALL ids fixed up to __bpf_call_base offsets.  Returns
 * host_interp_run64()'s status (0: reached EXIT, 1: ended early with 0),
 * or -1 on a harness failure or a bad-insn call.
 */
static int run(const struct bpf_insn *prog, u32 n, const void *ctx,
	       u64 *r0)
{
	struct bpf_insn p[MAX_PROG];
	unsigned long bad = host_bad_insns;
	u32 i;
	int err;

	if (n > MAX_PROG)
		return -1;
	memcpy(p, prog, n * sizeof(*p));
	for (i = 0; i < n; i++) {
		if (p[i].code == (BPF_JMP | BPF_CALL) &&
		    !host_helper_imm(p[i].imm, &p[i].imm))
			return -1;
	}
	err = host_interp_run64(p, n, ctx, 0, r0);
	if (host_bad_insns != bad)
		return -1;
	return err;
}

/* Runs the program in the variadic arguments; R0 must come out as @want. */
#define EXPECT(want, ...)						\
	do {								\
		const struct bpf_insn __p[] = { __VA_ARGS__ };		\
		u64 __r0 = 0;						\
		int __e = run(__p, ARRAY_SIZE(__p), NULL, &__r0);	\
		if (__e)						\
			FAIL("%s:%d: run status %d", __FILE__, __LINE__,\
			     __e);					\
		CHECK_U64(__r0, (want));				\
	} while (0)

/* ---- ALU: table driven, one operation on R1 with R2 or imm ---- */

static int test_alu_table(void)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		struct bpf_insn p[] = {
			I_LD64_LO(BPF_REG_1, c->dst), I_LD64_HI(c->dst),
			I_LD64_LO(BPF_REG_2, c->src), I_LD64_HI(c->src),
			I_INSN(c->code, BPF_REG_1, BPF_REG_2, 0, (s32)c->src),
			I_MOV64X(BPF_REG_0, BPF_REG_1),
			I_EXIT,
		};
		u64 r0 = 0;
		int err = run(p, ARRAY_SIZE(p), NULL, &r0);

		if (err || r0 != c->want)
			FAIL("case %u (%s 0x%llx, 0x%llx): status %d, r0 0x%llx, expected 0x%llx",
			     i, c->name, (unsigned long long)c->dst,
			     (unsigned long long)c->src, err,
			     (unsigned long long)r0,
			     (unsigned long long)c->want);
	}
	return 0;
}

static int test_neg(void)
{
	EXPECT(M64, I_LD64_LO(1, 1),
	       I_LD64_HI(1), I_A64K(NEG, 1, 0), I_MOV64X(0, 1), I_EXIT);
	EXPECT(0, I_LD64_LO(1, 0),
	       I_LD64_HI(0), I_A64K(NEG, 1, 0), I_MOV64X(0, 1), I_EXIT);
	EXPECT(SIGN64, I_LD64_LO(1, SIGN64),
	       I_LD64_HI(SIGN64), I_A64K(NEG, 1, 0), I_MOV64X(0, 1),
	       I_EXIT);
	EXPECT(0xffffffff, I_LD64_LO(1, 0x700000001ULL),
	       I_LD64_HI(0x700000001ULL), I_A32K(NEG, 1, 0),
	       I_MOV64X(0, 1), I_EXIT);
	EXPECT(0, I_LD64_LO(1, 0x100000000ULL),
	       I_LD64_HI(0x100000000ULL), I_A32K(NEG, 1, 0),
	       I_MOV64X(0, 1), I_EXIT);
	EXPECT(0x80000000, I_LD64_LO(1, 0xffffffff80000000ULL),
	       I_LD64_HI(0xffffffff80000000ULL), I_A32K(NEG, 1, 0),
	       I_MOV64X(0, 1), I_EXIT);
	return 0;
}

/* Every ALU32 operation clears the upper half, even when the value stays. */
static int test_alu32_zero_extends(void)
{
	static const u8 ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH,
		BPF_RSH, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH,
	};
	/* operands that leave the low half 0x12345678 as it is */
	static const s32 neutral[] = {
		0, 0, 1, 1, 0, -1, 0, 0, 0x7fffffff, 0, 0x12345678, 0,
	};
	u32 i, src;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		for (src = 0; src < 2; src++) {
			struct bpf_insn p[] = {
				I_LD64_LO(BPF_REG_1, 0xabcdef0112345678ULL),
				I_LD64_HI(0xabcdef0112345678ULL),
				I_LD64_LO(BPF_REG_2, 0xffffffff00000000ULL |
					(u32)neutral[i]), I_LD64_HI(0xffffffff00000000ULL |
					(u32)neutral[i]),
				I_INSN(BPF_ALU | ops[i] |
				       (src ? BPF_X : BPF_K), BPF_REG_1,
				       BPF_REG_2, 0, neutral[i]),
				I_MOV64X(BPF_REG_0, BPF_REG_1),
				I_EXIT,
			};
			u64 r0 = 0;

			if (run(p, ARRAY_SIZE(p), NULL, &r0) ||
			    r0 != 0x12345678)
				FAIL("op 0x%02x %s: r0 0x%llx", ops[i],
				     src ? "x" : "k", (unsigned long long)r0);
		}
	}
	return 0;
}

static int test_end(void)
{
	const u64 v = 0x1122334455667788ULL;

	EXPECT(0x8877, I_LD64_LO(0, v),
	       I_LD64_HI(v), I_END(TO_BE, 0, 16), I_EXIT);
	EXPECT(0x88776655, I_LD64_LO(0, v),
	       I_LD64_HI(v), I_END(TO_BE, 0, 32), I_EXIT);
	EXPECT(0x8877665544332211ULL, I_LD64_LO(0, v),
	       I_LD64_HI(v), I_END(TO_BE, 0, 64),
	       I_EXIT);
	EXPECT(0x7788, I_LD64_LO(0, v),
	       I_LD64_HI(v), I_END(TO_LE, 0, 16), I_EXIT);
	EXPECT(0x55667788, I_LD64_LO(0, v),
	       I_LD64_HI(v), I_END(TO_LE, 0, 32), I_EXIT);
	EXPECT(v, I_LD64_LO(0, v), I_LD64_HI(v), I_END(TO_LE, 0, 64), I_EXIT);
	/* a register other than R0 */
	EXPECT(0x0201, I_LD64_LO(3, 0xffffffffffff0102ULL),
	       I_LD64_HI(0xffffffffffff0102ULL), I_END(TO_BE, 3, 16),
	       I_MOV64X(0, 3), I_EXIT);
	return 0;
}

static int test_ld_imm64(void)
{
	EXPECT(0x1122334455667788ULL, I_LD64_LO(0, 0x1122334455667788ULL),
	       I_LD64_HI(0x1122334455667788ULL),
	       I_EXIT);
	/* the low half is not sign extended into the high one */
	EXPECT(0x0000000180000000ULL, I_LD64_LO(0, 0x0000000180000000ULL),
	       I_LD64_HI(0x0000000180000000ULL),
	       I_EXIT);
	EXPECT(0x80000000ffffffffULL, I_LD64_LO(0, 0x80000000ffffffffULL),
	       I_LD64_HI(0x80000000ffffffffULL),
	       I_EXIT);
	EXPECT(M64, I_LD64_LO(9, M64), I_LD64_HI(M64), I_MOV64X(0, 9), I_EXIT);
	return 0;
}

/* ---- jumps: table driven ---- */

static int test_jmp_table(void)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(jmp_cases); i++) {
		const struct jmp_case *c = &jmp_cases[i];
		struct bpf_insn p[] = {
			I_LD64_LO(BPF_REG_1, c->dst), I_LD64_HI(c->dst),
			I_LD64_LO(BPF_REG_2, c->src), I_LD64_HI(c->src),
			I_MOV64K(BPF_REG_0, 0),
			I_INSN(c->code, BPF_REG_1, BPF_REG_2, 1, (s32)c->src),
			I_EXIT,
			I_MOV64K(BPF_REG_0, 1),
			I_EXIT,
		};
		u64 r0 = 2;
		int err = run(p, ARRAY_SIZE(p), NULL, &r0);

		if (err || r0 != c->taken)
			FAIL("case %u (%s 0x%llx, 0x%llx): status %d, taken %llu, expected %d",
			     i, c->name, (unsigned long long)c->dst,
			     (unsigned long long)c->src, err,
			     (unsigned long long)r0, c->taken);
	}
	return 0;
}

static int test_ja_and_loops(void)
{
	/* forward JA skips, a backward JNE loop sums 1..10 */
	EXPECT(55,
	       I_MOV64K(0, 0),
	       I_MOV64K(1, 10),
	       I_JA(1),
	       I_MOV64K(0, 1000),		/* skipped */
	       I_A64X(ADD, 0, 1),
	       I_A64K(SUB, 1, 1),
	       I_JK(JNE, 1, 0, -3),
	       I_EXIT);
	/* JA 0 is a no-op; a backward JA into an exit path */
	EXPECT(7,
	       I_JA(0),
	       I_MOV64K(0, 7),
	       I_JA(1),
	       I_EXIT,
	       I_JA(-2));
	/* a jump over LD_IMM64 lands past both halves */
	EXPECT(3,
	       I_MOV64K(0, 3),
	       I_JA(2),
	       I_LD64_LO(0, 99), I_LD64_HI(99),
	       I_EXIT);
	/* JMP32 loop counting down from 2^32 + 3 by the low half only */
	EXPECT(3,
	       I_LD64_LO(1, 0x100000003ULL), I_LD64_HI(0x100000003ULL),
	       I_MOV64K(0, 0),
	       I_A64K(ADD, 0, 1),
	       I_A64K(SUB, 1, 1),
	       I_J32K(JNE, 1, 0, -3),
	       I_EXIT);
	return 0;
}

/* ---- memory ---- */

static int test_stack(void)
{
	const u64 v = 0x1122334455667788ULL;

	/* STX/LDX of each width at the bottom and the top of the stack */
	EXPECT(v, I_LD64_LO(1, v),
	       I_LD64_HI(v), I_STX(DW, 10, 1, -512), I_LDX(DW, 0, 10, -512),
	       I_EXIT);
	EXPECT(v, I_LD64_LO(1, v),
	       I_LD64_HI(v), I_STX(DW, 10, 1, -8), I_LDX(DW, 0, 10, -8),
	       I_EXIT);
	EXPECT(0x55667788, I_LD64_LO(1, v), I_LD64_HI(v), I_STX(W, 10, 1, -512),
	       I_LDX(W, 0, 10, -512), I_EXIT);
	EXPECT(0x55667788, I_LD64_LO(1, v), I_LD64_HI(v), I_STX(W, 10, 1, -8),
	       I_LDX(W, 0, 10, -8), I_EXIT);
	EXPECT(0x7788, I_LD64_LO(1, v), I_LD64_HI(v), I_STX(H, 10, 1, -512),
	       I_LDX(H, 0, 10, -512), I_EXIT);
	EXPECT(0x7788, I_LD64_LO(1, v),
	       I_LD64_HI(v), I_STX(H, 10, 1, -8), I_LDX(H, 0, 10, -8),
	       I_EXIT);
	EXPECT(0x88, I_LD64_LO(1, v), I_LD64_HI(v), I_STX(B, 10, 1, -512),
	       I_LDX(B, 0, 10, -512), I_EXIT);
	EXPECT(0x88, I_LD64_LO(1, v),
	       I_LD64_HI(v), I_STX(B, 10, 1, -1), I_LDX(B, 0, 10, -1),
	       I_EXIT);
	/* loads zero-extend into a register holding ones */
	EXPECT(0x88, I_LD64_LO(1, v),
	       I_LD64_HI(v), I_STX(DW, 10, 1, -8), I_LD64_LO(0, M64), I_LD64_HI(M64),
	       I_LDX(B, 0, 10, -8), I_EXIT);
	/* ST imm: DW sign extends the imm, narrower widths truncate it */
	EXPECT(0xfffffffffffffffeULL, I_ST(DW, 10, -512, -2),
	       I_LDX(DW, 0, 10, -512), I_EXIT);
	EXPECT(0xfffffffe, I_ST(W, 10, -8, -2), I_LDX(W, 0, 10, -8), I_EXIT);
	EXPECT(0xfffe, I_ST(H, 10, -8, -2), I_LDX(H, 0, 10, -8), I_EXIT);
	EXPECT(0xfe, I_ST(B, 10, -8, -2), I_LDX(B, 0, 10, -8), I_EXIT);
	EXPECT(0xfe, I_ST(B, 10, -512, 0x1fe), I_LDX(B, 0, 10, -512), I_EXIT);
	/* narrow stores leave neighbours alone (little endian) */
	EXPECT(0x11223344aabbccddULL,
	       I_LD64_LO(1, v), I_LD64_HI(v), I_STX(DW, 10, 1, -16),
	       I_ST(W, 10, -16, 0xaabbccdd), I_LDX(DW, 0, 10, -16), I_EXIT);
	EXPECT(0x11223344556677abULL,
	       I_LD64_LO(1, v), I_LD64_HI(v), I_STX(DW, 10, 1, -16),
	       I_MOV64K(2, 0xab), I_STX(B, 10, 2, -16),
	       I_LDX(DW, 0, 10, -16), I_EXIT);
	EXPECT(0x1122beef55667788ULL,
	       I_LD64_LO(1, v), I_LD64_HI(v), I_STX(DW, 10, 1, -16),
	       I_ST(H, 10, -12, 0xbeef),
	       I_LDX(DW, 0, 10, -16), I_EXIT);
	/* through another register pointing into the stack, off > 0 */
	EXPECT(0x4242, I_MOV64X(3, 10), I_A64K(ADD, 3, -64),
	       I_ST(H, 3, 8, 0x4242), I_LDX(H, 0, 10, -56), I_EXIT);
	/* R10 is 8-byte aligned and R1 holds the context */
	EXPECT(0, I_MOV64X(0, 10), I_A64K(AND, 0, 7), I_EXIT);
	return 0;
}

static int test_ctx_memory(void)
{
	u64 mem[2] = { 0x0807060504030201ULL, 0 };
	u64 r0 = 0;
	const struct bpf_insn p[] = {
		I_LDX(W, 0, 1, 4),
		I_LDX(H, 2, 1, 2),
		I_A64K(LSH, 0, 16),
		I_A64X(OR, 0, 2),
		I_LDX(DW, 3, 1, 0),
		I_STX(DW, 1, 3, 8),
		I_ST(B, 1, 15, 0x99),
		I_EXIT,
	};

	CHECK(!run(p, ARRAY_SIZE(p), mem, &r0));
	CHECK_U64(r0, 0x080706050403ULL);
	CHECK_U64(mem[1], 0x9907060504030201ULL);
	return 0;
}

static int test_xadd(void)
{
	u64 mem[2] = { 0xfffffffffffffffeULL, 0x00000005ffffffffULL };
	u64 r0 = 0;
	const struct bpf_insn p[] = {
		I_MOV64K(2, 3),
		I_XADD(DW, 1, 2, 0),
		I_MOV64K(2, 1),
		I_XADD(W, 1, 2, 8),	/* the low word wraps, no carry */
		I_LDX(DW, 0, 1, 0),
		I_EXIT,
	};

	CHECK(!run(p, ARRAY_SIZE(p), mem, &r0));
	CHECK_U64(r0, 1);
	CHECK_U64(mem[0], 1);
	CHECK_U64(mem[1], 0x0000000500000000ULL);
	/* on the stack, and R0 is not touched by XADD */
	EXPECT(0x100000000ULL + 0x7ffffffffULL,
	       I_LD64_LO(1, 0x100000000ULL),
	       I_LD64_HI(0x100000000ULL), I_STX(DW, 10, 1, -8),
	       I_LD64_LO(2, 0x7ffffffffULL),
	       I_LD64_HI(0x7ffffffffULL), I_XADD(DW, 10, 2, -8),
	       I_MOV64K(0, 5), I_LDX(DW, 0, 10, -8), I_EXIT);
	EXPECT(0xaaaaaaaa00000004ULL,
	       I_LD64_LO(1, 0xaaaaaaaafffffffeULL),
	       I_LD64_HI(0xaaaaaaaafffffffeULL), I_STX(DW, 10, 1, -512),
	       I_LD64_LO(2, 0x1234567800000006ULL),
	       I_LD64_HI(0x1234567800000006ULL), I_XADD(W, 10, 2, -512),
	       I_LDX(DW, 0, 10, -512), I_EXIT);
	return 0;
}

/* ---- calls ---- */

static int test_call(void)
{
	/* five arguments in order, R0 the result, R6-R9 kept */
	EXPECT(1 + 2 * 2 + 3 * 3 + 4 * 4 + 5 * 5,
	       I_MOV64K(1, 1), I_MOV64K(2, 2), I_MOV64K(3, 3),
	       I_MOV64K(4, 4), I_MOV64K(5, 5),
	       I_CALL(HOST_HELPER_SUM5), I_EXIT);
	EXPECT(0x100000000ULL + 2 * 0x200000000ULL + 3 * 7 + 4 * 0 +
	       5 * M64,
	       I_LD64_LO(1, 0x100000000ULL),
	       I_LD64_HI(0x100000000ULL), I_LD64_LO(2, 0x200000000ULL), I_LD64_HI(0x200000000ULL),
	       I_MOV64K(3, 7), I_MOV64K(4, 0), I_MOV64K(5, -1),
	       I_CALL(HOST_HELPER_SUM5), I_EXIT);
	EXPECT(0x00abcdef00000001ULL,
	       I_MOV64K(1, 1), I_MOV64K(2, 0xabcdef),
	       I_CALL(HOST_HELPER_XOR_HI), I_EXIT);
	EXPECT(6 * 7 + 100 + 200 + 300 + 400,
	       I_MOV64K(6, 100), I_MOV64K(7, 200), I_MOV64K(8, 300),
	       I_MOV64K(9, 400),
	       I_MOV64K(1, 6), I_MOV64K(2, 7), I_CALL(HOST_HELPER_MUL),
	       I_A64X(ADD, 0, 6), I_A64X(ADD, 0, 7), I_A64X(ADD, 0, 8),
	       I_A64X(ADD, 0, 9), I_EXIT);
	return 0;
}

/* ---- packet loads ---- */

#define PKT_LEN		64
#define PKT_MAC		2
#define PKT_NET		16

static u8 pkt_byte(u32 i)
{
	return (u8)(i * 37 + 11);
}

static u64 pkt_be(u32 pos, u32 size)
{
	u64 v = 0;
	u32 i;

	for (i = 0; i < size; i++)
		v = v << 8 | pkt_byte(pos + i);
	return v;
}

/*
 * Loads at @off (LD_ABS) and at the same offset split over imm and R7
 * (LD_IND) must give the big-endian value at @pos, or fail when @pos < 0.
 */
static int pkt_load(struct host_pkt *pkt, u8 size, s32 imm, s64 r7,
		    bool ind, s64 pos)
{
	static const u8 sizes[] = { [1] = BPF_B, [2] = BPF_H, [4] = BPF_W };
	const struct bpf_insn p[] = {
		I_MOV64X(6, 1),
		I_LD64_LO(7, r7), I_LD64_HI(r7),
		I_MOV64K(0, -1),
		I_INSN(BPF_LD | (ind ? BPF_IND : BPF_ABS) | sizes[size], 0,
		       ind ? 7 : 0, 0, imm),
		I_EXIT,
	};
	u64 r0 = 0;
	int err = run(p, ARRAY_SIZE(p), pkt->data, &r0);

	if (pos < 0) {
		if (err != 1 || r0)
			FAIL("%s%u imm %d r7 %lld: status %d r0 0x%llx, expected a failed load",
			     ind ? "ind" : "abs", size, imm, (long long)r7,
			     err, (unsigned long long)r0);
		return 0;
	}
	if (err || r0 != pkt_be(pos, size))
		FAIL("%s%u imm %d r7 %lld: status %d r0 0x%llx, expected 0x%llx",
		     ind ? "ind" : "abs", size, imm, (long long)r7, err,
		     (unsigned long long)r0,
		     (unsigned long long)pkt_be(pos, size));
	return 0;
}

static int test_ld_abs_end(struct host_pkt *pkt, const u8 *other)
{
	/* a failed load ends the program with 0: nothing after it runs */
	const struct bpf_insn p[] = {
		I_MOV64X(6, 1),
		I_MOV64K(0, 99),
		I_LDABS(B, PKT_LEN),
		I_MOV64K(0, 77),
		I_EXIT,
	};
	const struct bpf_insn q[] = {
		I_MOV64X(6, 1),
		I_LDABS(B, 0),
		I_EXIT,
	};
	u64 r0 = 1;

	CHECK_U64(run(p, ARRAY_SIZE(p), pkt->data, &r0), 1);
	CHECK_U64(r0, 0);
	CHECK_U64(run(q, ARRAY_SIZE(q), pkt->data, &r0), 0);
	CHECK_U64(r0, pkt_byte(0));
	/* a context other than the current packet is refused */
	CHECK_U64(run(q, ARRAY_SIZE(q), other, &r0), 1);
	CHECK_U64(r0, 0);
	return 0;
}

static int test_ld_abs_ind(void)
{
	static const u8 sizes[] = { 1, 2, 4 };
	u8 bytes[PKT_LEN];
	struct host_pkt *pkt;
	u32 i, s;
	int err = 0;

	for (i = 0; i < PKT_LEN; i++)
		bytes[i] = pkt_byte(i);
	pkt = host_pkt_new(bytes, PKT_LEN, PKT_NET, PKT_MAC);
	CHECK(pkt);
	host_pkt_set_current(pkt);
	for (s = 0; s < ARRAY_SIZE(sizes) && !err; s++) {
		u8 sz = sizes[s];

		/* inside, at the edge, just past, far past */
		err = err ?: pkt_load(pkt, sz, 0, 0, false, 0);
		err = err ?: pkt_load(pkt, sz, 5, 0, false, 5);
		err = err ?: pkt_load(pkt, sz, PKT_LEN - sz, 0, false,
				      PKT_LEN - sz);
		err = err ?: pkt_load(pkt, sz, PKT_LEN - sz + 1, 0, false, -1);
		err = err ?: pkt_load(pkt, sz, PKT_LEN, 0, false, -1);
		err = err ?: pkt_load(pkt, sz, 0x7fffffff, 0, false, -1);
		/* negative offsets: network and link-layer headers */
		err = err ?: pkt_load(pkt, sz, SKF_NET_OFF, 0, false,
				      PKT_NET);
		err = err ?: pkt_load(pkt, sz, SKF_NET_OFF + 3, 0, false,
				      PKT_NET + 3);
		err = err ?: pkt_load(pkt, sz, SKF_NET_OFF + PKT_LEN -
				      PKT_NET - sz, 0, false, PKT_LEN - sz);
		err = err ?: pkt_load(pkt, sz, SKF_NET_OFF + PKT_LEN -
				      PKT_NET - sz + 1, 0, false, -1);
		err = err ?: pkt_load(pkt, sz, SKF_LL_OFF, 0, false, PKT_MAC);
		err = err ?: pkt_load(pkt, sz, SKF_LL_OFF + 1, 0, false,
				      PKT_MAC + 1);
		err = err ?: pkt_load(pkt, sz, SKF_LL_OFF + PKT_LEN -
				      PKT_MAC - sz, 0, false, PKT_LEN - sz);
		err = err ?: pkt_load(pkt, sz, SKF_LL_OFF + PKT_LEN -
				      PKT_MAC - sz + 1, 0, false, -1);
		err = err ?: pkt_load(pkt, sz, -1, 0, false, -1);
		err = err ?: pkt_load(pkt, sz, SKF_LL_OFF - 1, 0, false, -1);
		/* LD_IND: imm + (s32)R7 */
		err = err ?: pkt_load(pkt, sz, 4, 10, true, 14);
		err = err ?: pkt_load(pkt, sz, 8, -4, true, 4);
		err = err ?: pkt_load(pkt, sz, 1, 0x100000002LL, true, 3);
		err = err ?: pkt_load(pkt, sz, 0, PKT_LEN - sz, true,
				      PKT_LEN - sz);
		err = err ?: pkt_load(pkt, sz, 1, PKT_LEN - sz, true, -1);
		err = err ?: pkt_load(pkt, sz, -5, 4, true, -1);
		err = err ?: pkt_load(pkt, sz, 3, SKF_NET_OFF, true,
				      PKT_NET + 3);
		err = err ?: pkt_load(pkt, sz, SKF_LL_OFF, 6, true,
				      PKT_MAC + 6);
		/* imm + src wraps in 32 bits */
		err = err ?: pkt_load(pkt, sz, 1, 0x7fffffff, true, -1);
		err = err ?: pkt_load(pkt, sz, 0x7fffffff, 0x7fffffff, true,
				      -1);
	}
	if (!err)
		err = test_ld_abs_end(pkt, bytes);
	host_pkt_set_current(NULL);
	host_pkt_free(pkt);
	return err;
}

/* ---- the kernel ABI and the bad-insn path ---- */

static int test_run_abi(void)
{
	const struct bpf_insn p[] = {
		I_LD64_LO(0, 0x1234567800000002ULL),
		I_LD64_HI(0x1234567800000002ULL),
		I_EXIT,
	};
	const struct bpf_insn q[] = {
		I_MOV64X(0, 1),
		I_EXIT,
	};
	int x;

	/* bpf_interp_exec() returns the low 32 bits of R0, R1 = ctx */
	CHECK_U64(host_interp_run(NULL, p, ARRAY_SIZE(p)), 2);
	CHECK_U64(host_interp_run(&x, q, ARRAY_SIZE(q)),
		  (u32)(unsigned long)&x);
	return 0;
}

static int test_bad_insn(void)
{
	const struct bpf_insn bad[][3] = {
		{ I_MOV64K(0, 5), I_INSN(0xff, 0, 0, 0, 0), I_EXIT },
		{ I_MOV64K(0, 5), I_INSN(BPF_ALU | BPF_END | BPF_TO_LE | 0x03,
					 0, 0, 0, 16), I_EXIT },
		{ I_MOV64K(0, 5), I_INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 10, 0,
					 -8, BPF_AND), I_EXIT },
		{ I_MOV64K(0, 5), I_INSN(BPF_STX | BPF_ATOMIC | BPF_W, 10, 0,
					 -8, BPF_ADD | BPF_FETCH), I_EXIT },
	};
	unsigned long before;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		before = host_bad_insns;
		CHECK_U64(host_interp_run(NULL, bad[i], ARRAY_SIZE(bad[i])), 0);
		CHECK_U64(host_bad_insns, before + 1);
	}
	return 0;
}

/* ---- superinstructions: pairs of ALU64 instructions on one register ---- */

/* The ALU64 operations bpf_interp_prepare() pairs, as BPF_OP values. */
static const u8 pairing_ops[] = {
	BPF_ADD, BPF_SUB, BPF_MUL, BPF_OR, BPF_AND, BPF_XOR, BPF_LSH, BPF_RSH,
	BPF_ARSH, BPF_MOV,
};

/* @op (BPF_OP) of @dst and @src in plain C, as RFC 9669 defines ALU64. */
static u64 alu64_ref(u8 op, u64 dst, u64 src)
{
	switch (op) {
	case BPF_ADD: return dst + src;
	case BPF_SUB: return dst - src;
	case BPF_MUL: return dst * src;
	case BPF_OR: return dst | src;
	case BPF_AND: return dst & src;
	case BPF_XOR: return dst ^ src;
	case BPF_LSH: return dst << (src & 63);
	case BPF_RSH: return dst >> (src & 63);
	case BPF_ARSH: return (u64)((s64)dst >> (src & 63));
	default: return src;	/* BPF_MOV */
	}
}

static u64 xorshift64(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* @c (an ALU64 opcode) on @dst with register value @x or immediate @k */
static u64 alu64_ref_insn(u8 c, u64 dst, u64 x, s32 k)
{
	return alu64_ref(BPF_OP(c), dst,
			 BPF_SRC(c) == BPF_K ? (u64)(s64)k : x);
}

/*
 * @c1 then @c2 on R0, then @c2 and @c1 again: two superinstructions, the
 * second continuing from the accumulator.  The slots must say so, and R0
 * must be what plain C gives.
 */
static int check_pair(u8 c1, u8 c2, const u64 *v, const s32 *k)
{
	const struct bpf_insn p[] = {
		I_LD64_LO(0, v[0]), I_LD64_HI(v[0]),
		I_LD64_LO(1, v[1]), I_LD64_HI(v[1]),
		I_LD64_LO(2, v[2]), I_LD64_HI(v[2]),
		I_INSN(c1, 0, 1, 0, k[0]),
		I_INSN(c2, 0, 2, 0, k[1]),
		I_INSN(c2, 0, 1, 0, k[2]),
		I_INSN(c1, 0, 2, 0, k[3]),
		I_EXIT,
	};
	struct bpf_interp_slot *slot, *first, *third;
	bool paired;
	u64 want, r0;

	want = alu64_ref_insn(c1, v[0], v[1], k[0]);
	want = alu64_ref_insn(c2, want, v[2], k[1]);
	want = alu64_ref_insn(c2, want, v[1], k[2]);
	want = alu64_ref_insn(c1, want, v[2], k[3]);
	if (run(p, ARRAY_SIZE(p), NULL, &r0) || r0 != want)
		FAIL("0x%02x then 0x%02x, twice: r0 0x%llx, expected 0x%llx",
		     c1, c2, (unsigned long long)r0, (unsigned long long)want);

	/* the heads of the pairs against the same instructions alone */
	slot = host_interp_prepare(p, ARRAY_SIZE(p));
	first = host_interp_prepare(&p[6], 1);
	third = host_interp_prepare(&p[8], 1);
	paired = slot[6].handler != first[0].handler && !slot[6].off &&
		 slot[8].handler != third[0].handler && slot[8].off;
	free(slot);
	free(first);
	free(third);
	if (!paired)
		FAIL("0x%02x then 0x%02x: not two superinstructions, the second continuing",
		     c1, c2);
	return 0;
}

/*
 * Every ordered pair of pairing operations, each with X and K sources:
 * first on edge values, then random ones (shift amounts in range once).
 */
static int test_superinsn_pairs(void)
{
	static const u64 special[] = { 0, 1, 63, 64, ~0ULL, 1ULL << 63 };
	const u32 nr = 2 * ARRAY_SIZE(pairing_ops);
	u64 seed = 0x9e3779b97f4a7c15ULL, v[3];
	u32 i, n, round;
	u8 c1, c2;
	s32 k[4];

	for (i = 0; i < nr * nr; i++) {
		c1 = BPF_ALU64 | pairing_ops[i / nr / 2] |
		     (i / nr % 2 ? BPF_K : BPF_X);
		c2 = BPF_ALU64 | pairing_ops[i % nr / 2] |
		     (i % nr % 2 ? BPF_K : BPF_X);
		for (round = 0; round < 4; round++) {
			for (n = 0; n < 3; n++)
				v[n] = round ? xorshift64(&seed) :
				       special[(i + n) % ARRAY_SIZE(special)];
			for (n = 0; n < 4; n++)
				k[n] = round == 1 ? xorshift64(&seed) % 70 :
				       (s32)xorshift64(&seed);
			if (check_pair(c1, c2, v, k))
				return -1;
		}
	}
	return 0;
}

/*
 * What a superinstruction must not pair: a second instruction reading the
 * destination as its source, or one on another register.
 */
static int test_superinsn_unpaired(void)
{
	const struct bpf_insn self[] = {
		I_MOV64K(0, 5), I_A64X(ADD, 0, 0), I_EXIT,
	};
	const struct bpf_insn other[] = {
		I_MOV64K(0, 5), I_MOV64K(1, 7), I_A64X(MUL, 0, 1), I_EXIT,
	};
	const struct bpf_insn lone[] = { I_MOV64K(0, 5), I_EXIT };
	struct bpf_interp_slot *a, *b, *c;
	bool paired;

	EXPECT(10, I_MOV64K(0, 5), I_A64X(ADD, 0, 0), I_EXIT);
	EXPECT(35, I_MOV64K(0, 5), I_MOV64K(1, 7), I_A64X(MUL, 0, 1), I_EXIT);
	a = host_interp_prepare(self, ARRAY_SIZE(self));
	b = host_interp_prepare(other, ARRAY_SIZE(other));
	c = host_interp_prepare(lone, ARRAY_SIZE(lone));
	paired = a[0].handler != c[0].handler || b[0].handler != c[0].handler;
	free(a);
	free(b);
	free(c);
	if (paired)
		FAIL("paired what reads its own result or is on another register");
	return 0;
}

/*
 * Jumps into and next to superinstructions.  R0 goes 100, +1 (a pair, the
 * accumulator 101), then w0 += 5 (106, which leaves the accumulator
 * behind); with R1 (the context) 0 a jump lands at 4 + @off, else +10 +20
 * (a pair); then +1000 +2000 (a pair right behind the last, which may
 * start from the accumulator only if nothing but that pair leads to it).
 */
static int test_superinsn_jumps(void)
{
	static const struct {
		s16 off;	/* of the jump at 3 */
		u64 taken;	/* R0 when it is taken */
		bool continues;	/* the last pair, from the accumulator */
	} cases[] = {
		{ 0, 3136, true },	/* to 4: the pair at 4 runs whole */
		{ 1, 3126, false },	/* to 5, the second of the pair at 4 */
		{ 2, 3106, false },	/* to 6, the head of the last pair */
		{ 3, 2106, true },	/* to 7, the second of the last pair */
		{ 4, 106, true },	/* to 8, EXIT */
	};
	struct bpf_interp_slot *slot;
	bool want_acc;
	u64 r0;
	u32 i;
	int x;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct bpf_insn p[] = {
			I_MOV64K(0, 100),
			I_A64K(ADD, 0, 1),
			I_A32K(ADD, 0, 5),
			I_JK(JEQ, 1, 0, cases[i].off),
			I_A64K(ADD, 0, 10),
			I_A64K(ADD, 0, 20),
			I_A64K(ADD, 0, 1000),
			I_A64K(ADD, 0, 2000),
			I_EXIT,
		};

		if (run(p, ARRAY_SIZE(p), NULL, &r0) || r0 != cases[i].taken)
			FAIL("jump to %d: r0 %llu, expected %llu",
			     4 + cases[i].off, (unsigned long long)r0,
			     (unsigned long long)cases[i].taken);
		if (run(p, ARRAY_SIZE(p), &x, &r0) || r0 != 3136)
			FAIL("jump to %d not taken: r0 %llu, expected 3136",
			     4 + cases[i].off, (unsigned long long)r0);
		slot = host_interp_prepare(p, ARRAY_SIZE(p));
		want_acc = cases[i].continues;
		if (!!slot[6].off != want_acc) {
			free(slot);
			FAIL("jump to %d: the last pair continues: %d, expected %d",
			     4 + cases[i].off, !want_acc, want_acc);
		}
		free(slot);
	}
	return 0;
}

/* ---- runner ---- */

static const struct test tests[] = {
	T(test_alu_table),
	T(test_neg),
	T(test_alu32_zero_extends),
	T(test_end),
	T(test_ld_imm64),
	T(test_jmp_table),
	T(test_ja_and_loops),
	T(test_stack),
	T(test_ctx_memory),
	T(test_xadd),
	T(test_call),
	T(test_ld_abs_ind),
	T(test_run_abi),
	T(test_bad_insn),
	T(test_superinsn_pairs),
	T(test_superinsn_unpaired),
	T(test_superinsn_jumps),
};

int main(void)
{
	unsigned int n = ARRAY_SIZE(tests), failed;

	failed = run_tests(tests, n, "");
	printf("# bpf-host interp: %u passed, %u failed (%zu alu, %zu jmp cases)\n",
	       n - failed, failed, ARRAY_SIZE(alu_cases),
	       ARRAY_SIZE(jmp_cases));
	return failed ? 1 : 0;
}
