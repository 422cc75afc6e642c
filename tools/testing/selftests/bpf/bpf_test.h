/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the eBPF selftests that write raw instructions share: instruction
 * builders, the bpf() call, and the kernel version kprobe programs give.
 * (linux/bpf.h clashes with the classic linux/filter.h, so test_classic
 * does not include this.)
 */
#ifndef _BPF_TEST_H
#define _BPF_TEST_H

#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#define INSN(c, d, s, o, i)						\
	((struct bpf_insn) {						\
		.code = (c), .dst_reg = (d), .src_reg = (s),		\
		.off = (o), .imm = (i) })
#define MOV64_IMM(d, i)	INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define MOV64_REG(d, s)	INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define ADD64_IMM(d, i)	INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define ST_W(d, o, i)	INSN(BPF_ST | BPF_MEM | BPF_W, d, 0, o, i)
#define XADD_DW(d, s, o) INSN(BPF_STX | BPF_ATOMIC | BPF_DW, d, s, o, BPF_ADD)
#define JEQ_IMM(d, i, o) INSN(BPF_JMP | BPF_JEQ | BPF_K, d, 0, o, i)
#define CALL(id)	INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define EXIT_INSN()	INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static inline long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* A map with 4-byte keys and 8-byte values; the fd or -1 (errno). */
static inline int map_create_u32_u64(__u32 type, __u32 max_entries)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = max_entries;
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

/* The running kernel's version as kprobe programs must give it. */
static inline __u32 kern_version(void)
{
	unsigned int a, b, c = 0;
	struct utsname u;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

#endif /* _BPF_TEST_H */
