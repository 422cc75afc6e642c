// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpf-run: runs one raw eBPF program through kernel/bpf/interp.c, as a
 * plugin of the bpf_conformance suite.
 *
 *   bpf-run [--raw] [--jit] [MEMORY-HEX] < PROGRAM
 *
 * The program comes on stdin as hex text (bytes, whitespace anywhere), or
 * with --raw as little-endian 8-byte instructions.  MEMORY-HEX is the
 * initial memory; the program runs with R1 pointing at it (it is also the
 * packet of LD_ABS/LD_IND once copied to R6) and R2 holding its length, and
 * R0 is printed in hex.  Helpers: CALL imm 1 (r1 + 2 r2 + 3 r3 + 4 r4 +
 * 5 r5), 2 (r1 * r2), 3 (r1 ^ r2 << 32).
 *
 * With --jit the program runs through the JIT (arch/x86/net/bpf_jit_comp.c)
 * instead; BPF_JIT_DUMP=1 in the environment dumps the image to stderr.
 *
 * A minimal structural check stands in for the verifier: opcodes, registers,
 * jump targets, LD_IMM64 pairs, writes to R10, helper ids and the last
 * instruction.  Memory accesses are not checked.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>

#include "interp.h"
#include "host_interp.h"
#include "host_jit.h"

/* host_interp_run64() reaches every EXIT with a 16-bit jump */
#define MAX_INSNS	32000
#define MAX_MEM		(1U << 24)

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("bpf-run: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int hex_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes hex digit pairs, whitespace allowed between bytes. */
static int hex_decode(const char *s, size_t slen, u8 **out, size_t *len)
{
	size_t i, n = 0;
	u8 *buf = malloc(slen / 2 + 1);
	int hi = -1, v;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < slen; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			if (hi >= 0)
				goto bad;
			continue;
		}
		v = hex_val((unsigned char)s[i]);
		if (v < 0)
			goto bad;
		if (hi < 0) {
			hi = v;
		} else {
			buf[n++] = hi << 4 | v;
			hi = -1;
		}
	}
	if (hi >= 0)
		goto bad;
	*out = buf;
	*len = n;
	return 0;
bad:
	free(buf);
	return -EINVAL;
}

static int read_all(FILE *f, u8 **out, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	u8 *buf = malloc(cap), *nb;

	if (!buf)
		return -ENOMEM;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n < cap)
			continue;
		if (cap >= (size_t)MAX_INSNS * 32) {
			free(buf);
			return -E2BIG;
		}
		cap *= 2;
		nb = realloc(buf, cap);
		if (!nb) {
			free(buf);
			return -ENOMEM;
		}
		buf = nb;
	}
	if (ferror(f)) {
		free(buf);
		return -EIO;
	}
	*out = buf;
	*len = n;
	return 0;
}

static bool alu_op_ok(u8 code)
{
	u8 op = BPF_OP(code);

	switch (op) {
	case BPF_ADD: case BPF_SUB: case BPF_MUL: case BPF_DIV:
	case BPF_OR: case BPF_AND: case BPF_LSH: case BPF_RSH:
	case BPF_MOD: case BPF_XOR: case BPF_MOV: case BPF_ARSH:
		return true;
	case BPF_NEG:
		return BPF_SRC(code) == BPF_K;
	case BPF_END:
		return BPF_CLASS(code) == BPF_ALU;
	}
	return false;
}

static bool jmp_op_ok(u8 code)
{
	u8 op = BPF_OP(code);

	switch (op) {
	case BPF_JEQ: case BPF_JGT: case BPF_JGE: case BPF_JSET:
	case BPF_JNE: case BPF_JSGT: case BPF_JSGE: case BPF_JLT:
	case BPF_JLE: case BPF_JSLT: case BPF_JSLE:
		return true;
	case BPF_JA: case BPF_CALL: case BPF_EXIT:
		return BPF_CLASS(code) == BPF_JMP && BPF_SRC(code) == BPF_K;
	}
	return false;
}

