/* SPDX-License-Identifier: GPL-2.0-only */
/* Instruction builders of the host interpreter tests and benchmarks. */
#ifndef _BPF_HOST_INSN_H
#define _BPF_HOST_INSN_H

#include <linux/bpf.h>

#define I_INSN(c, d, s, o, i)						\
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),\
			    .off = (o), .imm = (i) })

#define I_A64K(op, d, i)	I_INSN(BPF_ALU64 | BPF_##op | BPF_K, d, 0, 0, i)
#define I_A64X(op, d, s)	I_INSN(BPF_ALU64 | BPF_##op | BPF_X, d, s, 0, 0)
#define I_A32K(op, d, i)	I_INSN(BPF_ALU | BPF_##op | BPF_K, d, 0, 0, i)
#define I_A32X(op, d, s)	I_INSN(BPF_ALU | BPF_##op | BPF_X, d, s, 0, 0)
#define I_MOV64K(d, i)		I_A64K(MOV, d, i)
#define I_MOV64X(d, s)		I_A64X(MOV, d, s)
#define I_END(dir, d, bits)	I_INSN(BPF_ALU | BPF_END | BPF_##dir, d, 0, 0, bits)
#define I_JK(op, d, i, o)	I_INSN(BPF_JMP | BPF_##op | BPF_K, d, 0, o, i)
#define I_JX(op, d, s, o)	I_INSN(BPF_JMP | BPF_##op | BPF_X, d, s, o, 0)
#define I_J32K(op, d, i, o)	I_INSN(BPF_JMP32 | BPF_##op | BPF_K, d, 0, o, i)
#define I_J32X(op, d, s, o)	I_INSN(BPF_JMP32 | BPF_##op | BPF_X, d, s, o, 0)
#define I_JA(o)			I_INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define I_LDX(sz, d, s, o)	I_INSN(BPF_LDX | BPF_MEM | BPF_##sz, d, s, o, 0)
#define I_STX(sz, d, s, o)	I_INSN(BPF_STX | BPF_MEM | BPF_##sz, d, s, o, 0)
#define I_ST(sz, d, o, i)	I_INSN(BPF_ST | BPF_MEM | BPF_##sz, d, 0, o, i)
#define I_XADD(sz, d, s, o)						\
	I_INSN(BPF_STX | BPF_ATOMIC | BPF_##sz, d, s, o, BPF_ADD)
/* LD_IMM64 takes two slots: I_LD64_LO(d, v), I_LD64_HI(v) */
#define I_LD64_LO(d, v)							\
	I_INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (s32)(u32)(u64)(v))
#define I_LD64_HI(v)	I_INSN(0, 0, 0, 0, (s32)(u32)((u64)(v) >> 32))
#define I_LDABS(sz, i)		I_INSN(BPF_LD | BPF_ABS | BPF_##sz, 0, 0, 0, i)
#define I_LDIND(sz, s, i)	I_INSN(BPF_LD | BPF_IND | BPF_##sz, 0, s, 0, i)
/* A helper call by id; the runners turn the id into __bpf_call_base + imm. */
#define I_CALL(id)		I_INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define I_EXIT			I_INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

#endif
