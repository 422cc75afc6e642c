/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interpreter's ALU and jump cases: one operation on two 64-bit
 * operands and the result, written out by hand.  Shared by the host unit
 * test (test_interp.c) and the guest test that runs them through
 * BPF_PROG_LOAD and BPF_PROG_TEST_RUN
 * (tools/testing/selftests/bpf/test_interp_cases.c); the includer
 * provides u8, u64, s32, s64, bool and the uapi BPF_* names.
 */
#ifndef _BPF_INTERP_CASES_H
#define _BPF_INTERP_CASES_H

struct alu_case {
	const char *name;
	u8 code;
	u64 dst;
	u64 src;	/* the register operand, or the imm as (s32) */
	u64 want;
};

#define A64X(op, d, s, w) { "alu64 " #op " x", BPF_ALU64 | BPF_##op | BPF_X, d, s, w }
#define A64K(op, d, s, w) { "alu64 " #op " k", BPF_ALU64 | BPF_##op | BPF_K, d, (u64)(s64)(s32)(s), w }
#define A32X(op, d, s, w) { "alu32 " #op " x", BPF_ALU | BPF_##op | BPF_X, d, s, w }
#define A32K(op, d, s, w) { "alu32 " #op " k", BPF_ALU | BPF_##op | BPF_K, d, (u64)(s64)(s32)(s), w }

#define M64	0xffffffffffffffffULL
#define SIGN64	0x8000000000000000ULL