/* Whether the interpreter has a handler for @insn's opcode and operands. */
static bool insn_ok(const struct bpf_insn *insn)
{
	u8 code = insn->code;

	switch (BPF_CLASS(code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (!alu_op_ok(code))
			return false;
		if (BPF_OP(code) == BPF_END)
			return insn->imm == 16 || insn->imm == 32 ||
			       insn->imm == 64;
		return true;
	case BPF_JMP:
	case BPF_JMP32:
		return jmp_op_ok(code);
	case BPF_LDX:
	case BPF_ST:
		return BPF_MODE(code) == BPF_MEM;
	case BPF_STX:
		if (BPF_MODE(code) == BPF_MEM)
			return true;
		return BPF_MODE(code) == BPF_ATOMIC &&
		       (BPF_SIZE(code) == BPF_W || BPF_SIZE(code) == BPF_DW) &&
		       insn->imm == BPF_ADD;
	case BPF_LD:
		if (code == (BPF_LD | BPF_IMM | BPF_DW))
			return true;
		return (BPF_MODE(code) == BPF_ABS ||
			BPF_MODE(code) == BPF_IND) && BPF_SIZE(code) != BPF_DW;
	}
	return false;
}

static bool writes_dst(u8 code)
{
	switch (BPF_CLASS(code)) {
	case BPF_ALU:
	case BPF_ALU64:
	case BPF_LDX:
		return true;
	case BPF_LD:
		return BPF_MODE(code) == BPF_IMM;
	}
	return false;
}

static bool is_cond_or_ja(u8 code)
{
	u8 cls = BPF_CLASS(code), op = BPF_OP(code);

	if (cls == BPF_JMP32)
		return true;
	return cls == BPF_JMP && op != BPF_CALL && op != BPF_EXIT;
}

/* Checks @p and turns CALL helper ids into __bpf_call_base offsets. */
static int check_prog(struct bpf_insn *p, u32 n)
{
	bool *second = calloc(n, sizeof(*second));
	u32 i;
	s64 t;
	int err = 1;

	if (!second)
		return fail("out of memory");
	for (i = 0; i < n; i++) {
		if (p[i].code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (i + 1 >= n || p[i + 1].code || p[i + 1].dst_reg ||
			    p[i + 1].src_reg || p[i + 1].off) {
				fail("insn %u: LD_IMM64 without its second half",
				     i);
				goto out;
			}
			if (p[i].src_reg) {
				fail("insn %u: LD_IMM64 pseudo source %u not supported",
				     i, p[i].src_reg);
				goto out;
			}
			second[++i] = true;
		}
	}
	for (i = 0; i < n; i++) {
		struct bpf_insn *insn = &p[i];

		if (second[i])
			continue;
		if (!insn_ok(insn)) {
			fail("insn %u: unknown opcode 0x%02x (imm %d)", i,
			     insn->code, insn->imm);
			goto out;
		}
		if (insn->dst_reg > BPF_REG_10 || insn->src_reg > BPF_REG_10) {
			fail("insn %u: register r%u out of range", i,
			     insn->dst_reg > BPF_REG_10 ? insn->dst_reg :
			     insn->src_reg);
			goto out;
		}
		if (writes_dst(insn->code) && insn->dst_reg == BPF_REG_10) {
			fail("insn %u: write to r10", i);
			goto out;
		}
		if (insn->code == (BPF_JMP | BPF_CALL)) {
			if (insn->src_reg ||
			    !host_helper_imm(insn->imm, &insn->imm)) {
				fail("insn %u: call to unknown helper %d (src %u)",
				     i, insn->imm, insn->src_reg);
				goto out;
			}
		}
		if (is_cond_or_ja(insn->code)) {
			t = (s64)i + 1 + insn->off;
			if (t < 0 || t >= n || second[t]) {
				fail("insn %u: jump to %lld out of range", i,
				     (long long)t);
				goto out;
			}
		}
	}
	if (p[n - 1].code != (BPF_JMP | BPF_EXIT) &&
	    p[n - 1].code != (BPF_JMP | BPF_JA)) {
		fail("last insn is not EXIT or JA");
		goto out;
	}
	err = 0;
out:
	free(second);
	return err;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: bpf-run [--raw] [--jit] [MEMORY-HEX] < PROGRAM\n"
		"  PROGRAM on stdin as hex bytes, or with --raw as little-endian\n"
		"  8-byte instructions; R1 = memory, R2 = its length; prints R0\n"
		"  in hex.\n");
	return 2;
}

int main(int argc, char **argv)
{
	bool raw = false, jit = false;
	const char *mem_hex = NULL;
	u8 *in = NULL, *prog_bytes = NULL, *mem = NULL;
	size_t in_len, prog_len, mem_len = 0;
	struct host_pkt *pkt = NULL;
	struct bpf_insn *prog = NULL;
	int i, ret = 1, status;
	u64 r0;
	u32 n;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--raw"))
			raw = true;
		else if (!strcmp(argv[i], "--jit"))
			jit = true;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return usage();
		else if (!strcmp(argv[i], "--"))
			continue;
		else if (argv[i][0] == '-' && argv[i][1] == '-')
			return fail("unknown option %s", argv[i]);
		else if (!mem_hex)
			mem_hex = argv[i];
		else
			return usage();
	}
	if (mem_hex && hex_decode(mem_hex, strlen(mem_hex), &mem, &mem_len))
		return fail("memory is not hex bytes");
	if (mem_len > MAX_MEM) {
		fail("memory larger than %u bytes", MAX_MEM);
		goto out;
	}
	if (read_all(stdin, &in, &in_len)) {
		fail("cannot read the program");
		goto out;
	}
	if (raw) {
		prog_bytes = in;
		prog_len = in_len;
		in = NULL;
	} else if (hex_decode((const char *)in, in_len, &prog_bytes,
			      &prog_len)) {
		fail("program is not hex bytes");
		goto out;
	}
	if (!prog_len || prog_len % sizeof(struct bpf_insn)) {
		fail("program of %zu bytes is not whole instructions",
		     prog_len);
		goto out;
	}
	if (prog_len / sizeof(struct bpf_insn) > MAX_INSNS) {
		fail("program longer than %u instructions", MAX_INSNS);
		goto out;
	}
	n = prog_len / sizeof(struct bpf_insn);
	/* bpf_insn has bit-fields: copy, do not alias the bytes */
	prog = calloc(n, sizeof(*prog));
	if (!prog) {
		fail("out of memory");
		goto out;
	}
	memcpy(prog, prog_bytes, prog_len);
	if (check_prog(prog, n))
		goto out;

	pkt = host_pkt_new(mem, mem_len, 0, 0);
	if (!pkt) {
		fail("out of memory");
		goto out;
	}
	host_pkt_set_current(pkt);
	if (jit) {
		bpf_jit_enable = getenv("BPF_JIT_DUMP") ? 2 : 1;
		status = host_jit_run64(prog, n, pkt->data, (s32)mem_len, &r0);
	} else {
		status = host_interp_run64(prog, n, pkt->data, (s32)mem_len,
					   &r0);
	}
	host_pkt_set_current(NULL);
	if (status < 0 || host_bad_insns) {
		fail(jit ? "the JIT refused the program" :
		     "the interpreter misbehaved");
		goto out;
	}
	printf("%llx\n", (unsigned long long)r0);
	ret = 0;
out:
	host_pkt_free(pkt);
	free(prog);
	free(prog_bytes);
	free(in);
	free(mem);
	return ret;
}
