// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_progs DIR: writes bench_jit's own programs, raw little-endian eBPF
 * like the shared ones, to DIR:
 *   map_lookup.bpf  64 hash map lookups of keys 0-7 (map fd in LD_IMM64,
 *                   helper 1), summing the values found
 *   parser.bpf      an IPv4 and TCP header parser with LD_ABS/LD_IND over
 *                   a packet that starts at the IP header, as a socket
 *                   filter's does
 */
#include <stdio.h>

#include <linux/bpf.h>

#include "insn.h"

#define MAP_FD	1	/* replaced by the runner */

static int write_prog(const char *dir, const char *name,
		      const struct bpf_insn *p, unsigned int n)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.bpf", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, sizeof(*p), n, f) != n || fclose(f)) {
		fprintf(stderr, "bench_progs: cannot write %s\n", path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct bpf_insn p[1024];
	unsigned int n = 0, i;
	int err;

	if (argc != 2)
		return 2;
	p[n++] = I_MOV64K(BPF_REG_6, 0);
	for (i = 0; i < 64; i++) {
		p[n++] = I_ST(W, BPF_REG_10, -4, (i * 5) & 7);
		p[n++] = I_INSN(BPF_LD | BPF_IMM | BPF_DW, BPF_REG_1,
				BPF_PSEUDO_MAP_FD, 0, MAP_FD);
		p[n++] = I_INSN(0, 0, 0, 0, 0);
		p[n++] = I_MOV64X(BPF_REG_2, BPF_REG_10);
		p[n++] = I_A64K(ADD, BPF_REG_2, -4);
		p[n++] = I_CALL(BPF_FUNC_map_lookup_elem);
		p[n++] = I_JK(JEQ, BPF_REG_0, 0, 2);
		p[n++] = I_LDX(DW, BPF_REG_1, BPF_REG_0, 0);
		p[n++] = I_A64X(ADD, BPF_REG_6, BPF_REG_1);
	}
	p[n++] = I_MOV64X(BPF_REG_0, BPF_REG_6);
	p[n++] = I_EXIT;
	err = write_prog(argv[1], "map_lookup", p, n);

	n = 0;
	p[n++] = I_MOV64X(BPF_REG_6, BPF_REG_1);
	p[n++] = I_LDABS(B, 0);				/* version, ihl */
	p[n++] = I_A64K(AND, BPF_REG_0, 0xf);
	p[n++] = I_A64K(LSH, BPF_REG_0, 2);
	p[n++] = I_MOV64X(BPF_REG_7, BPF_REG_0);
	p[n++] = I_JK(JLT, BPF_REG_7, 20, 25);		/* bad ihl: 0 */
	p[n++] = I_LDABS(B, 9);				/* protocol */
	p[n++] = I_MOV64X(BPF_REG_8, BPF_REG_0);
	p[n++] = I_LDABS(H, 2);				/* total length */
	p[n++] = I_MOV64X(BPF_REG_9, BPF_REG_0);
	p[n++] = I_LDABS(B, 8);				/* ttl */
	p[n++] = I_A64X(ADD, BPF_REG_9, BPF_REG_0);
	p[n++] = I_LDABS(W, 12);			/* saddr */
	p[n++] = I_A64X(XOR, BPF_REG_9, BPF_REG_0);
	p[n++] = I_LDABS(W, 16);			/* daddr */
	p[n++] = I_A64X(ADD, BPF_REG_9, BPF_REG_0);
	p[n++] = I_JK(JNE, BPF_REG_8, 6, 11);		/* not TCP */
	p[n++] = I_LDIND(H, BPF_REG_7, 0);		/* source port */
	p[n++] = I_A64X(XOR, BPF_REG_9, BPF_REG_0);
	p[n++] = I_LDIND(H, BPF_REG_7, 2);		/* destination port */
	p[n++] = I_A64X(ADD, BPF_REG_9, BPF_REG_0);
	p[n++] = I_LDIND(W, BPF_REG_7, 4);		/* sequence */
	p[n++] = I_A64X(XOR, BPF_REG_9, BPF_REG_0);
	p[n++] = I_LDIND(B, BPF_REG_7, 13);		/* flags */
	p[n++] = I_A64X(ADD, BPF_REG_9, BPF_REG_0);
	p[n++] = I_LDIND(B, BPF_REG_7, 12);		/* data offset */
	p[n++] = I_A64K(RSH, BPF_REG_0, 2);
	p[n++] = I_A64X(ADD, BPF_REG_9, BPF_REG_0);
	p[n++] = I_A32K(AND, BPF_REG_9, 0x7fffffff);
	p[n++] = I_MOV64X(BPF_REG_0, BPF_REG_9);
	p[n++] = I_EXIT;
	p[n++] = I_MOV64K(BPF_REG_0, 0);
	p[n++] = I_EXIT;
	err |= write_prog(argv[1], "parser", p, n);
	return err;
}
