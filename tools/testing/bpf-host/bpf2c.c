// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpf2c: writes C that computes what a raw eBPF program computes, one
 * statement an instruction, for bench_jit to compare our JIT with what
 * gcc -O2 makes of the same computation.
 *
 *   bpf2c NAME FILE.bpf ... > native.c
 *
 * Each program becomes "u64 native_NAME(const void *ctx)".  Immediates
 * moved into registers pass through an empty asm, so that gcc cannot fold
 * the whole program into its result; the rest is plain C.  Helper calls
 * go to native_helper(id, r1..r5), LD_IMM64 of a map fd to native_map,
 * LD_ABS/LD_IND to bpf_ld_abs_pointer().
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>

struct insn {
	unsigned char code, regs;
	short off;
	int imm;
};

static const char *const alu_op[16] = {
	"+", "-", "*", "/", "|", "&", "<<", ">>", "", "%", "^", "=", ">>",
};

static const char *const jmp_op[16] = {
	"", "==", ">", ">=", "&", "!=", ">", ">=", "", "", "<", "<=", "<",
	"<=",
};

static int emit(const char *name, const struct insn *p, unsigned int n)
{
	unsigned int i;

	printf("u64 native_%s(const void *ctx)\n{\n", name);
	printf("\tu64 stack[64], r0 = 0, r1 = (unsigned long)ctx, r2 = 0, r3 = 0, r4 = 0, r5 = 0;\n");
	printf("\tu64 r6 = 0, r7 = 0, r8 = 0, r9 = 0, r10 = (unsigned long)&stack[64];\n");
	printf("\tconst u8 *pp; u32 buf;\n\n");
	for (i = 0; i < n; i++) {
		const struct insn *in = &p[i];
		unsigned int d = in->regs & 15, s = in->regs >> 4;
		unsigned int cls = in->code & 7, op = in->code >> 4;
		int x = in->code & BPF_X;
		static const char *const sz[] = { "u32", "u16", "u8", "u64" };
		const char *t = sz[(in->code >> 3) & 3];
		char src[64];

		printf("L%u: ", i);
		switch (cls) {
		case BPF_ALU64:
		case BPF_ALU:
			if (x)
				snprintf(src, sizeof(src), cls == BPF_ALU64 ?
					 "r%u" : "(u32)r%u", s);
			else
				snprintf(src, sizeof(src), cls == BPF_ALU64 ?
					 "(u64)(s64)%d" : "(u32)%d", in->imm);
			if (op == (BPF_MOV >> 4) && !x) {
				printf("r%u = OPQ(%s);\n", d, src);
			} else if (op == (BPF_NEG >> 4)) {
				printf("r%u = %s-r%u;\n", d,
				       cls == BPF_ALU64 ? "" : "(u32)", d);
			} else if (op == (BPF_END >> 4)) {
				printf("r%u = %s%d(r%u);\n", d,
				       in->code & BPF_X ? "be" : "le", in->imm, d);
			} else if (op == (BPF_DIV >> 4) || op == (BPF_MOD >> 4)) {
				const char *w = cls == BPF_ALU64 ? "u64" : "u32";

				if (op == (BPF_DIV >> 4))
					printf("r%u = (%s)(%s) ? (%s)r%u / (%s)(%s) : 0;\n",
					       d, w, src, w, d, w, src);
				else
					printf("r%u = (%s)(%s) ? (%s)r%u %% (%s)(%s) : (%s)r%u;\n",
					       d, w, src, w, d, w, src, w, d);
			} else if (op == (BPF_ARSH >> 4)) {
				printf("r%u = %s((%s)r%u >> ((%s) & %d));\n", d,
				       cls == BPF_ALU64 ? "(u64)" : "(u32)",
				       cls == BPF_ALU64 ? "s64" : "s32", d, src,
				       cls == BPF_ALU64 ? 63 : 31);
			} else if (op == (BPF_LSH >> 4) || op == (BPF_RSH >> 4)) {
				printf("r%u = %s((%s)r%u %s ((%s) & %d));\n", d,
				       cls == BPF_ALU64 ? "" : "(u32)",
				       cls == BPF_ALU64 ? "u64" : "u32", d,
				       alu_op[op], src, cls == BPF_ALU64 ? 63 : 31);
			} else if (op == (BPF_MOV >> 4)) {
				printf("r%u = %s;\n", d, src);
			} else {
				printf("r%u = %s((%s)r%u %s (%s));\n", d,
				       cls == BPF_ALU64 ? "" : "(u32)",
				       cls == BPF_ALU64 ? "u64" : "u32", d,
				       alu_op[op], src);
			}
			break;
		case BPF_JMP:
		case BPF_JMP32: {
			const char *w = cls == BPF_JMP ? "u64" : "u32";
			const char *sw = cls == BPF_JMP ? "s64" : "s32";
			bool sgn = op >= (BPF_JSGT >> 4) && op != (BPF_JLT >> 4) &&
				   op != (BPF_JLE >> 4);

			if (op == (BPF_EXIT >> 4)) {
				printf("return r0;\n");
				break;
			}
			if (op == (BPF_JA >> 4)) {
				printf("goto L%d;\n", i + 1 + in->off);
				break;
			}
			if (op == (BPF_CALL >> 4)) {
				printf("r0 = native_helper(%d, r1, r2, r3, r4, r5);\n",
				       in->imm);
				break;
			}
			if (x)
				snprintf(src, sizeof(src), "r%u", s);
			else
				snprintf(src, sizeof(src), "(u64)(s64)%d", in->imm);
			if (op == (BPF_JSET >> 4))
				printf("if ((%s)r%u & (%s)%s) goto L%d;\n", w, d,
				       w, src, i + 1 + in->off);
			else
				printf("if ((%s)r%u %s (%s)%s) goto L%d;\n",
				       sgn ? sw : w, d, jmp_op[op], sgn ? sw : w,
				       src, i + 1 + in->off);
			break;
		}
		case BPF_LDX:
			printf("r%u = *(%s *)(unsigned long)(r%u + %d);\n", d, t,
			       s, in->off);
			break;
		case BPF_ST:
			printf("*(%s *)(unsigned long)(r%u + %d) = (%s)OPQ((s64)%d);\n",
			       t, d, in->off, t, in->imm);
			break;
		case BPF_STX:
			if ((in->code & 0xe0) == BPF_ATOMIC)
				printf("__atomic_fetch_add((%s *)(unsigned long)(r%u + %d), (%s)r%u, __ATOMIC_RELAXED);\n",
				       t, d, in->off, t, s);
			else
				printf("*(%s *)(unsigned long)(r%u + %d) = (%s)r%u;\n",
				       t, d, in->off, t, s);
			break;
		case BPF_LD:
			if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				if (s == BPF_PSEUDO_MAP_FD)
					printf("r%u = (unsigned long)native_map;\n", d);
				else
					printf("r%u = OPQ(0x%llxULL);\n", d,
					       (unsigned long long)(unsigned int)in->imm |
					       (unsigned long long)(unsigned int)p[i + 1].imm << 32);
				printf("L%u: ;\n", ++i);
				break;
			}
			if ((in->code & 0xe0) == BPF_IND)
				snprintf(src, sizeof(src), "(s32)((u32)r%u + %d)",
					 s, in->imm);
			else
				snprintf(src, sizeof(src), "%d", in->imm);
			printf("pp = bpf_ld_abs_pointer((void *)(unsigned long)r6, %s, %d, &buf);\n",
			       src, t[1] == '8' ? 1 : t[1] == '1' ? 2 : 4);
			printf("\tif (!pp) return 0;\n");
			printf("\tr0 = %s;\n", t[1] == '8' ? "pp[0]" :
			       t[1] == '1' ? "(u32)pp[0] << 8 | pp[1]" :
			       "(u32)pp[0] << 24 | (u32)pp[1] << 16 | (u32)pp[2] << 8 | pp[3]");
			break;
		default:
			fprintf(stderr, "bpf2c: %s: insn %u: code 0x%02x\n", name,
				i, in->code);
			return -1;
		}
	}
	printf("\treturn r0;\n}\n\n");
	return 0;
}

int main(int argc, char **argv)
{
	int i;

	printf("/* generated by bpf2c */\n#include \"bench_native.h\"\n\n");
	for (i = 1; i + 1 < argc; i += 2) {
		FILE *f = fopen(argv[i + 1], "rb");
		struct insn *p;
		long len;

		len = !f || fseek(f, 0, SEEK_END) ? -1 : ftell(f);
		if (len <= 0 || len % 8 || fseek(f, 0, SEEK_SET)) {
			/* the runner skips a program it cannot load too */
			printf("/* %s: not found */\nu64 native_%s(const void *ctx)\n{\n\treturn 0;\n}\n\n",
			       argv[i + 1], argv[i]);
			if (f)
				fclose(f);
			continue;
		}
		p = malloc(len);
		if (!p || fread(p, 1, len, f) != (size_t)len)
			return 1;
		fclose(f);
		if (emit(argv[i], p, len / 8))
			return 1;
		free(p);
	}
	return 0;
}