static const struct alu_case alu_cases[] = {
	/* ALU64, register operand */
	A64X(ADD, 1, 2, 3),
	A64X(ADD, M64, 1, 0),
	A64X(ADD, 0xffffffff, 1, 0x100000000ULL),
	A64X(SUB, 0, 1, M64),
	A64X(SUB, 0x100000000ULL, 1, 0xffffffff),
	A64X(MUL, 0x100000000ULL, 0x100000000ULL, 0),
	A64X(MUL, 0xffffffff, 0xffffffff, 0xfffffffe00000001ULL),
	A64X(MUL, M64, 3, 0xfffffffffffffffdULL),
	A64X(OR, 0xf0f0000000000000ULL, 0x0f0000000000000fULL,
	     0xfff000000000000fULL),
	A64X(AND, 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL,
	     0x0f000f000f000f00ULL),
	A64X(XOR, M64, 0x00ff00ff00ff00ffULL, 0xff00ff00ff00ff00ULL),
	A64X(LSH, 1, 0, 1),
	A64X(LSH, 1, 1, 2),
	A64X(LSH, 1, 63, SIGN64),
	A64X(LSH, 1, 64, 1),			/* masked to 0 */
	A64X(LSH, 1, 65, 2),			/* masked to 1 */
	A64X(LSH, 3, 0x100000003fULL, SIGN64),	/* masked to 63 */
	A64X(RSH, SIGN64, 63, 1),
	A64X(RSH, SIGN64, 0, SIGN64),
	A64X(RSH, SIGN64, 64, SIGN64),
	A64X(RSH, M64, 127, 1),			/* masked to 63 */
	A64X(ARSH, SIGN64, 63, M64),
	A64X(ARSH, SIGN64, 0, SIGN64),
	A64X(ARSH, 0xfffffffffffffff0ULL, 2, 0xfffffffffffffffcULL),
	A64X(ARSH, 0x7fffffffffffffffULL, 62, 1),
	A64X(ARSH, SIGN64, 64 + 4, 0xf800000000000000ULL),
	A64X(DIV, 10, 3, 3),
	A64X(DIV, M64, 2, 0x7fffffffffffffffULL),	/* unsigned */
	A64X(DIV, SIGN64, M64, 0),			/* unsigned */
	A64X(DIV, 0x123456789ULL, 0, 0),
	A64X(MOD, 10, 3, 1),
	A64X(MOD, M64, 10, 5),				/* unsigned */
	A64X(MOD, 0x123456789abcdef0ULL, 0, 0x123456789abcdef0ULL),
	A64X(MOV, 0x5555, 0xdeadbeefcafef00dULL, 0xdeadbeefcafef00dULL),
	/* ALU64, imm operand: sign extended to 64 bits */
	A64K(ADD, 5, -1, 4),
	A64K(ADD, 0, -1, M64),
	A64K(ADD, 0, 0x7fffffff, 0x7fffffff),
	A64K(SUB, M64, -1, 0),
	A64K(SUB, 0, 1, M64),
	A64K(MUL, 3, -1, 0xfffffffffffffffdULL),
	A64K(OR, 0, -1, M64),
	A64K(OR, 0x1000000000ULL, 0x1, 0x1000000001ULL),
	A64K(AND, M64, 0x80000000, 0xffffffff80000000ULL),
	A64K(AND, M64, 0x7fffffff, 0x7fffffff),
	A64K(XOR, 0, -1, M64),
	A64K(LSH, 1, 0, 1),
	A64K(LSH, 1, 63, SIGN64),
	A64K(RSH, SIGN64, 63, 1),
	A64K(ARSH, SIGN64, 63, M64),
	A64K(ARSH, 0xfffffffffffffff0ULL, 4, M64),
	A64K(DIV, M64, -1, 1),		/* divisor 0xffffffffffffffff */
	A64K(DIV, 5, -1, 0),
	A64K(DIV, 100, 7, 14),
	A64K(DIV, 100, 0, 0),
	A64K(MOD, 5, -1, 5),
	A64K(MOD, M64, -1, 0),
	A64K(MOD, 100, 7, 2),
	A64K(MOD, 0x123456789abcdef0ULL, 0, 0x123456789abcdef0ULL),
	A64K(MOV, 0x1234, -1, M64),
	A64K(MOV, M64, 0x7fffffff, 0x7fffffff),
	/* ALU32, register operand: 32-bit result, zero-extended */
	A32X(ADD, 0xdeadbeefffffffffULL, 1, 0),
	A32X(ADD, 0x100000005ULL, 0x200000003ULL, 8),
	A32X(SUB, 0, 1, 0xffffffff),
	A32X(SUB, 0xffffffff00000005ULL, 3, 2),
	A32X(MUL, 0xffffffff, 0xffffffff, 1),
	A32X(MUL, 0x10000, 0x10000, 0),
	A32X(MUL, 0x1200000003ULL, 0x5, 15),
	A32X(OR, 0xffffffff00000000ULL, 1, 1),
	A32X(AND, M64, 0xff00ff00ff00ff00ULL, 0xff00ff00),
	A32X(XOR, 0x5555555500000000ULL, 0xffffffffffffffffULL, 0xffffffff),
	A32X(LSH, 1, 31, 0x80000000),
	A32X(LSH, 1, 32, 1),			/* masked to 0 */
	A32X(LSH, 1, 0x100000021ULL, 2),	/* masked to 1 */
	A32X(LSH, 0xffffffff00000001ULL, 0, 1),
	A32X(LSH, 0xffffffff, 4, 0xfffffff0),
	A32X(RSH, 0x80000000, 31, 1),
	A32X(RSH, 0xffffffff80000000ULL, 0, 0x80000000),
	A32X(RSH, 0xffffffff80000000ULL, 32, 0x80000000),
	A32X(RSH, 0xffffffffffffffffULL, 63, 1),	/* masked to 31 */
	A32X(ARSH, 0x80000000, 31, 0xffffffff),
	A32X(ARSH, 0xfffffff0, 2, 0xfffffffc),
	A32X(ARSH, 0x1234567880000000ULL, 4, 0xf8000000),
	A32X(ARSH, 0xfffffff0, 32, 0xfffffff0),	/* masked to 0 */
	A32X(ARSH, 0x7fffffff, 30, 1),
	A32X(DIV, 0xffffffff, 2, 0x7fffffff),	/* unsigned */
	A32X(DIV, 0x10000000aULL, 3, 3),
	A32X(DIV, 0x10000000aULL, 0x100000000ULL, 0),	/* low half 0 */
	A32X(DIV, 0x12345678, 0, 0),
	A32X(MOD, 0x50000000aULL, 3, 1),
	A32X(MOD, 0xdeadbeef12345678ULL, 0, 0x12345678),
	A32X(MOD, 0xdeadbeef12345678ULL, 0x100000000ULL, 0x12345678),
	A32X(MOD, 0xffffffff, 10, 5),
	A32X(MOV, 0x1234, M64, 0xffffffff),
	A32X(MOV, 0x1234, 0x80000000ULL, 0x80000000ULL),
	/* ALU32, imm operand */
	A32K(ADD, 0xffffffff, 1, 0),
	A32K(ADD, 0, -1, 0xffffffff),
	A32K(ADD, 0xabcd00000001ULL, 1, 2),
	A32K(SUB, 0, 1, 0xffffffff),
	A32K(MUL, 2, -1, 0xfffffffe),
	A32K(OR, 0xffffffff00000000ULL, 0x10, 0x10),
	A32K(AND, M64, -1, 0xffffffff),
	A32K(XOR, 0, -1, 0xffffffff),
	A32K(LSH, 1, 31, 0x80000000),
	A32K(LSH, 0x100000001ULL, 0, 1),
	A32K(RSH, 0x80000000, 31, 1),
	A32K(RSH, M64, 0, 0xffffffff),
	A32K(ARSH, 0x80000000, 31, 0xffffffff),
	A32K(ARSH, 0xffffffff80000000ULL, 0, 0x80000000),
	A32K(ARSH, 0xfffffff0, 2, 0xfffffffc),
	A32K(DIV, 0xffffffff, -1, 1),	/* divisor 0xffffffff */
	A32K(DIV, 100, 7, 14),
	A32K(DIV, 100, 0, 0),
	A32K(MOD, 100, 7, 2),
	A32K(MOD, 0xdeadbeef12345678ULL, 0, 0x12345678),
	A32K(MOD, 0xfffffffe, -1, 0xfffffffe),
	A32K(MOV, 0x1234, -1, 0xffffffff),	/* not sign extended */
	A32K(MOV, M64, 0, 0),
};

