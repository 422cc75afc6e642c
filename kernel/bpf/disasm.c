// SPDX-License-Identifier: GPL-2.0-only
/*
 * eBPF instructions in the notation of Linux's verifier log, for our
 * verifier's log and the JIT's image dumps.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>

#include "verifier.h"

static const char * const alu_op_str[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=", [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=", [BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=",
	[BPF_MOD >> 4] = "%=", [BPF_XOR >> 4] = "^=", [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=",
};

static const char * const jmp_op_str[16] = {
	[BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">", [BPF_JGE >> 4] = ">=",
	[BPF_JSET >> 4] = "&", [BPF_JNE >> 4] = "!=", [BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<", [BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<", [BPF_JSLE >> 4] = "s<=",
};

static const char * const size_str[4] = {
	[BPF_W >> 3] = "u32", [BPF_H >> 3] = "u16", [BPF_B >> 3] = "u8",
	[BPF_DW >> 3] = "u64",
};

/* The helpers of this subsystem by id, for "call bpf_NAME#ID". */
static const char * const func_name[] = {
	[BPF_FUNC_map_lookup_elem]	= "map_lookup_elem",
	[BPF_FUNC_map_update_elem]	= "map_update_elem",
	[BPF_FUNC_map_delete_elem]	= "map_delete_elem",
	[BPF_FUNC_probe_read]		= "probe_read",
	[BPF_FUNC_ktime_get_ns]		= "ktime_get_ns",
	[BPF_FUNC_trace_printk]		= "trace_printk",
	[BPF_FUNC_get_prandom_u32]	= "get_prandom_u32",
	[BPF_FUNC_get_smp_processor_id]	= "get_smp_processor_id",
};

static int print_alu(char *buf, size_t size, const struct bpf_insn *insn)
{
	char r = BPF_CLASS(insn->code) == BPF_ALU64 ? 'r' : 'w';
	u8 op = BPF_OP(insn->code);

	if (op == BPF_NEG)
		return scnprintf(buf, size, "%c%d = -%c%d", r, insn->dst_reg, r,
				 insn->dst_reg);
	if (op == BPF_END)
		return scnprintf(buf, size, "r%d = %s%d r%d", insn->dst_reg,
				 BPF_SRC(insn->code) == BPF_TO_BE ? "be" : "le",
				 insn->imm, insn->dst_reg);
	if (!alu_op_str[op >> 4])
		return scnprintf(buf, size, "(bad)");
	if (BPF_SRC(insn->code) == BPF_X)
		return scnprintf(buf, size, "%c%d %s %c%d", r, insn->dst_reg,
				 alu_op_str[op >> 4], r, insn->src_reg);
	return scnprintf(buf, size, "%c%d %s %d", r, insn->dst_reg,
			 alu_op_str[op >> 4], insn->imm);
}

static int print_jmp(char *buf, size_t size, const struct bpf_insn *insn)
{
	char r = BPF_CLASS(insn->code) == BPF_JMP ? 'r' : 'w';
	u8 op = BPF_OP(insn->code);

	if (op == BPF_JA)
		return scnprintf(buf, size, "goto pc%+d", insn->off);
	if (op == BPF_EXIT)
		return scnprintf(buf, size, "exit");
	if (op == BPF_CALL) {
		if (insn->imm > 0 && insn->imm < ARRAY_SIZE(func_name) &&
		    func_name[insn->imm])
			return scnprintf(buf, size, "call bpf_%s#%d",
					 func_name[insn->imm], insn->imm);
		return scnprintf(buf, size, "call #%d", insn->imm);
	}
	if (!jmp_op_str[op >> 4])
		return scnprintf(buf, size, "(bad)");
	if (BPF_SRC(insn->code) == BPF_X)
		return scnprintf(buf, size, "if %c%d %s %c%d goto pc%+d", r,
				 insn->dst_reg, jmp_op_str[op >> 4], r,
				 insn->src_reg, insn->off);
	return scnprintf(buf, size, "if %c%d %s 0x%x goto pc%+d", r,
			 insn->dst_reg, jmp_op_str[op >> 4], insn->imm,
			 insn->off);
}

int bpf_insn_print(char *buf, size_t size, const struct bpf_insn *insn)
{
	const char *sz = size_str[BPF_SIZE(insn->code) >> 3];
	u8 mode = BPF_MODE(insn->code);

	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return print_alu(buf, size, insn);
	case BPF_JMP:
	case BPF_JMP32:
		return print_jmp(buf, size, insn);
	case BPF_LDX:
		return scnprintf(buf, size, "r%d = *(%s *)(r%d %+d)",
				 insn->dst_reg, sz, insn->src_reg, insn->off);
	case BPF_STX:
		if (mode == BPF_ATOMIC)
			return scnprintf(buf, size, "lock *(%s *)(r%d %+d) += r%d",
					 sz, insn->dst_reg, insn->off,
					 insn->src_reg);
		return scnprintf(buf, size, "*(%s *)(r%d %+d) = r%d", sz,
				 insn->dst_reg, insn->off, insn->src_reg);
	case BPF_ST:
		return scnprintf(buf, size, "*(%s *)(r%d %+d) = %d", sz,
				 insn->dst_reg, insn->off, insn->imm);
	case BPF_LD:
		if (mode == BPF_ABS)
			return scnprintf(buf, size, "r0 = *(%s *)skb[%d]", sz,
					 insn->imm);
		if (mode == BPF_IND)
			return scnprintf(buf, size, "r0 = *(%s *)skb[r%d + %d]",
					 sz, insn->src_reg, insn->imm);
		if (mode == BPF_IMM && BPF_SIZE(insn->code) == BPF_DW) {
			if (insn->src_reg == BPF_PSEUDO_MAP_FD)
				return scnprintf(buf, size, "r%d = map[fd:%d]",
						 insn->dst_reg, insn->imm);
			return scnprintf(buf, size, "r%d = 0x%llx ll",
					 insn->dst_reg,
					 (u64)(u32)insn[1].imm << 32 |
					 (u32)insn->imm);
		}
		break;
	}
	return scnprintf(buf, size, "(bad)");
}