struct jmp_case {
	const char *name;
	u8 code;
	u64 dst;
	u64 src;	/* register, or the imm as (s32) */
	bool taken;
};

#define J64X(op, d, s, t) { "jmp " #op " x", BPF_JMP | BPF_##op | BPF_X, d, s, t }
#define J64K(op, d, s, t) { "jmp " #op " k", BPF_JMP | BPF_##op | BPF_K, d, (u64)(s64)(s32)(s), t }
#define J32X(op, d, s, t) { "jmp32 " #op " x", BPF_JMP32 | BPF_##op | BPF_X, d, s, t }
#define J32K(op, d, s, t) { "jmp32 " #op " k", BPF_JMP32 | BPF_##op | BPF_K, d, (u64)(s64)(s32)(s), t }

static const struct jmp_case jmp_cases[] = {
	J64X(JEQ, 5, 5, true),
	J64X(JEQ, 0x100000005ULL, 5, false),
	J64K(JEQ, M64, -1, true),		/* imm sign extended */
	J64K(JEQ, 0xffffffff, -1, false),
	J64X(JNE, 5, 5, false),
	J64X(JNE, 0x100000005ULL, 5, true),
	J64K(JNE, 0xffffffff, -1, true),
	J64X(JGT, SIGN64, 1, true),		/* unsigned */
	J64X(JGT, 1, SIGN64, false),
	J64X(JGT, 5, 5, false),
	J64K(JGT, 5, -1, false),		/* 5 > 0xffff...ffff */
	J64K(JGT, M64, 0x7fffffff, true),
	J64X(JGE, 5, 5, true),
	J64X(JGE, M64, SIGN64, true),
	J64K(JGE, 4, 5, false),
	J64X(JLT, 1, SIGN64, true),
	J64X(JLT, M64, 0, false),
	J64K(JLT, 5, -1, true),
	J64X(JLE, 5, 5, true),
	J64K(JLE, 6, 5, false),
	J64X(JSGT, SIGN64, 1, false),		/* signed */
	J64X(JSGT, 1, SIGN64, true),
	J64X(JSGT, M64, SIGN64, true),		/* -1 > INT64_MIN */
	J64K(JSGT, 5, -1, true),
	J64K(JSGT, M64, -1, false),
	J64K(JSGT, 0xffffffff, -1, true),	/* 4294967295 > -1 */
	J64X(JSGE, M64, M64, true),
	J64X(JSGE, SIGN64, M64, false),
	J64K(JSGE, M64, -2, true),
	J64K(JSGE, 0xfffffffffffffffdULL, -2, false),
	J64X(JSLT, SIGN64, 1, true),
	J64X(JSLT, 1, M64, false),
	J64K(JSLT, M64, 0, true),
	J64K(JSLT, 0, 0, false),
	J64X(JSLE, M64, M64, true),
	J64X(JSLE, 0, M64, false),
	J64K(JSLE, SIGN64, -1, true),
	J64X(JSET, 0x100000000ULL, 0x100000000ULL, true),
	J64X(JSET, 0xf0, 0x0f, false),
	J64K(JSET, SIGN64, -1, true),		/* imm sign extended */
	J64K(JSET, 0x100000000ULL, 0x7fffffff, false),
	/* JMP32: only the low halves, compared as u32 or s32 */
	J32X(JEQ, 0x1234567800000005ULL, 5, true),
	J32K(JEQ, 0xffffffff, -1, true),
	J32K(JEQ, 0x12345678ffffffffULL, -1, true),
	J32X(JNE, 0x100000005ULL, 5, false),
	J32K(JNE, 4, 5, true),
	J32X(JGT, 0x100000000ULL, 1, false),	/* low half 0 */
	J32X(JGT, 0x80000000, 1, true),		/* unsigned */
	J32K(JGT, 5, -1, false),
	J32X(JGE, 0xffffffff00000005ULL, 0x5, true),
	J32K(JGE, 4, 5, false),
	J32X(JLT, 1, 0x80000000, true),
	J32K(JLT, 0x100000005ULL, 6, true),
	J32X(JLE, 0xffffffff00000005ULL, 5, true),
	J32K(JLE, 6, 5, false),
	J32X(JSGT, 0x80000000, 1, false),	/* s32 negative */
	J32X(JSGT, 1, 0x80000000, true),
	J32K(JSGT, 0x7fffffff, -1, true),
	J32K(JSGT, 0xffffffff, -1, false),
	J32X(JSGE, 0xffffffff, 0xffffffff, true),
	J32K(JSGE, 0xfffffffe, -1, false),
	J32X(JSLT, 0x80000000, 0, true),
	J32K(JSLT, 0xffffffff, 0, true),	/* -1 < 0 */
	J32K(JSLT, 0x1ffffffffULL, 0, true),
	J32K(JSLT, 0x100000000ULL, 0, false),	/* low half 0 */
	J32X(JSLE, 0x80000000, 0x80000000, true),
	J32K(JSLE, 0, -1, false),
	J32X(JSET, 0x100000000ULL, 0x100000000ULL, false),
	J32X(JSET, 0x100000001ULL, 0x3, true),
	J32K(JSET, 0x80000000, -1, true),
	J32K(JSET, 0xffffffff00000000ULL, -1, false),
};

#endif /* _BPF_INTERP_CASES_H */
