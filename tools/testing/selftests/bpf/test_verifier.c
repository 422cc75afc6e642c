// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_verifier - the verifier's rules, each tried on both sides of its
 * boundary: a program just inside is accepted (and, for a socket filter,
 * run with BPF_PROG_TEST_RUN against the value it must return), one just
 * past is rejected with the reason the log must give.  Then the attribute
 * rules of BPF_PROG_LOAD and BPF_PROG_TEST_RUN and the life of a program
 * descriptor.
 *
 * One source, two builds: statically for the guest, where bpf() is the
 * real system call, and on the host with -DBPF_HOST, linked with
 * tools/testing/bpf-host/host_bpf.c and kernel/bpf/, where it is that
 * emulation (which also checks that every test frees what it allocated).
 *
 * Output is KTAP; a failure shows the tail of the verifier's log.
 *
 * Usage: test_verifier [-v] [-l LOG_LEVEL] [SUBSTRING...]
 *   -v  show every log in full; -l  log level of the table's loads (1)
 *   SUBSTRING  run only the tests whose names contain one
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifdef BPF_HOST
#include "bpf_host.h"
#include "host_bpf.h"
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PTR(p)		((__u64)(unsigned long)(p))

/* ---- instructions --------------------------------------------------- */

#define R0	BPF_REG_0
#define R1	BPF_REG_1
#define R2	BPF_REG_2
#define R3	BPF_REG_3
#define R4	BPF_REG_4
#define R5	BPF_REG_5
#define R6	BPF_REG_6
#define R7	BPF_REG_7
#define R8	BPF_REG_8
#define R9	BPF_REG_9
#define R10	BPF_REG_10

#define INSN(c, d, s, o, i)						\
	((struct bpf_insn) {						\
		.code = (c), .dst_reg = (d), .src_reg = (s),		\
		.off = (o), .imm = (i) })

#define ALU64_IMM(op, d, i)	INSN(BPF_ALU64 | (op) | BPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)	INSN(BPF_ALU64 | (op) | BPF_X, d, s, 0, 0)
#define ALU32_IMM(op, d, i)	INSN(BPF_ALU | (op) | BPF_K, d, 0, 0, i)
#define ALU32_REG(op, d, s)	INSN(BPF_ALU | (op) | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)		ALU64_IMM(BPF_MOV, d, i)
#define MOV64_REG(d, s)		ALU64_REG(BPF_MOV, d, s)
#define MOV32_IMM(d, i)		ALU32_IMM(BPF_MOV, d, i)
#define MOV32_REG(d, s)		ALU32_REG(BPF_MOV, d, s)
#define ENDIAN(dir, d, bits)	INSN(BPF_ALU | BPF_END | (dir), d, 0, 0, bits)
#define LDX_MEM(sz, d, s, o)	INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX_MEM(sz, d, s, o)	INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST_MEM(sz, d, o, i)	INSN(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define XADD(sz, d, s, o)	INSN(BPF_STX | BPF_ATOMIC | (sz), d, s, o, BPF_ADD)
#define JMP_IMM(op, d, i, o)	INSN(BPF_JMP | (op) | BPF_K, d, 0, o, i)
#define JMP_REG(op, d, s, o)	INSN(BPF_JMP | (op) | BPF_X, d, s, o, 0)
#define JMP32_IMM(op, d, i, o)	INSN(BPF_JMP32 | (op) | BPF_K, d, 0, o, i)
#define JMP32_REG(op, d, s, o)	INSN(BPF_JMP32 | (op) | BPF_X, d, s, o, 0)
#define JA(o)			INSN(BPF_JMP | BPF_JA, 0, 0, o, 0)
#define CALL(id)		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id)
#define EXIT_INSN()		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define LD_ABS(sz, i)		INSN(BPF_LD | BPF_ABS | (sz), 0, 0, 0, i)
#define LD_IND(sz, s, i)	INSN(BPF_LD | BPF_IND | (sz), 0, s, 0, i)
/*
 * A 64-bit immediate load takes two instructions, written as two: LD64_LO
 * with the low half, then LD64_HI with the high half.
 */
#define LD64_LO(d, v)							\
	INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (__s32)(__u32)(__u64)(v))
#define LD64_HI(v)		INSN(0, 0, 0, 0, (__s32)((__u64)(v) >> 32))
/* A map fd load, patched by a fixup list; followed by LD64_HI(0). */
#define LD_MAP_FD(d)							\
	INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, 0)

/* ---- the test table ------------------------------------------------- */

#define MAX_INSNS	48
#define MAX_FIXUPS	4

enum { ACCEPT, REJECT };

/* Test flags */
#define F_NO_RUN	0x01	/* accepted socket filter, not run */
#define F_BIG_LOG	0x02	/* load with the largest log there is */
#define F_PROBE_READ	0x04	/* kprobes must have probe_read (4), ktime_get_ns */
#define F_TRACE_PRINTK	0x08	/* kprobes must have trace_printk (6) */

struct vtest {
	const char *descr;
	struct bpf_insn insns[MAX_INSNS];
	/* instructions to load; 0: up to the last non-zero one */
	int len;
	/* a generated program instead of insns: fills @prog, returns len */
	int (*fill)(struct bpf_insn *prog);
	/*
	 * Indices of LD_MAP_FD instructions that get the fd of a map made
	 * for the test: hash 8 (key 8, value 8), hash 48 (key 8, value 48),
	 * array 48 (key 4, value 48, 4 entries).  Zero-terminated.
	 */
	int fix_hash8[MAX_FIXUPS];
	int fix_hash48[MAX_FIXUPS];
	int fix_array48[MAX_FIXUPS];
	int fix_hash1k[MAX_FIXUPS];	/* key 8, value 1024 */
	__u32 prog_type;		/* 0: socket filter */
	const char *license;		/* NULL: "GPL" */
	int result;
	const char *errstr;		/* must be in the log of a REJECT */
	int err;			/* errno of a REJECT; 0: EINVAL/EACCES */
	__u32 retval;			/* of an accepted socket filter */
	unsigned int flags;
	const __u8 *data;		/* the frame to run on; NULL: pkt_ipv4 */
	__u32 data_len;
};

struct vgroup {
	const char *name;
	const struct vtest *tests;
	size_t n;
};

/*
 * The default frame: to 00:00:00:00:00:00 (the loopback device's address,
 * so PACKET_HOST), IPv4 from 127.0.0.1 to 127.0.0.1, UDP 4242 -> 53, four
 * bytes of payload.  A socket filter sees it from the IP header on, so
 * skb->len is 32.
 */
static const __u8 pkt_ipv4[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x20, 0x12, 0x34, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00, 0x7f, 0x00, 0x00, 0x01,
	0x7f, 0x00, 0x00, 0x01,
	0x10, 0x92, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00,
	0xde, 0xad, 0xbe, 0xef,
};

#define PKT_LEN		(sizeof(pkt_ipv4) - 14)

/* to another unicast address: PACKET_OTHERHOST */
static const __u8 pkt_otherhost[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00, 0x7f, 0x00, 0x00, 0x01,
	0x7f, 0x00, 0x00, 0x01,
};

/* to a multicast group: PACKET_MULTICAST */
static const __u8 pkt_multicast[] = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00, 0x7f, 0x00, 0x00, 0x01,
	0xe0, 0x00, 0x00, 0x01,
};

/* an ARP request: protocol 0x0806 */
static const __u8 pkt_arp[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x7f, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x7f, 0x00, 0x00, 0x02,
};

/* nothing but an Ethernet header, of a local experimental type */
static const __u8 pkt_empty[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x88, 0xb5,
};

#define DATA(p)		.data = (p), .data_len = sizeof(p)

/* ---- ALU: values, and the encodings the verifier refuses ------------- */

static const struct vtest tests_alu[] = {
	{
		.descr = "alu: return a constant",
		.insns = {
			MOV64_IMM(R0, 42),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 42,
	},
	{
		.descr = "alu: add sub mul chain",
		.insns = {
			MOV64_IMM(R0, 6),
			MOV64_IMM(R1, 7),
			ALU64_REG(BPF_MUL, R0, R1),
			ALU64_IMM(BPF_SUB, R0, 2),
			ALU64_IMM(BPF_ADD, R0, -10),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 30,
	},
	{
		.descr = "alu: 32-bit add wraps and clears the high half",
		.insns = {
			MOV64_IMM(R0, -1),
			ALU32_IMM(BPF_ADD, R0, 0),
			ALU64_IMM(BPF_RSH, R0, 32),
			MOV64_IMM(R1, -1),
			ALU32_IMM(BPF_ADD, R1, 2),
			ALU64_REG(BPF_ADD, R0, R1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 1,
	},
	{
		.descr = "alu: div by a zero register gives 0",
		.insns = {
			MOV64_IMM(R0, 10),
			MOV64_IMM(R1, 0),
			ALU64_REG(BPF_DIV, R0, R1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "alu: mod by a zero register keeps dst",
		.insns = {
			MOV64_IMM(R0, 10),
			MOV64_IMM(R1, 0),
			ALU64_REG(BPF_MOD, R0, R1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 10,
	},
	{
		.descr = "alu: div by an unknown register accepted",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_REG(R1, R0),
			MOV64_IMM(R0, 10),
			ALU32_REG(BPF_DIV, R0, R1),
			ALU64_IMM(BPF_AND, R0, 0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "alu: div64 by imm 1 accepted",
		.insns = {
			MOV64_IMM(R0, 7),
			ALU64_IMM(BPF_DIV, R0, 1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 7,
	},
	{
		.descr = "alu: div64 by imm 0 rejected",
		.insns = {
			MOV64_IMM(R0, 7),
			ALU64_IMM(BPF_DIV, R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "div by zero",
	},
	{
		.descr = "alu: div32 by imm 0 rejected",
		.insns = {
			MOV64_IMM(R0, 7),
			ALU32_IMM(BPF_DIV, R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "div by zero",
	},
	{
		.descr = "alu: mod64 by imm 0 rejected",
		.insns = {
			MOV64_IMM(R0, 7),
			ALU64_IMM(BPF_MOD, R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "div by zero",
	},
	{
		.descr = "alu: mod32 by imm 1 accepted",
		.insns = {
			MOV64_IMM(R0, 7),
			ALU32_IMM(BPF_MOD, R0, 1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "alu: mod32 by imm 0 rejected",
		.insns = {
			MOV64_IMM(R0, 7),
			ALU32_IMM(BPF_MOD, R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "div by zero",
	},
	{
		.descr = "alu: lsh64 by imm 63 accepted",
		.insns = {
			MOV64_IMM(R0, 1),
			ALU64_IMM(BPF_LSH, R0, 63),
			ALU64_IMM(BPF_RSH, R0, 60),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 8,
	},
	{
		.descr = "alu: lsh64 by imm 64 rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			ALU64_IMM(BPF_LSH, R0, 64),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid shift 64",
	},
	{
		.descr = "alu: rsh32 by imm 31 accepted",
		.insns = {
			MOV64_IMM(R0, -1),
			ALU32_IMM(BPF_RSH, R0, 31),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 1,
	},
	{
		.descr = "alu: rsh32 by imm 32 rejected",
		.insns = {
			MOV64_IMM(R0, -1),
			ALU32_IMM(BPF_RSH, R0, 32),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid shift 32",
	},
	{
		.descr = "alu: arsh64 by imm 64 rejected",
		.insns = {
			MOV64_IMM(R0, -1),
			ALU64_IMM(BPF_ARSH, R0, 64),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid shift 64",
	},
	{
		.descr = "alu: arsh32 by imm 31 keeps the sign",
		.insns = {
			MOV32_IMM(R0, 0x80000000),
			ALU32_IMM(BPF_ARSH, R0, 31),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0xffffffff,
	},
	{
		.descr = "alu: lsh32 by imm 32 rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			ALU32_IMM(BPF_LSH, R0, 32),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid shift 32",
	},
	{
		.descr = "alu: shift by imm -1 rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			ALU64_IMM(BPF_RSH, R0, -1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid shift -1",
	},
	{
		.descr = "alu: shift by a register of 65 is masked to 1",
		.insns = {
			MOV64_IMM(R0, 1),
			MOV64_IMM(R1, 65),
			ALU64_REG(BPF_LSH, R0, R1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 2,
	},
	{
		.descr = "alu: neg64",
		.insns = {
			MOV64_IMM(R0, 5),
			ALU64_IMM(BPF_NEG, R0, 0),
			ALU64_IMM(BPF_ADD, R0, 12),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 7,
	},
	{
		.descr = "alu: neg32 clears the high half",
		.insns = {
			MOV64_IMM(R0, 1),
			ALU32_IMM(BPF_NEG, R0, 0),
			ALU64_IMM(BPF_RSH, R0, 16),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0xffff,
	},
	{
		.descr = "alu: be16 swaps and truncates",
		.insns = {
			MOV64_IMM(R0, 0x7a1234),
			ENDIAN(BPF_TO_BE, R0, 16),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x3412,
	},
	{
		.descr = "alu: le32 truncates",
		.insns = {
			LD64_LO(R0, 0x1122334455667788ULL),
			LD64_HI(0x1122334455667788ULL),
			ENDIAN(BPF_TO_LE, R0, 32),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x55667788,
	},
	{
		.descr = "alu: be64 swaps all eight bytes",
		.insns = {
			LD64_LO(R0, 0x0102030405060708ULL),
			LD64_HI(0x0102030405060708ULL),
			ENDIAN(BPF_TO_BE, R0, 64),
			ALU64_IMM(BPF_RSH, R0, 32),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x08070605,
	},
	{
		.descr = "alu: end with imm 8 rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			ENDIAN(BPF_TO_BE, R0, 8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_END uses reserved fields",
	},
	{
		.descr = "alu: end with src_reg rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			INSN(BPF_ALU | BPF_END | BPF_TO_LE, R0, R1, 0, 16),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_END uses reserved fields",
	},
	{
		.descr = "alu: end in the ALU64 class is unknown",
		.insns = {
			MOV64_IMM(R0, 1),
			INSN(BPF_ALU64 | BPF_END | BPF_TO_LE, R0, 0, 0, 16),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode d7",
	},
	{
		.descr = "alu: neg with imm rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			ALU64_IMM(BPF_NEG, R0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_NEG uses reserved fields",
	},
	{
		.descr = "alu: neg with the X bit rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			ALU64_REG(BPF_NEG, R0, R0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_NEG uses reserved fields",
	},
	{
		.descr = "alu: add K with src_reg rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			INSN(BPF_ALU64 | BPF_ADD | BPF_K, R0, R1, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_ALU uses reserved fields",
	},
	{
		.descr = "alu: add X with imm rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			INSN(BPF_ALU64 | BPF_ADD | BPF_X, R0, R0, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_ALU uses reserved fields",
	},
	{
		.descr = "alu: add with off rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			INSN(BPF_ALU64 | BPF_ADD | BPF_K, R0, 0, 1, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_ALU uses reserved fields",
	},
	{
		.descr = "alu: alu32 xor K with src_reg rejected",
		.insns = {
			MOV64_IMM(R0, 1),
			INSN(BPF_ALU | BPF_XOR | BPF_K, R0, R2, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_ALU uses reserved fields",
	},
	{
		.descr = "alu: mov K with src_reg rejected",
		.insns = {
			INSN(BPF_ALU64 | BPF_MOV | BPF_K, R0, R1, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_MOV uses reserved fields",
	},
	{
		.descr = "alu: mov X with imm rejected",
		.insns = {
			INSN(BPF_ALU64 | BPF_MOV | BPF_X, R0, R1, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_MOV uses reserved fields",
	},
	{
		.descr = "alu: mov32 with off rejected",
		.insns = {
			INSN(BPF_ALU | BPF_MOV | BPF_K, R0, 0, 4, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_MOV uses reserved fields",
	},
	{
		.descr = "alu: alu64 op 0xe0 is unknown",
		.insns = {
			MOV64_IMM(R0, 1),
			INSN(BPF_ALU64 | 0xe0 | BPF_K, R0, 0, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode e7",
	},
	{
		.descr = "alu: alu32 op 0xf0 is unknown",
		.insns = {
			MOV64_IMM(R0, 1),
			INSN(BPF_ALU | 0xf0 | BPF_X, R0, R0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode fc",
	},
	{
		.descr = "alu: 32-bit arsh of a negative number",
		.insns = {
			MOV32_IMM(R0, -64),
			ALU32_IMM(BPF_ARSH, R0, 3),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0xfffffff8,
	},
	{
		.descr = "alu: 64-bit mod of a 64-bit number",
		.insns = {
			LD64_LO(R0, 0x123456789ULL),
			LD64_HI(0x123456789ULL),
			ALU64_IMM(BPF_MOD, R0, 1000),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x123456789ULL % 1000,
	},
	{
		.descr = "alu: known constant register used as a stack offset",
		.insns = {
			MOV64_IMM(R1, -24),
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_ADD, R2, R1),
			ST_MEM(BPF_DW, R2, 0, 9),
			LDX_MEM(BPF_DW, R0, R10, -24),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 9,
	},
	{
		.descr = "alu: copied constant used as a stack offset",
		.insns = {
			MOV64_IMM(R1, -24),
			MOV64_REG(R3, R1),
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_ADD, R2, R3),
			ST_MEM(BPF_DW, R2, 0, 10),
			LDX_MEM(BPF_DW, R0, R10, -24),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 10,
	},
	{
		.descr = "alu: constant past the stack used as an offset",
		.insns = {
			MOV64_IMM(R1, -520),
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_ADD, R2, R1),
			ST_MEM(BPF_DW, R2, 0, 9),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=-520 size=8",
	},
	{
		.descr = "alu: mov32 of a negative constant is zero-extended",
		.insns = {
			MOV32_IMM(R1, -8),
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_ADD, R2, R1),
			ST_MEM(BPF_DW, R2, 0, 9),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic out of range",
	},
};

/* ---- registers -------------------------------------------------------- */

#define UNINIT_READ(n)							\
	{								\
		.descr = "regs: R" #n " read before any write",		\
		.insns = {						\
			MOV64_REG(R0, R##n),				\
			EXIT_INSN(),					\
		},							\
		.result = REJECT,					\
		.errstr = "R" #n " !read_ok",				\
	}

static const struct vtest tests_regs[] = {
	UNINIT_READ(0),
	UNINIT_READ(2),
	UNINIT_READ(3),
	UNINIT_READ(4),
	UNINIT_READ(5),
	UNINIT_READ(6),
	UNINIT_READ(7),
	UNINIT_READ(8),
	UNINIT_READ(9),
	{
		.descr = "regs: R1 and R10 are readable at the start",
		.insns = {
			MOV64_REG(R2, R1),
			MOV64_REG(R3, R10),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "regs: R0 not set at exit",
		.insns = {
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R0 !read_ok",
	},
	{
		.descr = "regs: R0 set on one path only",
		.insns = {
			LDX_MEM(BPF_W, R2, R1, 0),
			JMP_IMM(BPF_JGT, R2, 10, 1),
			MOV64_IMM(R0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R0 !read_ok",
	},
	{
		.descr = "regs: operand of an add read before a write",
		.insns = {
			MOV64_IMM(R0, 0),
			ALU64_IMM(BPF_ADD, R3, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R3 !read_ok",
	},
	{
		.descr = "regs: conditional jump on an unwritten register",
		.insns = {
			MOV64_IMM(R0, 0),
			JMP_IMM(BPF_JEQ, R4, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R4 !read_ok",
	},
	{
		.descr = "regs: store of an unwritten register",
		.insns = {
			STX_MEM(BPF_DW, R10, R7, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R7 !read_ok",
	},
	{
		.descr = "regs: dst_reg 11 is invalid",
		.insns = {
			MOV64_IMM(11, 1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R11 is invalid",
	},
	{
		.descr = "regs: src_reg 11 is invalid",
		.insns = {
			MOV64_REG(R0, 11),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R11 is invalid",
	},
	{
		.descr = "regs: dst_reg 15 in a load is invalid",
		.insns = {
			LDX_MEM(BPF_W, 15, R1, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R15 is invalid",
	},
	{
		.descr = "regs: mov into R10 rejected",
		.insns = {
			MOV64_IMM(R10, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "frame pointer is read only",
	},
	{
		.descr = "regs: add to R10 rejected",
		.insns = {
			ALU64_IMM(BPF_ADD, R10, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "frame pointer is read only",
	},
	{
		.descr = "regs: mov32 into R10 rejected",
		.insns = {
			MOV32_REG(R10, R1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "frame pointer is read only",
	},
	{
		.descr = "regs: load into R10 rejected",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			LDX_MEM(BPF_DW, R10, R10, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "frame pointer is read only",
	},
	{
		.descr = "regs: ld_imm64 into R10 rejected",
		.insns = {
			LD64_LO(R10, 1),
			LD64_HI(1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "frame pointer is read only",
	},
	{
		.descr = "regs: R6-R9 survive a helper call",
		.insns = {
			MOV64_IMM(R6, 3),
			MOV64_IMM(R7, 4),
			MOV64_IMM(R8, 5),
			MOV64_IMM(R9, 6),
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_REG(R0, R6),
			ALU64_REG(BPF_ADD, R0, R7),
			ALU64_REG(BPF_ADD, R0, R8),
			ALU64_REG(BPF_ADD, R0, R9),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 18,
	},
	{
		.descr = "regs: a helper call clobbers R1",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_REG(R0, R1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 !read_ok",
	},
	{
		.descr = "regs: a helper call clobbers R5",
		.insns = {
			MOV64_IMM(R5, 1),
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_REG(R0, R5),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R5 !read_ok",
	},
	{
		.descr = "regs: R0 of a helper is a number",
		.insns = {
			CALL(BPF_FUNC_get_smp_processor_id),
			ALU64_IMM(BPF_AND, R0, 0),
			ALU64_IMM(BPF_ADD, R0, 5),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 5,
	},
};

/* ---- control flow ----------------------------------------------------- */

static const struct vtest tests_cfg[] = {
	{
		.descr = "cfg: jump forward out of range",
		.insns = {
			JA(1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "jump out of range from insn 0 to 2",
	},
	{
		.descr = "cfg: jump backward out of range",
		.insns = {
			MOV64_IMM(R0, 0),
			JA(-3),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "jump out of range from insn 1 to -1",
	},
	{
		.descr = "cfg: conditional jump out of range",
		.insns = {
			MOV64_IMM(R0, 0),
			JMP_IMM(BPF_JEQ, R0, 0, 5),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "jump out of range from insn 1 to 7",
	},
	{
		.descr = "cfg: conditional jump as the last insn falls off",
		.insns = {
			MOV64_IMM(R0, 0),
			JA(1),
			EXIT_INSN(),
			JMP_IMM(BPF_JEQ, R0, 0, -2),
		},
		.result = REJECT,
		.errstr = "jump out of range from insn 3 to 4",
	},
	{
		.descr = "cfg: jump to the last insn accepted",
		.insns = {
			LDX_MEM(BPF_W, R2, R1, 0),
			MOV64_IMM(R0, 2),
			JMP_IMM(BPF_JGT, R2, 1, 1),
			MOV64_IMM(R0, 3),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 2,
	},
	{
		.descr = "cfg: goto +0 is a no-op",
		.insns = {
			MOV64_IMM(R0, 1),
			JA(0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 1,
	},
	{
		.descr = "cfg: conditional jump by 0 accepted",
		.insns = {
			LDX_MEM(BPF_W, R0, R1, 0),
			JMP_IMM(BPF_JGT, R0, 3, 0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = PKT_LEN,
	},
	{
		.descr = "cfg: jump to itself is a loop",
		.insns = {
			MOV64_IMM(R0, 0),
			JA(-1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "back-edge from insn 1 to 1",
	},
	{
		.descr = "cfg: counted loop rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			ALU64_IMM(BPF_ADD, R0, 1),
			JMP_IMM(BPF_JNE, R0, 10, -2),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "back-edge from insn 2 to 1",
	},
	{
		.descr = "cfg: conditional jump back to the start",
		.insns = {
			MOV64_IMM(R0, 0),
			JMP_IMM(BPF_JEQ, R0, 0, -2),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "back-edge from insn 1 to 0",
	},
	{
		.descr = "cfg: loop in a branch not taken at first",
		.insns = {
			LDX_MEM(BPF_W, R0, R1, 0),
			JMP_IMM(BPF_JGT, R0, 10, 1),
			EXIT_INSN(),
			MOV64_IMM(R0, 0),
			JMP_IMM(BPF_JA, 0, 0, -2),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "back-edge from insn 4 to 3",
	},
	{
		.descr = "cfg: two paths to one exit (diamond) accepted",
		.insns = {
			LDX_MEM(BPF_W, R2, R1, 0),
			MOV64_IMM(R0, 1),
			JMP_IMM(BPF_JGT, R2, 100, 2),
			MOV64_IMM(R0, 2),
			JA(0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 2,
	},
	{
		.descr = "cfg: insn after the exit unreachable",
		.insns = {
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unreachable insn 2",
	},
	{
		.descr = "cfg: insn jumped over unreachable",
		.insns = {
			MOV64_IMM(R0, 0),
			JA(1),
			MOV64_IMM(R0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unreachable insn 2",
	},
	{
		.descr = "cfg: program without an exit",
		.insns = {
			MOV64_IMM(R0, 0),
		},
		.result = REJECT,
		.errstr = "last insn is not an exit or jmp",
	},
	{
		.descr = "cfg: program falling off the end",
		.insns = {
			LDX_MEM(BPF_W, R0, R1, 0),
			JMP_IMM(BPF_JGT, R0, 10, 1),
			EXIT_INSN(),
			MOV64_IMM(R0, 1),
		},
		.result = REJECT,
		.errstr = "last insn is not an exit or jmp",
	},
	{
		.descr = "cfg: unused conditional jump over dead code by a constant",
		.insns = {
			MOV64_IMM(R0, 0),
			JMP_IMM(BPF_JNE, R0, 0, 1),
			EXIT_INSN(),
			/* walked only if R0 != 0, which it never is */
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "cfg: the same jump on an unknown value is walked both ways",
		.insns = {
			LDX_MEM(BPF_W, R0, R1, 0),
			JMP_IMM(BPF_JNE, R0, 0, 1),
			EXIT_INSN(),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R0 invalid mem access 'scalar'",
	},
	{
		.descr = "cfg: ld_imm64 as the last insn",
		.insns = {
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
			LD64_LO(R0, 1),
		},
		.result = REJECT,
		.errstr = "invalid BPF_LD_IMM insn",
	},
	{
		.descr = "cfg: ld_imm64 second half with an opcode",
		.insns = {
			LD64_LO(R0, 1),
			INSN(BPF_LD | BPF_IMM | BPF_DW, 0, 0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid BPF_LD_IMM insn",
	},
	{
		.descr = "cfg: ld_imm64 second half with dst_reg",
		.insns = {
			LD64_LO(R0, 1),
			INSN(0, R1, 0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid BPF_LD_IMM insn",
	},
	{
		.descr = "cfg: ld_imm64 second half with src_reg",
		.insns = {
			LD64_LO(R0, 1),
			INSN(0, 0, R1, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid BPF_LD_IMM insn",
	},
	{
		.descr = "cfg: ld_imm64 second half with off",
		.insns = {
			LD64_LO(R0, 1),
			INSN(0, 0, 0, 1, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid BPF_LD_IMM insn",
	},
	{
		.descr = "cfg: ld_imm64 with off",
		.insns = {
			INSN(BPF_LD | BPF_IMM | BPF_DW, R0, 0, 1, 1),
			LD64_HI(0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid BPF_LD_IMM insn",
	},
	{
		.descr = "cfg: ld_imm64 with src_reg 2",
		.insns = {
			INSN(BPF_LD | BPF_IMM | BPF_DW, R0, 2, 0, 1),
			LD64_HI(0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid BPF_LD_IMM insn",
	},
	{
		.descr = "cfg: ld_imm64 loads 64 bits",
		.insns = {
			LD64_LO(R0, 0xfedcba9876543210ULL),
			LD64_HI(0xfedcba9876543210ULL),
			ALU64_IMM(BPF_RSH, R0, 36),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0xfedcba9,
	},
	{
		.descr = "cfg: conditional jump into the middle of ld_imm64",
		.insns = {
			MOV64_IMM(R0, 0),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LD64_LO(R0, 1),
			LD64_HI(1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "jump into the middle of ldimm64 insn 2",
	},
	{
		.descr = "cfg: goto into the middle of ld_imm64",
		.insns = {
			MOV64_IMM(R0, 0),
			JA(1),
			LD64_LO(R0, 1),
			LD64_HI(1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "jump into the middle of ldimm64 insn 2",
	},
	{
		.descr = "cfg: jump over ld_imm64 accepted",
		.insns = {
			LDX_MEM(BPF_W, R2, R1, 0),
			MOV64_IMM(R0, 4),
			JMP_IMM(BPF_JGT, R2, 1, 2),
			LD64_LO(R0, 1),
			LD64_HI(1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 4,
	},
	{
		.descr = "cfg: jump to ld_imm64 accepted",
		.insns = {
			LDX_MEM(BPF_W, R2, R1, 0),
			MOV64_IMM(R0, 4),
			JMP_IMM(BPF_JGT, R2, 1000, 2),
			LD64_LO(R0, 0x100000007ULL),
			LD64_HI(0x100000007ULL),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 7,
	},
};

/* ---- encodings of the other classes ----------------------------------- */

static const struct vtest tests_enc[] = {
	{
		.descr = "enc: ldx with imm rejected",
		.insns = {
			INSN(BPF_LDX | BPF_MEM | BPF_W, R0, R1, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_LDX uses reserved fields",
	},
	{
		.descr = "enc: stx with imm rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_STX | BPF_MEM | BPF_DW, R10, R0, -8, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_STX uses reserved fields",
	},
	{
		.descr = "enc: st with src_reg rejected",
		.insns = {
			INSN(BPF_ST | BPF_MEM | BPF_DW, R10, R1, -8, 1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_ST uses reserved fields",
	},
	{
		.descr = "enc: xadd with imm other than add rejected",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_IMM(R0, 1),
			INSN(BPF_STX | BPF_ATOMIC | BPF_DW, R10, R0, -8,
			     BPF_ADD | BPF_FETCH),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_ATOMIC uses reserved fields",
	},
	{
		.descr = "enc: xadd of a byte is unknown",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_IMM(R0, 1),
			XADD(BPF_B, R10, R0, -8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode d3",
	},
	{
		.descr = "enc: atomic in the ST class is unknown",
		.insns = {
			INSN(BPF_ST | BPF_ATOMIC | BPF_W, R10, 0, -8, BPF_ADD),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode c2",
	},
	{
		.descr = "enc: ldx in imm mode is unknown",
		.insns = {
			INSN(BPF_LDX | BPF_IMM | BPF_W, R0, 0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode 01",
	},
	{
		.descr = "enc: 32-bit ld_imm is unknown",
		.insns = {
			INSN(BPF_LD | BPF_IMM | BPF_W, R0, 0, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode 00",
	},
	{
		.descr = "enc: ld in mem mode is unknown",
		.insns = {
			INSN(BPF_LD | BPF_MEM | BPF_W, R0, R1, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode 60",
	},
	{
		.descr = "enc: ld_abs of a dword is unknown",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_DW, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode 38",
	},
	{
		.descr = "enc: ld_abs with dst_reg rejected",
		.insns = {
			MOV64_REG(R6, R1),
			INSN(BPF_LD | BPF_ABS | BPF_B, R1, 0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_LD_[ABS|IND] uses reserved fields",
	},
	{
		.descr = "enc: ld_abs with src_reg rejected",
		.insns = {
			MOV64_REG(R6, R1),
			INSN(BPF_LD | BPF_ABS | BPF_B, 0, R2, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_LD_[ABS|IND] uses reserved fields",
	},
	{
		.descr = "enc: ld_ind with off rejected",
		.insns = {
			MOV64_REG(R6, R1),
			MOV64_IMM(R2, 0),
			INSN(BPF_LD | BPF_IND | BPF_B, 0, R2, 1, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_LD_[ABS|IND] uses reserved fields",
	},
	{
		.descr = "enc: jmp K with src_reg rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP | BPF_JEQ | BPF_K, R0, R1, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_JMP/JMP32 uses reserved fields",
	},
	{
		.descr = "enc: jmp X with imm rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP | BPF_JGT | BPF_X, R0, R0, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_JMP/JMP32 uses reserved fields",
	},
	{
		.descr = "enc: jmp32 X with imm rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP32 | BPF_JSGT | BPF_X, R0, R0, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_JMP/JMP32 uses reserved fields",
	},
	{
		.descr = "enc: jmp op 0xe0 is unknown",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP | 0xe0 | BPF_K, R0, 0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode e5",
	},
	{
		.descr = "enc: ja with imm rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP | BPF_JA, 0, 0, 0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_JA uses reserved fields",
	},
	{
		.descr = "enc: ja with dst_reg rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP | BPF_JA, R1, 0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_JA uses reserved fields",
	},
	{
		.descr = "enc: ja in the JMP32 class is unknown",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP32 | BPF_JA, 0, 0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode 06",
	},
	{
		.descr = "enc: call with src_reg rejected",
		.insns = {
			INSN(BPF_JMP | BPF_CALL, 0, R1, 0,
			     BPF_FUNC_get_prandom_u32),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_CALL uses reserved fields",
	},
	{
		.descr = "enc: call with off rejected",
		.insns = {
			INSN(BPF_JMP | BPF_CALL, 0, 0, 1,
			     BPF_FUNC_get_prandom_u32),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "BPF_CALL uses reserved fields",
	},
	{
		.descr = "enc: call with the X bit is unknown",
		.insns = {
			INSN(BPF_JMP | BPF_CALL | BPF_X, 0, 0, 0,
			     BPF_FUNC_get_prandom_u32),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode 8d",
	},
	{
		.descr = "enc: exit with imm rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 1),
		},
		.result = REJECT,
		.errstr = "BPF_EXIT uses reserved fields",
	},
	{
		.descr = "enc: exit with dst_reg rejected",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP | BPF_EXIT, R1, 0, 0, 0),
		},
		.result = REJECT,
		.errstr = "BPF_EXIT uses reserved fields",
	},
	{
		.descr = "enc: exit in the JMP32 class is unknown",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(BPF_JMP32 | BPF_EXIT, 0, 0, 0, 0),
		},
		.result = REJECT,
		.errstr = "unknown opcode 96",
	},
	{
		.descr = "enc: opcode 0xff is unknown",
		.insns = {
			MOV64_IMM(R0, 0),
			INSN(0xff, 0, 0, 0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown opcode ff",
	},
};

/* ---- branches on known values agree with the runtime ----------------- */

/*
 * R1 holds a constant; the side of the jump the verifier must not walk
 * dereferences R1, so walking it rejects the program, and running the
 * program on the wrong side is seen in the return value.
 */
#define BRANCH_TAKEN(name, val, op, imm)				\
	{								\
		.descr = "branch: " name " taken",			\
		.insns = {						\
			LD64_LO(R1, val),				\
			LD64_HI(val),					\
			JMP_IMM(op, R1, imm, 2),			\
			LDX_MEM(BPF_DW, R0, R1, 0),			\
			EXIT_INSN(),					\
			MOV64_IMM(R0, 2),				\
			EXIT_INSN(),					\
		},							\
		.result = ACCEPT,					\
		.retval = 2,						\
	}

#define BRANCH_NOT_TAKEN(name, val, op, imm)				\
	{								\
		.descr = "branch: " name " not taken",			\
		.insns = {						\
			LD64_LO(R1, val),				\
			LD64_HI(val),					\
			JMP_IMM(op, R1, imm, 2),			\
			MOV64_IMM(R0, 1),				\
			EXIT_INSN(),					\
			LDX_MEM(BPF_DW, R0, R1, 0),			\
			EXIT_INSN(),					\
		},							\
		.result = ACCEPT,					\
		.retval = 1,						\
	}

static const struct vtest tests_branch[] = {
	BRANCH_TAKEN("jeq", 5, BPF_JEQ, 5),
	BRANCH_NOT_TAKEN("jeq of 64-bit values", 0x100000005ULL, BPF_JEQ, 5),
	BRANCH_TAKEN("jne", 4, BPF_JNE, 5),
	BRANCH_TAKEN("jgt unsigned of -1", -1ULL, BPF_JGT, 5),
	BRANCH_NOT_TAKEN("jsgt signed of -1", -1ULL, BPF_JSGT, 5),
	BRANCH_TAKEN("jge on equal", 5, BPF_JGE, 5),
	BRANCH_NOT_TAKEN("jlt on equal", 5, BPF_JLT, 5),
	BRANCH_TAKEN("jle on equal", 5, BPF_JLE, 5),
	BRANCH_TAKEN("jslt of -2 and -1", -2ULL, BPF_JSLT, -1),
	BRANCH_NOT_TAKEN("jsle of 0 and -1", 0, BPF_JSLE, -1),
	BRANCH_TAKEN("jsge of 0 and -1", 0, BPF_JSGE, -1),
	BRANCH_NOT_TAKEN("jset without common bits", 6, BPF_JSET, 1),
	BRANCH_TAKEN("jset with a common bit", 6, BPF_JSET, 2),
	BRANCH_TAKEN("jgt against a sign-extended imm", 0xfffffffffffffff0ULL,
		     BPF_JGT, -17),
	{
		.descr = "branch: jmp32 compares the low halves",
		.insns = {
			LD64_LO(R1, 0x100000005ULL),
			LD64_HI(0x100000005ULL),
			JMP32_IMM(BPF_JEQ, R1, 5, 2),
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
			MOV64_IMM(R0, 2),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 2,
	},
	{
		.descr = "branch: jmp32 signed compare of the low half",
		.insns = {
			LD64_LO(R1, 0x80000000ULL),
			LD64_HI(0x80000000ULL),
			JMP32_IMM(BPF_JSLT, R1, 0, 2),
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
			MOV64_IMM(R0, 2),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 2,
	},
	{
		.descr = "branch: two known registers",
		.insns = {
			MOV64_IMM(R1, 7),
			MOV64_IMM(R2, 9),
			JMP_REG(BPF_JGT, R1, R2, 2),
			MOV64_IMM(R0, 1),
			EXIT_INSN(),
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 1,
	},
	{
		.descr = "branch: jmp32 on an unknown value walks both sides",
		.insns = {
			LDX_MEM(BPF_W, R1, R1, 0),
			JMP32_IMM(BPF_JGT, R1, 5, 2),
			MOV64_IMM(R0, 1),
			EXIT_INSN(),
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 invalid mem access 'scalar'",
	},
	{
		.descr = "branch: pointer compared with a constant",
		.insns = {
			MOV64_REG(R2, R10),
			MOV64_IMM(R0, 3),
			JMP_IMM(BPF_JEQ, R2, 0, 1),
			MOV64_IMM(R0, 4),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 4,
	},
};

/* ---- the stack -------------------------------------------------------- */

static const struct vtest tests_stack[] = {
	{
		.descr = "stack: store and load at fp-8",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 42),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 42,
	},
	{
		.descr = "stack: store and load at fp-512",
		.insns = {
			ST_MEM(BPF_DW, R10, -512, 7),
			LDX_MEM(BPF_DW, R0, R10, -512),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 7,
	},
	{
		.descr = "stack: byte at fp-513 rejected",
		.insns = {
			ST_MEM(BPF_B, R10, -513, 7),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=-513 size=1",
	},
	{
		.descr = "stack: word at fp-516 rejected",
		.insns = {
			ST_MEM(BPF_W, R10, -516, 7),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=-516 size=4",
	},
	{
		.descr = "stack: byte at fp-1 accepted",
		.insns = {
			ST_MEM(BPF_B, R10, -1, 0x5a),
			LDX_MEM(BPF_B, R0, R10, -1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x5a,
	},
	{
		.descr = "stack: byte at fp+0 rejected",
		.insns = {
			ST_MEM(BPF_B, R10, 0, 7),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=0 size=1",
	},
	{
		.descr = "stack: load at fp+8 rejected",
		.insns = {
			LDX_MEM(BPF_DW, R0, R10, 8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=8 size=8",
	},
	{
		.descr = "stack: dword at fp-4 crosses the frame",
		.insns = {
			ST_MEM(BPF_DW, R10, -4, 7),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=-4 size=8",
	},
	{
		.descr = "stack: misaligned dword at fp-12",
		.insns = {
			ST_MEM(BPF_DW, R10, -12, 7),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "misaligned stack access off -12 size 8",
	},
	{
		.descr = "stack: misaligned word at fp-6",
		.insns = {
			ST_MEM(BPF_W, R10, -6, 7),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "misaligned stack access off -6 size 4",
	},
	{
		.descr = "stack: misaligned half at fp-3",
		.insns = {
			ST_MEM(BPF_H, R10, -4, 0),
			LDX_MEM(BPF_H, R0, R10, -3),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "misaligned stack access off -3 size 2",
	},
	{
		.descr = "stack: aligned half at fp-2",
		.insns = {
			ST_MEM(BPF_H, R10, -2, 0x1234),
			LDX_MEM(BPF_H, R0, R10, -2),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x1234,
	},
	{
		.descr = "stack: load of an unwritten slot",
		.insns = {
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid read from stack off -8 size 8",
	},
	{
		.descr = "stack: dword load of a half-written slot",
		.insns = {
			ST_MEM(BPF_W, R10, -8, 1),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid read from stack off -8 size 8",
	},
	{
		.descr = "stack: word load of the written half",
		.insns = {
			ST_MEM(BPF_W, R10, -8, 11),
			LDX_MEM(BPF_W, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 11,
	},
	{
		.descr = "stack: word load of the unwritten half",
		.insns = {
			ST_MEM(BPF_W, R10, -8, 11),
			LDX_MEM(BPF_W, R0, R10, -4),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid read from stack off -4 size 4",
	},
	{
		.descr = "stack: written on one path, read after the join",
		.insns = {
			LDX_MEM(BPF_W, R2, R1, 0),
			JMP_IMM(BPF_JGT, R2, 10, 1),
			ST_MEM(BPF_DW, R10, -8, 1),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid read from stack off -8 size 8",
	},
	{
		.descr = "stack: through a copy of fp with an offset",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -16),
			ST_MEM(BPF_DW, R1, 8, 3),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 3,
	},
	{
		.descr = "stack: through fp - 8 by sub",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_SUB, R1, 8),
			ST_MEM(BPF_DW, R1, 0, 5),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 5,
	},
	{
		.descr = "stack: through fp + 8 with a negative offset",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, 8),
			ST_MEM(BPF_DW, R1, -16, 6),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 6,
	},
	{
		.descr = "stack: through fp - 512, below it rejected",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -512),
			ST_MEM(BPF_DW, R1, -8, 6),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=-520 size=8",
	},
	{
		.descr = "stack: xadd to an initialised slot",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 5),
			MOV64_IMM(R1, 3),
			XADD(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 8,
	},
	{
		.descr = "stack: xadd of a word",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0x7fffffff),
			MOV64_IMM(R1, 1),
			XADD(BPF_W, R10, R1, -4),
			LDX_MEM(BPF_W, R0, R10, -4),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x80000000,
	},
	{
		.descr = "stack: xadd to an unwritten slot",
		.insns = {
			MOV64_IMM(R1, 3),
			XADD(BPF_DW, R10, R1, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid read from stack off -8 size 8",
	},
	{
		.descr = "stack: misaligned xadd",
		.insns = {
			ST_MEM(BPF_DW, R10, -16, 0),
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_IMM(R1, 3),
			XADD(BPF_DW, R10, R1, -12),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "misaligned stack access off -12 size 8",
	},
	{
		.descr = "stack: xadd of a pointer",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			XADD(BPF_DW, R10, R1, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 leaks addr into stack",
	},
	{
		.descr = "stack: xadd leaves an unknown value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, -16),
			MOV64_IMM(R1, 0),
			XADD(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_DW, R1, R10, -8),
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_ADD, R2, R1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "stack: a stored constant keeps its value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, -16),
			LDX_MEM(BPF_DW, R1, R10, -8),
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_ADD, R2, R1),
			ST_MEM(BPF_DW, R2, 0, 4),
			LDX_MEM(BPF_DW, R0, R10, -16),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 4,
	},
};

/* ---- registers spilled to the stack ----------------------------------- */

static const struct vtest tests_spill[] = {
	{
		.descr = "spill: ctx spilled and filled reads a field",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_DW, R2, R10, -8),
			LDX_MEM(BPF_W, R0, R2, offsetof(struct __sk_buff, len)),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = PKT_LEN,
	},
	{
		.descr = "spill: fp spilled and filled addresses the stack",
		.insns = {
			MOV64_REG(R2, R10),
			STX_MEM(BPF_DW, R10, R2, -8),
			LDX_MEM(BPF_DW, R3, R10, -8),
			ST_MEM(BPF_DW, R3, -16, 9),
			LDX_MEM(BPF_DW, R0, R10, -16),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 9,
	},
	{
		.descr = "spill: fp-16 spilled keeps its offset",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -16),
			STX_MEM(BPF_DW, R10, R2, -8),
			LDX_MEM(BPF_DW, R3, R10, -8),
			ST_MEM(BPF_DW, R3, -504, 9),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=-520 size=8",
	},
	{
		.descr = "spill: word store of a pointer",
		.insns = {
			STX_MEM(BPF_W, R10, R1, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid size of register spill",
	},
	{
		.descr = "spill: byte store of a pointer",
		.insns = {
			MOV64_REG(R2, R10),
			STX_MEM(BPF_B, R10, R2, -1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid size of register spill",
	},
	{
		.descr = "spill: word load of a spilled pointer",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_W, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid size of register fill",
	},
	{
		.descr = "spill: load of the high half of a spilled pointer",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_W, R0, R10, -4),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid size of register fill",
	},
	{
		.descr = "spill: word load of a spilled number",
		.insns = {
			MOV64_IMM(R1, 0x1234),
			STX_MEM(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_W, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x1234,
	},
	{
		.descr = "spill: half-overwritten spill is no pointer",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			ST_MEM(BPF_W, R10, -8, 0),
			LDX_MEM(BPF_DW, R2, R10, -8),
			LDX_MEM(BPF_W, R0, R2, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 invalid mem access 'scalar'",
	},
	{
		.descr = "spill: half-overwritten spill reads as a number",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			ST_MEM(BPF_W, R10, -4, 0),
			LDX_MEM(BPF_DW, R2, R10, -8),
			MOV64_IMM(R0, 0),
			ALU64_REG(BPF_AND, R0, R2),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "spill: byte-overwritten spill is no pointer",
		.insns = {
			MOV64_REG(R3, R10),
			STX_MEM(BPF_DW, R10, R3, -8),
			ST_MEM(BPF_B, R10, -1, 0),
			LDX_MEM(BPF_DW, R2, R10, -8),
			ST_MEM(BPF_DW, R2, -16, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 invalid mem access 'scalar'",
	},
	{
		.descr = "spill: pointer overwritten by a number",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			ST_MEM(BPF_DW, R10, -8, 0),
			LDX_MEM(BPF_DW, R2, R10, -8),
			LDX_MEM(BPF_W, R0, R2, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 invalid mem access 'scalar'",
	},
	{
		.descr = "spill: xadd into a spilled pointer",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			MOV64_IMM(R2, 8),
			XADD(BPF_DW, R10, R2, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid size of register fill",
	},
	{
		.descr = "spill: spilled number plus fp",
		.insns = {
			MOV64_IMM(R1, -16),
			STX_MEM(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_DW, R2, R10, -8),
			MOV64_REG(R3, R10),
			ALU64_REG(BPF_ADD, R3, R2),
			ST_MEM(BPF_DW, R3, 0, 4),
			LDX_MEM(BPF_DW, R0, R10, -16),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 4,
	},
	{
		.descr = "spill: misaligned spill of a pointer",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -12),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "misaligned stack access off -12 size 8",
	},
	{
		.descr = "spill: ctx and fp in two slots",
		.insns = {
			MOV64_REG(R2, R10),
			STX_MEM(BPF_DW, R10, R1, -8),
			STX_MEM(BPF_DW, R10, R2, -16),
			LDX_MEM(BPF_DW, R3, R10, -16),
			LDX_MEM(BPF_DW, R4, R10, -8),
			LDX_MEM(BPF_W, R0, R4, offsetof(struct __sk_buff, len)),
			STX_MEM(BPF_DW, R3, R0, -24),
			LDX_MEM(BPF_DW, R0, R10, -24),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = PKT_LEN,
	},
};

/* ---- map values ------------------------------------------------------- */

/*
 * Most programs here start by looking up key 0: of a hash map (key 8 at
 * fp-8), or of the array (key 4 at fp-4, whose element 0 always exists,
 * so that the program runs on a real value).  The map load is insn 3.
 */
static const struct vtest tests_map[] = {
	{
		.descr = "map: value used without a NULL check",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = REJECT,
		.errstr = "R0 invalid mem access 'map_value_or_null'",
	},
	{
		.descr = "map: value read after a NULL check (jeq)",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "map: value read after a NULL check (jne)",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JNE, R0, 0, 2),
			MOV64_IMM(R0, 7),
			EXIT_INSN(),
			LDX_MEM(BPF_DW, R0, R0, 40),
			ALU64_IMM(BPF_ADD, R0, 3),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 3,
	},
	{
		.descr = "map: NULL check on a copy covers the original",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_REG(R1, R0),
			JMP_IMM(BPF_JEQ, R1, 0, 2),
			ST_MEM(BPF_DW, R0, 0, 12),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 12,
	},
	{
		.descr = "map: NULL check on the original covers a copy",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_REG(R6, R0),
			JMP_IMM(BPF_JEQ, R0, 0, 2),
			ST_MEM(BPF_W, R6, 44, 13),
			LDX_MEM(BPF_W, R0, R6, 44),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 13,
	},
	{
		.descr = "map: value read on the NULL side of the check",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JNE, R0, 0, 1),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = REJECT,
		.errstr = "R0 invalid mem access 'scalar'",
	},
	{
		.descr = "map: compare with 1 is no NULL check",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 1, 1),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = REJECT,
		.errstr = "R0 invalid mem access 'map_value_or_null'",
	},
	{
		.descr = "map: NULL check of one lookup does not cover another",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_REG(R6, R0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_DW, R0, R6, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3, 9 },
		.result = REJECT,
		.errstr = "R6 invalid mem access 'map_value_or_null'",
	},
	{
		.descr = "map: 32-bit zero test does not make a NULL",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP32_IMM(BPF_JNE, R0, 0, 4),
			MOV64_REG(R1, R10),
			ALU64_REG(BPF_ADD, R1, R0),
			ST_MEM(BPF_DW, R1, -8, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = REJECT,
		.errstr = "pointer arithmetic prohibited",
	},
	{
		.descr = "map: 64-bit NULL side is a number that adds to fp",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JNE, R0, 0, 5),
			MOV64_REG(R1, R10),
			ALU64_REG(BPF_ADD, R1, R0),
			ST_MEM(BPF_DW, R1, -8, 3),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = ACCEPT,
		.retval = 3,
	},
	{
		.descr = "map: last dword of a 48-byte value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 2),
			ST_MEM(BPF_DW, R0, 40, 21),
			LDX_MEM(BPF_DW, R0, R0, 40),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 21,
	},
	{
		.descr = "map: dword one byte past a 48-byte value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_DW, R0, R0, 41),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=48 off=41 size=8",
	},
	{
		.descr = "map: last byte of a 48-byte value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_B, R0, R0, 47),
			EXIT_INSN(),
		},
		.fix_hash48 = { 3 },
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "map: byte just past a 48-byte value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			ST_MEM(BPF_B, R0, 48, 1),
			EXIT_INSN(),
		},
		.fix_hash48 = { 3 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=48 off=48 size=1",
	},
	{
		.descr = "map: byte before the value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_B, R0, R0, -1),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=8 off=-1 size=1",
	},
	{
		.descr = "map: whole 8-byte value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "map: dword at 1 of an 8-byte value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_DW, R0, R0, 1),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=8 off=1 size=8",
	},
	{
		.descr = "map: value pointer += 40, then a dword",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 4),
			ST_MEM(BPF_DW, R0, 40, 31),
			ALU64_IMM(BPF_ADD, R0, 40),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 31,
	},
	{
		.descr = "map: value pointer += 41, then a dword",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 2),
			ALU64_IMM(BPF_ADD, R0, 41),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=48 off=41 size=8",
	},
	{
		.descr = "map: value pointer += -8",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 2),
			ALU64_IMM(BPF_ADD, R0, -8),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=48 off=-8 size=8",
	},
	{
		.descr = "map: value pointer -= 8, then +8 back in",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 3),
			ALU64_IMM(BPF_SUB, R0, 8),
			ST_MEM(BPF_DW, R0, 8, 17),
			LDX_MEM(BPF_DW, R0, R0, 8),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 17,
	},
	{
		.descr = "map: value pointer plus an unknown number",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 3),
			LDX_MEM(BPF_DW, R1, R0, 0),
			ALU64_REG(BPF_ADD, R0, R1),
			LDX_MEM(BPF_B, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "R0 pointer arithmetic prohibited",
	},
	{
		.descr = "map: arithmetic before the NULL check",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			ALU64_IMM(BPF_ADD, R0, 8),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_B, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "R0 pointer arithmetic prohibited",
	},
	{
		.descr = "map: store of fp into a value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			STX_MEM(BPF_DW, R0, R10, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "R10 leaks addr into map value",
	},
	{
		.descr = "map: store of ctx into a value",
		.insns = {
			MOV64_REG(R6, R1),
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			STX_MEM(BPF_DW, R0, R6, 8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 4 },
		.result = REJECT,
		.errstr = "R6 leaks addr into map value",
	},
	{
		.descr = "map: store of the value pointer into itself",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			STX_MEM(BPF_DW, R0, R0, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "R0 leaks addr into map value",
	},
	{
		.descr = "map: store of a number into a value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 4),
			MOV64_IMM(R1, 0x55),
			STX_MEM(BPF_B, R0, R1, 47),
			LDX_MEM(BPF_B, R0, R0, 47),
			EXIT_INSN(),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 0x55,
	},
	{
		.descr = "map: xadd to a value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 4),
			MOV64_IMM(R1, 2),
			XADD(BPF_DW, R0, R1, 8),
			XADD(BPF_DW, R0, R1, 8),
			LDX_MEM(BPF_DW, R0, R0, 8),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 4,
	},
	{
		.descr = "map: xadd of a word at offset 4",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 3),
			MOV64_IMM(R1, 5),
			XADD(BPF_W, R0, R1, 4),
			LDX_MEM(BPF_W, R0, R0, 4),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 5,
	},
	{
		.descr = "map: misaligned xadd into a value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 3),
			MOV64_IMM(R1, 5),
			XADD(BPF_W, R0, R1, 2),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "misaligned",
	},
	{
		.descr = "map: misaligned xadd through a moved value pointer",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 4),
			ALU64_IMM(BPF_ADD, R0, 4),
			MOV64_IMM(R1, 5),
			XADD(BPF_DW, R0, R1, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "misaligned",
	},
	{
		.descr = "map: xadd past the end of a value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 2),
			MOV64_IMM(R1, 2),
			XADD(BPF_DW, R0, R1, 44),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=48 off=44 size=8",
	},
	{
		.descr = "map: xadd of a pointer into a value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			XADD(BPF_DW, R0, R10, 8),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "R10 leaks addr into map value",
	},
	{
		.descr = "map: or_null spilled, filled, checked, used",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			STX_MEM(BPF_DW, R10, R0, -16),
			LDX_MEM(BPF_DW, R1, R10, -16),
			MOV64_IMM(R0, 1),
			JMP_IMM(BPF_JEQ, R1, 0, 2),
			ST_MEM(BPF_DW, R1, 0, 14),
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 14,
	},
	{
		.descr = "map: or_null spilled, checked, then filled",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			STX_MEM(BPF_DW, R10, R0, -16),
			JMP_IMM(BPF_JEQ, R0, 0, 3),
			LDX_MEM(BPF_DW, R1, R10, -16),
			ST_MEM(BPF_DW, R1, 16, 15),
			LDX_MEM(BPF_DW, R0, R1, 16),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 15,
	},
	{
		.descr = "map: or_null spilled, filled, used unchecked",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			STX_MEM(BPF_DW, R10, R0, -16),
			LDX_MEM(BPF_DW, R1, R10, -16),
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "R1 invalid mem access 'map_value_or_null'",
	},
	{
		.descr = "map: checked value spilled and filled",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 5),
			ALU64_IMM(BPF_ADD, R0, 24),
			STX_MEM(BPF_DW, R10, R0, -16),
			LDX_MEM(BPF_DW, R3, R10, -16),
			ST_MEM(BPF_DW, R3, 16, 16),
			LDX_MEM(BPF_DW, R0, R3, 16),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 16,
	},
	{
		.descr = "map: checked value + 24 spilled keeps its offset",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 4),
			ALU64_IMM(BPF_ADD, R0, 24),
			STX_MEM(BPF_DW, R10, R0, -16),
			LDX_MEM(BPF_DW, R3, R10, -16),
			ST_MEM(BPF_DW, R3, 24, 16),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=48 off=48 size=8",
	},
	{
		.descr = "map: map pointer dereferenced",
		.insns = {
			MOV64_IMM(R0, 0),
			LD_MAP_FD(R1),
			LD64_HI(0),
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 1 },
		.result = REJECT,
		.errstr = "R1 invalid mem access 'map_ptr'",
	},
	{
		.descr = "map: map pointer arithmetic",
		.insns = {
			MOV64_IMM(R0, 0),
			LD_MAP_FD(R1),
			LD64_HI(0),
			ALU64_IMM(BPF_ADD, R1, 8),
			EXIT_INSN(),
		},
		.fix_hash8 = { 1 },
		.result = REJECT,
		.errstr = "R1 pointer arithmetic prohibited",
	},
	{
		.descr = "map: map pointer returned",
		.insns = {
			MOV64_IMM(R0, 0),
			LD_MAP_FD(R0),
			LD64_HI(0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 1 },
		.result = REJECT,
		.errstr = "R0 leaks addr as return value",
	},
	{
		.descr = "map: map pointer spilled and filled for a call",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 2),
			LD_MAP_FD(R1),
			LD64_HI(0),
			STX_MEM(BPF_DW, R10, R1, -16),
			CALL(BPF_FUNC_get_prandom_u32),
			LDX_MEM(BPF_DW, R1, R10, -16),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 2),
			LDX_MEM(BPF_DW, R0, R0, 0),
			ALU64_IMM(BPF_ADD, R0, 1),
			EXIT_INSN(),
		},
		.fix_array48 = { 1 },
		.result = ACCEPT,
		.retval = 1,
	},
	{
		.descr = "map: array lookup out of range gives NULL at run time",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 4),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R1, 77),
			JMP_IMM(BPF_JNE, R0, 0, 1),
			MOV64_IMM(R1, 88),
			MOV64_REG(R0, R1),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 88,
	},
};

/* ---- pointers --------------------------------------------------------- */

static const struct vtest tests_ptr[] = {
	{
		.descr = "ptr: ctx += 8 rejected",
		.insns = {
			ALU64_IMM(BPF_ADD, R1, 8),
			LDX_MEM(BPF_W, R0, R1, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: ctx -= 4 rejected",
		.insns = {
			ALU64_IMM(BPF_SUB, R1, 4),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: ctx += 0 rejected",
		.insns = {
			MOV64_IMM(R2, 0),
			ALU64_REG(BPF_ADD, R1, R2),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: pointer plus pointer",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_ADD, R2, R10),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: pointer minus pointer",
		.insns = {
			MOV64_REG(R2, R10),
			MOV64_REG(R3, R10),
			ALU64_REG(BPF_SUB, R2, R3),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: pointer times pointer",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_MUL, R2, R1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: pointer times a constant",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_MUL, R2, 2),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: pointer masked",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_AND, R2, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: number minus a pointer",
		.insns = {
			MOV64_IMM(R2, 0),
			ALU64_REG(BPF_SUB, R2, R10),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R10 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: 32-bit add to a pointer",
		.insns = {
			MOV64_REG(R2, R10),
			ALU32_IMM(BPF_ADD, R2, -8),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: neg of a pointer",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_NEG, R2, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: byte swap of a pointer",
		.insns = {
			MOV64_REG(R2, R10),
			ENDIAN(BPF_TO_BE, R2, 64),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: known number plus fp is a stack pointer",
		.insns = {
			MOV64_IMM(R2, -8),
			ALU64_REG(BPF_ADD, R2, R10),
			ST_MEM(BPF_DW, R2, 0, 6),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 6,
	},
	{
		.descr = "ptr: unknown number plus fp",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			ALU64_REG(BPF_ADD, R0, R10),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R10 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: fp plus an unknown number",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_REG(R2, R10),
			ALU64_REG(BPF_ADD, R2, R0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 pointer arithmetic prohibited",
	},
	{
		.descr = "ptr: low half of a pointer is a number",
		.insns = {
			MOV32_REG(R0, R10),
			ALU64_IMM(BPF_AND, R0, 0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "ptr: low half of a pointer cannot be dereferenced",
		.insns = {
			MOV32_REG(R2, R10),
			LDX_MEM(BPF_DW, R0, R2, -8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 invalid mem access 'scalar'",
	},
	{
		.descr = "ptr: fp returned",
		.insns = {
			MOV64_REG(R0, R10),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R0 leaks addr as return value",
	},
	{
		.descr = "ptr: ctx returned",
		.insns = {
			MOV64_REG(R0, R1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R0 leaks addr as return value",
	},
	{
		.descr = "ptr: load through a number",
		.insns = {
			MOV64_IMM(R0, 0),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R0 invalid mem access 'scalar'",
	},
	{
		.descr = "ptr: store through a number",
		.insns = {
			MOV64_IMM(R2, 4096),
			ST_MEM(BPF_W, R2, 0, 1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 invalid mem access 'scalar'",
	},
	{
		.descr = "ptr: load through a ld_imm64 address",
		.insns = {
			LD64_LO(R2, 0xffffffff81000000ULL),
			LD64_HI(0xffffffff81000000ULL),
			LDX_MEM(BPF_DW, R0, R2, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R2 invalid mem access 'scalar'",
	},
	{
		.descr = "ptr: one load insn with ctx and stack pointers",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			LDX_MEM(BPF_W, R2, R1, 0),
			MOV64_REG(R3, R1),
			JMP_IMM(BPF_JGT, R2, 10, 2),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -8),
			LDX_MEM(BPF_W, R0, R3, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "same insn cannot be used with different pointers",
	},
	{
		.descr = "ptr: one load insn with stack and map value pointers",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			ST_MEM(BPF_DW, R10, -16, 9),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -16),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			MOV64_REG(R3, R0),
			LDX_MEM(BPF_DW, R0, R3, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = ACCEPT,
		.retval = 0,
	},
};

/* ---- the socket filter context ---------------------------------------- */

#define SKB_READ(field, value)						\
	{								\
		.descr = "ctx: socket filter reads " #field,		\
		.insns = {						\
			LDX_MEM(BPF_W, R0, R1,				\
				offsetof(struct __sk_buff, field)),	\
			EXIT_INSN(),					\
		},							\
		.result = ACCEPT,					\
		.retval = (value),					\
	}

#define SKB_BAD_READ(name, sz, off)					\
	{								\
		.descr = "ctx: socket filter " name,			\
		.insns = {						\
			LDX_MEM(sz, R0, R1, off),			\
			EXIT_INSN(),					\
		},							\
		.result = REJECT,					\
		.errstr = "invalid bpf_context access off=" #off,	\
	}

static const struct vtest tests_ctx[] = {
	SKB_READ(len, PKT_LEN),
	SKB_READ(pkt_type, 0),
	SKB_READ(mark, 0),
	SKB_READ(queue_mapping, 0),
	/* in network order, as __sk_buff has it */
	SKB_READ(protocol, 0x0008),
	SKB_READ(vlan_present, 0),
	SKB_READ(vlan_tci, 0),
	SKB_READ(vlan_proto, 0),
	SKB_READ(priority, 0),
	{
		.descr = "ctx: pkt_type of a frame to another host",
		.insns = {
			LDX_MEM(BPF_W, R0, R1,
				offsetof(struct __sk_buff, pkt_type)),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 3,
		DATA(pkt_otherhost),
	},
	{
		.descr = "ctx: pkt_type of a multicast frame",
		.insns = {
			LDX_MEM(BPF_W, R0, R1,
				offsetof(struct __sk_buff, pkt_type)),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 2,
		DATA(pkt_multicast),
	},
	{
		.descr = "ctx: protocol and len of an ARP frame",
		.insns = {
			LDX_MEM(BPF_W, R0, R1,
				offsetof(struct __sk_buff, protocol)),
			LDX_MEM(BPF_W, R2, R1, offsetof(struct __sk_buff, len)),
			ALU64_IMM(BPF_LSH, R2, 16),
			ALU64_REG(BPF_OR, R0, R2),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 28 << 16 | 0x0608,
		DATA(pkt_arp),
	},
	{
		.descr = "ctx: len of a frame that is only a header",
		.insns = {
			LDX_MEM(BPF_W, R0, R1, offsetof(struct __sk_buff, len)),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
		DATA(pkt_empty),
	},
	{
		.descr = "ctx: every field summed through one copy",
		.insns = {
			MOV64_REG(R6, R1),
			LDX_MEM(BPF_W, R0, R6, offsetof(struct __sk_buff, len)),
			LDX_MEM(BPF_W, R2, R6,
				offsetof(struct __sk_buff, pkt_type)),
			ALU64_REG(BPF_ADD, R0, R2),
			LDX_MEM(BPF_W, R2, R6, offsetof(struct __sk_buff, mark)),
			ALU64_REG(BPF_ADD, R0, R2),
			LDX_MEM(BPF_W, R2, R6,
				offsetof(struct __sk_buff, queue_mapping)),
			ALU64_REG(BPF_ADD, R0, R2),
			LDX_MEM(BPF_W, R2, R6,
				offsetof(struct __sk_buff, protocol)),
			ALU64_REG(BPF_ADD, R0, R2),
			LDX_MEM(BPF_W, R2, R6,
				offsetof(struct __sk_buff, vlan_present)),
			ALU64_REG(BPF_ADD, R0, R2),
			LDX_MEM(BPF_W, R2, R6,
				offsetof(struct __sk_buff, vlan_tci)),
			ALU64_REG(BPF_ADD, R0, R2),
			LDX_MEM(BPF_W, R2, R6,
				offsetof(struct __sk_buff, vlan_proto)),
			ALU64_REG(BPF_ADD, R0, R2),
			LDX_MEM(BPF_W, R2, R6,
				offsetof(struct __sk_buff, priority)),
			ALU64_REG(BPF_ADD, R0, R2),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 3 + 0x0008 + 20,
		DATA(pkt_otherhost),
	},
	{
		.descr = "ctx: jumps over converted loads keep their targets",
		.insns = {
			LDX_MEM(BPF_W, R2, R1, offsetof(struct __sk_buff, len)),
			MOV64_IMM(R0, 7),
			JMP_IMM(BPF_JGT, R2, 10, 3),
			LDX_MEM(BPF_W, R0, R1,
				offsetof(struct __sk_buff, pkt_type)),
			LDX_MEM(BPF_W, R3, R1,
				offsetof(struct __sk_buff, vlan_present)),
			ALU64_REG(BPF_ADD, R0, R3),
			ALU64_IMM(BPF_ADD, R0, 100),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 107,
	},
	{
		.descr = "ctx: converted loads on the path taken",
		.insns = {
			LDX_MEM(BPF_W, R2, R1, offsetof(struct __sk_buff, len)),
			MOV64_IMM(R0, 7),
			JMP_IMM(BPF_JLT, R2, 10, 3),
			LDX_MEM(BPF_W, R0, R1,
				offsetof(struct __sk_buff, pkt_type)),
			LDX_MEM(BPF_W, R3, R1,
				offsetof(struct __sk_buff, vlan_present)),
			ALU64_REG(BPF_ADD, R0, R3),
			ALU64_IMM(BPF_ADD, R0, 100),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 103,
		DATA(pkt_otherhost),
	},
	SKB_BAD_READ("len as a half", BPF_H, 0),
	SKB_BAD_READ("len as a byte", BPF_B, 0),
	SKB_BAD_READ("len as a dword", BPF_DW, 0),
	SKB_BAD_READ("mark at a misaligned offset", BPF_W, 10),
	SKB_BAD_READ("ingress_ifindex, past priority", BPF_W, 36),
	SKB_BAD_READ("cb[0]", BPF_W, 48),
	SKB_BAD_READ("hash", BPF_W, 68),
	SKB_BAD_READ("data", BPF_W, 76),
	SKB_BAD_READ("far past the end", BPF_W, 1000),
	SKB_BAD_READ("before the start", BPF_W, -4),
	{
		.descr = "ctx: socket filter store of an immediate",
		.insns = {
			ST_MEM(BPF_W, R1, offsetof(struct __sk_buff, mark), 1),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 cannot write into ctx",
	},
	{
		.descr = "ctx: socket filter store of a register",
		.insns = {
			MOV64_IMM(R0, 0),
			STX_MEM(BPF_W, R1, R0, offsetof(struct __sk_buff, mark)),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 cannot write into ctx",
	},
	{
		.descr = "ctx: socket filter store of a pointer",
		.insns = {
			STX_MEM(BPF_DW, R1, R10, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R10 leaks addr into ctx",
	},
	{
		.descr = "ctx: socket filter xadd",
		.insns = {
			MOV64_IMM(R0, 1),
			XADD(BPF_W, R1, R0, offsetof(struct __sk_buff, mark)),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 cannot write into ctx",
	},
	{
		.descr = "ctx: kprobe reads the first register",
		.insns = {
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = ACCEPT,
	},
	{
		.descr = "ctx: kprobe reads the last register",
		.insns = {
			LDX_MEM(BPF_DW, R0, R1, 160),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = ACCEPT,
	},
	{
		.descr = "ctx: kprobe dword just past pt_regs",
		.insns = {
			LDX_MEM(BPF_DW, R0, R1, 168),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "invalid bpf_context access off=168 size=8",
	},
	{
		.descr = "ctx: kprobe last word of pt_regs",
		.insns = {
			LDX_MEM(BPF_W, R0, R1, 164),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = ACCEPT,
	},
	{
		.descr = "ctx: kprobe word just past pt_regs",
		.insns = {
			LDX_MEM(BPF_W, R0, R1, 168),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "invalid bpf_context access off=168 size=4",
	},
	{
		.descr = "ctx: kprobe last byte of pt_regs",
		.insns = {
			LDX_MEM(BPF_B, R0, R1, 167),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = ACCEPT,
	},
	{
		.descr = "ctx: kprobe misaligned dword",
		.insns = {
			LDX_MEM(BPF_DW, R0, R1, 4),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "invalid bpf_context access off=4 size=8",
	},
	{
		.descr = "ctx: kprobe before pt_regs",
		.insns = {
			LDX_MEM(BPF_DW, R0, R1, -8),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "invalid bpf_context access off=-8 size=8",
	},
	{
		.descr = "ctx: kprobe store",
		.insns = {
			ST_MEM(BPF_DW, R1, 0, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "R1 cannot write into ctx",
	},
	{
		.descr = "ctx: kprobe store of a register",
		.insns = {
			MOV64_IMM(R0, 0),
			STX_MEM(BPF_DW, R1, R0, 80),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "R1 cannot write into ctx",
	},
	{
		.descr = "ctx: kprobe ctx arithmetic",
		.insns = {
			ALU64_IMM(BPF_ADD, R1, 8),
			LDX_MEM(BPF_DW, R0, R1, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "R1 pointer arithmetic prohibited",
	},
	{
		.descr = "ctx: kprobe ctx spilled and filled",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_DW, R2, R10, -8),
			LDX_MEM(BPF_DW, R0, R2, 112),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = ACCEPT,
	},
};

/* ---- helper calls ----------------------------------------------------- */

static const struct vtest tests_helper[] = {
	{
		.descr = "helper: unknown id 999",
		.insns = {
			CALL(999),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown func 999",
	},
	{
		.descr = "helper: id 0",
		.insns = {
			CALL(0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown func 0",
	},
	{
		.descr = "helper: negative id",
		.insns = {
			CALL(-1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown func -1",
	},
	{
		.descr = "helper: probe_read not for socket filters",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown func 4",
	},
	{
		.descr = "helper: trace_printk not for socket filters",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0x0a6968),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown func 6",
	},
	{
		.descr = "helper: ktime_get_ns not for socket filters",
		.insns = {
			CALL(BPF_FUNC_ktime_get_ns),
			MOV64_IMM(R0, 1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "unknown func 5",
	},
	{
		.descr = "helper: ktime_get_ns in a kprobe",
		.insns = {
			CALL(BPF_FUNC_ktime_get_ns),
			MOV64_IMM(R0, 1),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = ACCEPT,
	},
	{
		.descr = "helper: ktime_get_ns from a non-GPL kprobe",
		.insns = {
			CALL(BPF_FUNC_ktime_get_ns),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.license = "Proprietary",
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "cannot call GPL-restricted function from non-GPL compatible program",
	},
	{
		.descr = "helper: get_prandom_u32 is 32 bits",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			ALU64_IMM(BPF_RSH, R0, 32),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "helper: get_smp_processor_id",
		.insns = {
			CALL(BPF_FUNC_get_smp_processor_id),
			ALU64_IMM(BPF_RSH, R0, 16),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "helper: lookup with a number for the map",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_IMM(R1, 0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 type=scalar expected=map_ptr",
	},
	{
		.descr = "helper: lookup with ctx for the map",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 type=ctx expected=map_ptr",
	},
	{
		.descr = "helper: lookup with an unset map register",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 !read_ok",
	},
	{
		.descr = "helper: lookup with an unset key register",
		.insns = {
			MOV64_IMM(R0, 0),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 1 },
		.result = REJECT,
		.errstr = "R2 !read_ok",
	},
	{
		.descr = "helper: lookup with an unwritten key",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 2 },
		.result = REJECT,
		.errstr = "invalid indirect read from stack off -8 size 8",
	},
	{
		.descr = "helper: lookup with a half-written key",
		.insns = {
			ST_MEM(BPF_W, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = REJECT,
		.errstr = "invalid indirect read from stack off -4 size 8",
	},
	{
		.descr = "helper: lookup with a key running past fp",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = REJECT,
		.errstr = "invalid stack off=-4 size=8",
	},
	{
		.descr = "helper: lookup with the key at fp-512",
		.insns = {
			ST_MEM(BPF_DW, R10, -512, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -512),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "helper: lookup with the key below the stack",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -516),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 2 },
		.result = REJECT,
		.errstr = "invalid stack off=-516 size=4",
	},
	{
		.descr = "helper: lookup with a number for the key",
		.insns = {
			MOV64_IMM(R2, 0),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 1 },
		.result = REJECT,
		.errstr = "R2 type=scalar expected=fp",
	},
	{
		.descr = "helper: lookup with ctx for the key",
		.insns = {
			MOV64_REG(R2, R1),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 1 },
		.result = REJECT,
		.errstr = "R2 type=ctx expected=fp",
	},
	{
		.descr = "helper: lookup with the map for the key",
		.insns = {
			MOV64_IMM(R0, 0),
			LD_MAP_FD(R1),
			LD64_HI(0),
			MOV64_REG(R2, R1),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 1 },
		.result = REJECT,
		.errstr = "R2 type=map_ptr expected=fp",
	},
	{
		.descr = "helper: lookup with an unchecked value for the key",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_REG(R2, R0),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3, 7 },
		.result = REJECT,
		.errstr = "R2 type=map_value_or_null expected=fp",
	},
	{
		.descr = "helper: lookup with a checked value for the key",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 5),
			MOV64_REG(R2, R0),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 5),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.fix_hash8 = { 8 },
		.result = ACCEPT,
		.retval = 5,
	},
	{
		.descr = "helper: value for the key too short for it",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 6),
			MOV64_REG(R2, R0),
			ALU64_IMM(BPF_ADD, R2, 4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3, 9 },
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=8 off=4 size=8",
	},
	{
		.descr = "helper: update with an unwritten value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -16),
			MOV64_IMM(R4, BPF_ANY),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			EXIT_INSN(),
		},
		.fix_hash8 = { 6 },
		.result = REJECT,
		.errstr = "invalid indirect read from stack off -16 size 8",
	},
	{
		.descr = "helper: update with a written value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			ST_MEM(BPF_DW, R10, -16, 99),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -16),
			MOV64_IMM(R4, BPF_ANY),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			EXIT_INSN(),
		},
		.fix_hash8 = { 7 },
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "helper: update of a 48-byte value from 16 bytes",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			ST_MEM(BPF_DW, R10, -16, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -16),
			MOV64_IMM(R4, BPF_ANY),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			EXIT_INSN(),
		},
		.fix_hash48 = { 7 },
		.result = REJECT,
		.errstr = "invalid stack off=-16 size=48",
	},
	{
		.descr = "helper: update of a 1024-byte value from the stack",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -512),
			MOV64_IMM(R4, BPF_ANY),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			EXIT_INSN(),
		},
		.fix_hash1k = { 6 },
		.result = REJECT,
		.errstr = "size=1024",
	},
	{
		.descr = "helper: update of a 1024-byte value from a map value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 7),
			MOV64_REG(R3, R0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_IMM(R4, BPF_ANY),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			EXIT_INSN(),
		},
		.fix_hash1k = { 3, 11 },
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "helper: update with unset flags",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			ST_MEM(BPF_DW, R10, -16, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -16),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			EXIT_INSN(),
		},
		.fix_hash8 = { 6 },
		.result = REJECT,
		.errstr = "R4 !read_ok",
	},
	{
		.descr = "helper: update with ctx for the value",
		.insns = {
			MOV64_REG(R3, R1),
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_IMM(R4, BPF_ANY),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			EXIT_INSN(),
		},
		.fix_hash8 = { 5 },
		.result = REJECT,
		.errstr = "R3 type=ctx expected=fp",
	},
	{
		.descr = "helper: update result is a number",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			ST_MEM(BPF_DW, R10, -16, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -16),
			MOV64_IMM(R4, BPF_ANY),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 7 },
		.result = REJECT,
		.errstr = "R0 invalid mem access 'scalar'",
	},
	{
		.descr = "helper: update then lookup finds the value",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 3),
			ST_MEM(BPF_DW, R10, -16, 1234),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			MOV64_REG(R3, R10),
			ALU64_IMM(BPF_ADD, R3, -16),
			MOV64_IMM(R4, BPF_NOEXIST),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_update_elem),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 7, 12 },
		.result = ACCEPT,
		.retval = 1234,
	},
	{
		.descr = "helper: delete of a missing key",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_delete_elem),
			ALU64_IMM(BPF_NEG, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.result = ACCEPT,
		.retval = ENOENT,
	},
	{
		.descr = "helper: delete with an unwritten key",
		.insns = {
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_delete_elem),
			EXIT_INSN(),
		},
		.fix_hash8 = { 2 },
		.result = REJECT,
		.errstr = "invalid indirect read from stack off -8 size 8",
	},
	{
		.descr = "helper: map helpers from a non-GPL program",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.license = "Proprietary",
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "helper: probe_read into unwritten stack",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -16),
			MOV64_IMM(R2, 16),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			LDX_MEM(BPF_DW, R0, R10, -16),
			LDX_MEM(BPF_DW, R1, R10, -8),
			ALU64_REG(BPF_ADD, R0, R1),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = ACCEPT,
	},
	{
		.descr = "helper: probe_read fills only its size",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -16),
			MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "invalid read from stack off -8 size 8",
	},
	{
		.descr = "helper: probe_read of 512 bytes at fp-512",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -512),
			MOV64_IMM(R2, 512),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			LDX_MEM(BPF_B, R0, R10, -1),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = ACCEPT,
	},
	{
		.descr = "helper: probe_read past fp",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 16),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "invalid stack off=-8 size=16",
	},
	{
		.descr = "helper: probe_read of 0 bytes",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 0),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "R2 invalid size 0",
	},
	{
		.descr = "helper: probe_read of 513 bytes",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -512),
			MOV64_IMM(R2, 513),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "R2 invalid size 513",
	},
	{
		.descr = "helper: probe_read of -1 bytes",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, -1),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "R2 invalid size -1",
	},
	{
		.descr = "helper: probe_read of an unknown size",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_REG(R2, R0),
			ALU64_IMM(BPF_AND, R2, 7),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "R2 size must be a known constant",
	},
	{
		.descr = "helper: probe_read into ctx",
		.insns = {
			MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "R1 type=ctx expected=fp",
	},
	{
		.descr = "helper: probe_read into a map value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 4),
			MOV64_REG(R1, R0),
			MOV64_IMM(R2, 48),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = ACCEPT,
	},
	{
		.descr = "helper: probe_read past a map value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 5),
			MOV64_REG(R1, R0),
			ALU64_IMM(BPF_ADD, R1, 8),
			MOV64_IMM(R2, 48),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "invalid access to map value, value_size=48 off=8 size=48",
	},
	{
		.descr = "helper: probe_read over a spilled pointer",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			LDX_MEM(BPF_DW, R2, R10, -8),
			LDX_MEM(BPF_DW, R0, R2, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "R2 invalid mem access 'scalar'",
	},
	{
		.descr = "helper: probe_read from a non-GPL program",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 8),
			MOV64_IMM(R3, 0),
			CALL(BPF_FUNC_probe_read),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.license = "Proprietary",
		.flags = F_PROBE_READ,
		.result = REJECT,
		.errstr = "cannot call GPL-restricted function from non-GPL compatible program",
	},
	{
		.descr = "helper: trace_printk of a written format",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0x0a6968),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = ACCEPT,
	},
	{
		.descr = "helper: trace_printk with a number for the format",
		.insns = {
			MOV64_IMM(R1, 0),
			MOV64_IMM(R2, 8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = REJECT,
		.errstr = "R1 type=scalar expected=fp",
	},
	{
		.descr = "helper: trace_printk of a map value",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 3),
			MOV64_REG(R1, R0),
			MOV64_IMM(R2, 48),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = ACCEPT,
	},
	{
		.descr = "helper: trace_printk of an unwritten format",
		.insns = {
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = REJECT,
		.errstr = "invalid indirect read from stack off -8 size 8",
	},
	{
		.descr = "helper: trace_printk of a half-written format",
		.insns = {
			ST_MEM(BPF_W, R10, -16, 0x0a6968),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -16),
			MOV64_IMM(R2, 8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = REJECT,
		.errstr = "invalid indirect read from stack off -12 size 8",
	},
	{
		.descr = "helper: trace_printk of 0 bytes",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 0),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = REJECT,
		.errstr = "R2 invalid size 0",
	},
	{
		.descr = "helper: trace_printk with an unset size",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = REJECT,
		.errstr = "R2 !read_ok",
	},
	{
		.descr = "helper: trace_printk with a size from ctx",
		.insns = {
			LDX_MEM(BPF_DW, R2, R1, 0),
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = REJECT,
		.errstr = "R2 size must be a known constant",
	},
	{
		.descr = "helper: trace_printk with a pointer for the size",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_REG(R2, R10),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.flags = F_TRACE_PRINTK,
		.result = REJECT,
		.errstr = "R2 size must be a known constant",
	},
	{
		.descr = "helper: trace_printk from a non-GPL program",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.license = "BSD",
		.flags = F_TRACE_PRINTK,
		.result = REJECT,
		.errstr = "cannot call GPL-restricted function from non-GPL compatible program",
	},
	{
		.descr = "helper: trace_printk from a Dual MIT/GPL program",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R1, R10),
			ALU64_IMM(BPF_ADD, R1, -8),
			MOV64_IMM(R2, 8),
			CALL(BPF_FUNC_trace_printk),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.license = "Dual MIT/GPL",
		.flags = F_TRACE_PRINTK,
		.result = ACCEPT,
	},
	{
		.descr = "helper: kprobe map lookup",
		.insns = {
			ST_MEM(BPF_DW, R10, -8, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JMP_IMM(BPF_JEQ, R0, 0, 1),
			LDX_MEM(BPF_DW, R0, R0, 0),
			EXIT_INSN(),
		},
		.fix_hash8 = { 3 },
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = ACCEPT,
	},
};

/* ---- packet loads (LD_ABS, LD_IND) ------------------------------------ */

static const struct vtest tests_ldabs[] = {
	{
		.descr = "ldabs: first byte of the network header",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_B, 0),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x45,
	},
	{
		.descr = "ldabs: half in network order",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_H, 2),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x0020,
	},
	{
		.descr = "ldabs: word in network order",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_W, 12),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x7f000001,
	},
	{
		.descr = "ldabs: last byte of the packet",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_B, PKT_LEN - 1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0xef,
	},
	{
		.descr = "ldabs: word one byte past the end ends the program",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_W, PKT_LEN - 3),
			MOV64_IMM(R0, 5),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "ldabs: far past the end ends the program",
		.insns = {
			MOV64_REG(R6, R1),
			MOV64_IMM(R0, 5),
			LD_ABS(BPF_B, 4096),
			MOV64_IMM(R0, 5),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "ldabs: network header by SKF_NET_OFF",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_B, SKF_NET_OFF + 9),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x11,
	},
	{
		.descr = "ldabs: link-layer header by SKF_LL_OFF",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_H, SKF_LL_OFF + 12),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x0800,
	},
	{
		.descr = "ldabs: ld_ind with an index register",
		.insns = {
			MOV64_REG(R6, R1),
			MOV64_IMM(R7, 16),
			LD_IND(BPF_W, R7, -4),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x7f000001,
	},
	{
		.descr = "ldabs: ld_ind with a negative total ends the program",
		.insns = {
			MOV64_REG(R6, R1),
			MOV64_IMM(R7, -8),
			LD_IND(BPF_B, R7, 4),
			MOV64_IMM(R0, 5),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "ldabs: ld_ind index from the packet",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_B, 0),
			ALU64_IMM(BPF_AND, R0, 0xf),
			ALU64_IMM(BPF_LSH, R0, 2),
			MOV64_REG(R7, R0),
			LD_IND(BPF_H, R7, 2),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 53,
	},
	{
		.descr = "ldabs: R6 not set",
		.insns = {
			LD_ABS(BPF_B, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "at the time of BPF_LD_ABS|IND R6 != pointer to skb",
	},
	{
		.descr = "ldabs: R6 holding fp",
		.insns = {
			MOV64_REG(R6, R10),
			LD_ABS(BPF_B, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "at the time of BPF_LD_ABS|IND R6 != pointer to skb",
	},
	{
		.descr = "ldabs: R6 holding a number",
		.insns = {
			MOV64_IMM(R6, 0),
			LD_ABS(BPF_B, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "at the time of BPF_LD_ABS|IND R6 != pointer to skb",
	},
	{
		.descr = "ldabs: R6 = ctx through a spill",
		.insns = {
			STX_MEM(BPF_DW, R10, R1, -8),
			LDX_MEM(BPF_DW, R6, R10, -8),
			LD_ABS(BPF_B, 9),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x11,
	},
	{
		.descr = "ldabs: R1 clobbered",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_B, 0),
			MOV64_REG(R0, R1),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R1 !read_ok",
	},
	{
		.descr = "ldabs: R5 clobbered",
		.insns = {
			MOV64_REG(R6, R1),
			MOV64_IMM(R5, 1),
			LD_ABS(BPF_B, 0),
			MOV64_REG(R0, R5),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R5 !read_ok",
	},
	{
		.descr = "ldabs: R6-R9 kept",
		.insns = {
			MOV64_REG(R6, R1),
			MOV64_IMM(R7, 1),
			MOV64_IMM(R8, 2),
			MOV64_IMM(R9, 3),
			LD_ABS(BPF_B, 0),
			ALU64_REG(BPF_ADD, R0, R7),
			ALU64_REG(BPF_ADD, R0, R8),
			ALU64_REG(BPF_ADD, R0, R9),
			LDX_MEM(BPF_W, R1, R6, offsetof(struct __sk_buff, len)),
			ALU64_REG(BPF_ADD, R0, R1),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0x45 + 6 + PKT_LEN,
	},
	{
		.descr = "ldabs: ld_ind with a pointer index",
		.insns = {
			MOV64_REG(R6, R1),
			LD_IND(BPF_B, R10, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R10 type=fp expected=scalar",
	},
	{
		.descr = "ldabs: ld_ind with an unset index",
		.insns = {
			MOV64_REG(R6, R1),
			LD_IND(BPF_B, R7, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R7 !read_ok",
	},
	{
		.descr = "ldabs: not for kprobes",
		.insns = {
			MOV64_REG(R6, R1),
			LD_ABS(BPF_B, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "BPF_LD_[ABS|IND] instructions not allowed for this program type",
	},
	{
		.descr = "ldabs: ld_ind not for kprobes",
		.insns = {
			MOV64_REG(R6, R1),
			MOV64_IMM(R7, 0),
			LD_IND(BPF_W, R7, 0),
			EXIT_INSN(),
		},
		.prog_type = BPF_PROG_TYPE_KPROBE,
		.result = REJECT,
		.errstr = "BPF_LD_[ABS|IND] instructions not allowed for this program type",
	},
};

/* ---- path exploration and size ---------------------------------------- */

/*
 * 40 diamonds on a bit of a freshly loaded number, each setting R3 = 1 on
 * one side: the states at each join differ in nothing that is read again.
 */
static int fill_diamonds(struct bpf_insn *p)
{
	int n = 0, i;

	p[n++] = MOV64_IMM(R3, 1);
	for (i = 0; i < 40; i++) {
		p[n++] = LDX_MEM(BPF_W, R4, R1, offsetof(struct __sk_buff, len));
		p[n++] = JMP_IMM(BPF_JSET, R4, 1U << (i % 31), 1);
		p[n++] = MOV64_IMM(R3, 1);
	}
	p[n++] = MOV64_REG(R0, R3);
	p[n++] = EXIT_INSN();
	return n;
}

/*
 * Each diamond stores 0 or 1 into a stack slot of its own, so no two paths
 * reach a join in the same state: 2^20 paths of about 700 insns.
 */
static int fill_no_pruning(struct bpf_insn *p)
{
	int n = 0, i, j;

	p[n++] = CALL(BPF_FUNC_get_prandom_u32);
	for (i = 0; i < 20; i++) {
		p[n++] = JMP_IMM(BPF_JSET, R0, 1U << i, 2);
		p[n++] = ST_MEM(BPF_DW, R10, -8 * (i + 1), 0);
		p[n++] = JA(1);
		p[n++] = ST_MEM(BPF_DW, R10, -8 * (i + 1), 1);
		for (j = 0; j < 30; j++)
			p[n++] = MOV64_IMM(R2, j);
	}
	p[n++] = LDX_MEM(BPF_DW, R0, R10, -8);
	p[n++] = EXIT_INSN();
	return n;
}

/* The largest program there may be: BPF_MAXINSNS instructions. */
static int fill_maxinsns(struct bpf_insn *p)
{
	int n;

	for (n = 0; n < BPF_MAXINSNS - 1; n++)
		p[n] = MOV64_IMM(R0, n);
	p[n++] = EXIT_INSN();
	return n;
}

/* The same, with a forward jump across all of it on one path */
static int fill_long_jumps(struct bpf_insn *p)
{
	int n = 0, i;

	p[n++] = LDX_MEM(BPF_W, R2, R1, offsetof(struct __sk_buff, len));
	p[n++] = MOV64_IMM(R0, 1);
	p[n++] = JMP_IMM(BPF_JGT, R2, 10, BPF_MAXINSNS - 5);
	for (i = 0; i < BPF_MAXINSNS - 5; i++)
		p[n++] = ALU64_IMM(BPF_ADD, R0, 1);
	p[n++] = ALU64_IMM(BPF_ADD, R0, 1000);
	p[n++] = EXIT_INSN();
	return n;
}

static const struct vtest tests_paths[] = {
	{
		.descr = "paths: 40 diamonds are pruned",
		.fill = fill_diamonds,
		.result = ACCEPT,
		.retval = 1,
	},
	{
		.descr = "paths: 2^20 distinct paths hit the limit",
		.fill = fill_no_pruning,
		.flags = F_BIG_LOG,
		.result = REJECT,
		.err = E2BIG,
		.errstr = "BPF program is too large. Processed 131073 insn",
	},
	{
		.descr = "paths: a program of BPF_MAXINSNS insns",
		.fill = fill_maxinsns,
		.result = ACCEPT,
		.retval = BPF_MAXINSNS - 2,
	},
	{
		.descr = "paths: a jump across the largest program",
		.fill = fill_long_jumps,
		.result = ACCEPT,
		.retval = 1001,
	},
	{
		.descr = "paths: known value does not cover an unknown one",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			JMP_IMM(BPF_JSET, R0, 1, 2),
			MOV64_IMM(R2, -8),
			JA(1),
			MOV64_REG(R2, R0),
			MOV64_REG(R3, R10),
			ALU64_REG(BPF_ADD, R3, R2),
			ST_MEM(BPF_DW, R3, 0, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R3 pointer arithmetic prohibited",
	},
	{
		.descr = "paths: one constant does not cover another",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			JMP_IMM(BPF_JSET, R0, 1, 2),
			MOV64_IMM(R2, -8),
			JA(1),
			MOV64_IMM(R2, 8),
			MOV64_REG(R3, R10),
			ALU64_REG(BPF_ADD, R3, R2),
			ST_MEM(BPF_DW, R3, 0, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid stack off=8 size=8",
	},
	{
		.descr = "paths: a written slot does not cover an unwritten one",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			JMP_IMM(BPF_JSET, R0, 1, 2),
			ST_MEM(BPF_DW, R10, -8, 0),
			JA(1),
			MOV64_IMM(R2, 0),
			LDX_MEM(BPF_DW, R0, R10, -8),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid read from stack off -8 size 8",
	},
	{
		.descr = "paths: a checked value does not cover an unchecked one",
		.insns = {
			ST_MEM(BPF_W, R10, -4, 0),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -4),
			LD_MAP_FD(R1),
			LD64_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			MOV64_REG(R6, R0),
			CALL(BPF_FUNC_get_prandom_u32),
			JMP_IMM(BPF_JSET, R0, 1, 2),
			JMP_IMM(BPF_JEQ, R6, 0, 3),
			JA(0),
			LDX_MEM(BPF_DW, R0, R6, 0),
			EXIT_INSN(),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.fix_array48 = { 3 },
		.result = REJECT,
		.errstr = "R6 invalid mem access 'map_value_or_null'",
	},
	{
		.descr = "paths: fp-512 written does not cover it unwritten",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			JMP_IMM(BPF_JSET, R0, 1, 2),
			ST_MEM(BPF_B, R10, -512, 0),
			JA(1),
			ST_MEM(BPF_B, R10, -1, 0),
			LDX_MEM(BPF_B, R0, R10, -512),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "invalid read from stack off -512 size 1",
	},
	{
		.descr = "paths: spilled fp at fp-504 does not cover a number",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -8),
			JMP_IMM(BPF_JSET, R0, 1, 2),
			STX_MEM(BPF_DW, R10, R2, -504),
			JA(1),
			STX_MEM(BPF_DW, R10, R0, -504),
			LDX_MEM(BPF_DW, R3, R10, -504),
			ST_MEM(BPF_DW, R3, 0, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "R3 invalid mem access 'scalar'",
	},
	{
		.descr = "paths: a dead register does not stop pruning",
		.insns = {
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_IMM(R6, 0),
			JMP_IMM(BPF_JSET, R0, 1, 1),
			MOV64_REG(R7, R10),
			JMP_IMM(BPF_JSET, R0, 2, 1),
			MOV64_IMM(R7, 4),
			JMP_IMM(BPF_JSET, R0, 4, 1),
			MOV64_IMM(R7, 5),
			MOV64_REG(R0, R6),
			EXIT_INSN(),
		},
		.result = ACCEPT,
		.retval = 0,
	},
	{
		.descr = "paths: a spilled stack pointer does not cover a ctx",
		.insns = {
			MOV64_REG(R6, R1),
			CALL(BPF_FUNC_get_prandom_u32),
			MOV64_REG(R2, R10),
			ALU64_IMM(BPF_ADD, R2, -16),
			STX_MEM(BPF_DW, R10, R2, -8),
			JMP_IMM(BPF_JSET, R0, 1, 1),
			JA(1),
			STX_MEM(BPF_DW, R10, R6, -8),
			LDX_MEM(BPF_DW, R3, R10, -8),
			ST_MEM(BPF_DW, R3, 0, 0),
			MOV64_IMM(R0, 0),
			EXIT_INSN(),
		},
		.result = REJECT,
		.errstr = "same insn cannot be used with different pointers",
	},
};

static const struct vgroup groups[] = {
	{ "alu", tests_alu, ARRAY_SIZE(tests_alu) },
	{ "regs", tests_regs, ARRAY_SIZE(tests_regs) },
	{ "cfg", tests_cfg, ARRAY_SIZE(tests_cfg) },
	{ "enc", tests_enc, ARRAY_SIZE(tests_enc) },
	{ "branch", tests_branch, ARRAY_SIZE(tests_branch) },
	{ "stack", tests_stack, ARRAY_SIZE(tests_stack) },
	{ "spill", tests_spill, ARRAY_SIZE(tests_spill) },
	{ "map", tests_map, ARRAY_SIZE(tests_map) },
	{ "ptr", tests_ptr, ARRAY_SIZE(tests_ptr) },
	{ "ctx", tests_ctx, ARRAY_SIZE(tests_ctx) },
	{ "helper", tests_helper, ARRAY_SIZE(tests_helper) },
	{ "ldabs", tests_ldabs, ARRAY_SIZE(tests_ldabs) },
	{ "paths", tests_paths, ARRAY_SIZE(tests_paths) },
};

/* ---- the system call ---------------------------------------------------- */

#define LOG_SIZE	(1U << 20)
#define LOG_SIZE_MAX	(UINT_MAX >> 8)
#define LOG_SIZE_MIN	128

static bool verbose;
static __u32 log_level = 1;
static __u32 kern_version;
static bool have_probe_read;
static bool have_trace_printk;
static char log_buf[LOG_SIZE];
static struct bpf_insn prog_buf[BPF_MAXINSNS + 64];
/* why the current test failed or was skipped */
static char why[512];
/* diagnostics of the current test, printed after its result line */
static char diag[16384];
static size_t diag_len;

static int sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
#ifdef BPF_HOST
	return host_sys_bpf(cmd, attr, size);
#else
	long ret = syscall(__NR_bpf, cmd, attr, size);

	return ret < 0 ? -errno : (int)ret;
#endif
}

static int sys_close(int fd)
{
#ifdef BPF_HOST
	return host_bpf_close(fd);
#else
	return close(fd) ? -errno : 0;
#endif
}

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return -1;
}

static const char *err_name(int err)
{
	static char buf[32];

	switch (err) {
	case EPERM:	return "EPERM";
	case ENOENT:	return "ENOENT";
	case E2BIG:	return "E2BIG";
	case EBADF:	return "EBADF";
	case ENOMEM:	return "ENOMEM";
	case EACCES:	return "EACCES";
	case EFAULT:	return "EFAULT";
	case EINVAL:	return "EINVAL";
	case ENOSPC:	return "ENOSPC";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EINTR:	return "EINTR";
	case 0:		return "success";
	}
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

static int map_create(__u32 type, __u32 key_size, __u32 value_size,
		      __u32 max_entries)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = key_size;
	attr.value_size = value_size;
	attr.max_entries = max_entries;
	return sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
}

static int map_lookup(int fd, const void *key, void *value)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = PTR(key);
	attr.value = PTR(value);
	return sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr, sizeof(attr));
}

struct load_opts {
	const char *license;
	__u32 kern_version;
	char *log;
	__u32 log_size;
	__u32 log_level;
};

/* BPF_PROG_LOAD; returns the fd or -errno. */
static int prog_load_opts(__u32 type, const struct bpf_insn *insns,
			  __u32 cnt, const struct load_opts *o)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = PTR(insns);
	attr.insn_cnt = cnt;
	attr.license = PTR(o->license);
	attr.kern_version = o->kern_version;
	attr.log_buf = PTR(o->log);
	attr.log_size = o->log_size;
	attr.log_level = o->log_level;
	if (o->log && o->log_size)
		o->log[0] = '\0';
	return sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

/* A GPL program of @type with the big log. */
static int prog_load(__u32 type, const struct bpf_insn *insns, __u32 cnt)
{
	struct load_opts o = {
		.license = "GPL",
		.kern_version = kern_version,
		.log = log_buf,
		.log_size = LOG_SIZE,
		.log_level = 1,
	};

	return prog_load_opts(type, insns, cnt, &o);
}

struct run_opts {
	const void *data;
	__u32 size;
	void *out;
	__u32 out_size;		/* in: room, out: size of the frame */
	__u32 repeat;
	__u32 retval;
	__u32 duration;
};

/* BPF_PROG_TEST_RUN; returns 0 or -errno, the results in @r. */
static int prog_run_opts(int fd, struct run_opts *r)
{
	union bpf_attr attr;
	int err;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = PTR(r->data);
	attr.test.data_size_in = r->size;
	attr.test.data_out = PTR(r->out);
	attr.test.data_size_out = r->out_size;
	attr.test.repeat = r->repeat;
	attr.test.retval = 0xdeadbeef;
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	r->out_size = attr.test.data_size_out;
	r->retval = attr.test.retval;
	r->duration = attr.test.duration;
	return err;
}

static int prog_run(int fd, const void *data, __u32 size, __u32 *retval)
{
	struct run_opts r = { .data = data, .size = size, .repeat = 1 };
	int err = prog_run_opts(fd, &r);

	*retval = r.retval;
	return err;
}

static void add_diag(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (diag_len >= sizeof(diag) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(diag + diag_len, sizeof(diag) - diag_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		diag_len += n;
	if (diag_len > sizeof(diag) - 1)
		diag_len = sizeof(diag) - 1;
}

/* The last @lines lines of the log, as diagnostics. */
static void add_log_tail(const char *log, int lines)
{
	const char *p = log + strlen(log), *start;

	while (p > log && lines >= 0) {
		p--;
		if (*p == '\n')
			lines--;
	}
	if (p > log)
		p++;
	while (*p) {
		start = p;
		p = strchrnul(p, '\n');
		add_diag("#   %.*s\n", (int)(p - start), start);
		if (*p)
			p++;
	}
}

/* ---- running one table test -------------------------------------------- */

static int prog_len(const struct vtest *t)
{
	int len;

	if (t->len)
		return t->len;
	for (len = MAX_INSNS; len > 0; len--) {
		const struct bpf_insn *i = &t->insns[len - 1];

		if (i->code || i->dst_reg || i->src_reg || i->off || i->imm)
			break;
	}
	return len;
}

/* Patches the map fds in; returns 0, or -errno of a map creation. */
static int fixup_maps(const struct vtest *t, struct bpf_insn *prog,
		      int *fds)
{
	static const struct {
		__u32 type, key_size, value_size, max_entries;
	} kinds[] = {
		{ BPF_MAP_TYPE_HASH, 8, 8, 16 },
		{ BPF_MAP_TYPE_HASH, 8, 48, 16 },
		{ BPF_MAP_TYPE_ARRAY, 4, 48, 4 },
		{ BPF_MAP_TYPE_HASH, 8, 1024, 4 },
	};
	const int *lists[] = { t->fix_hash8, t->fix_hash48, t->fix_array48,
			       t->fix_hash1k };
	size_t k;
	int i;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		if (!lists[k][0])
			continue;
		fds[k] = map_create(kinds[k].type, kinds[k].key_size,
				    kinds[k].value_size, kinds[k].max_entries);
		if (fds[k] < 0)
			return fds[k];
		for (i = 0; i < MAX_FIXUPS && lists[k][i]; i++)
			prog[lists[k][i]].imm = fds[k];
	}
	return 0;
}

/* 0 passed, -1 failed, 1 skipped; the reason in why[]. */
static int run_vtest(const struct vtest *t)
{
	struct load_opts o = {
		.license = t->license ? t->license : "GPL",
		.kern_version = kern_version,
		.log = log_buf,
		.log_size = LOG_SIZE,
		.log_level = log_level,
	};
	__u32 type = t->prog_type ? t->prog_type : BPF_PROG_TYPE_SOCKET_FILTER;
	int fds[4] = { -1, -1, -1, -1 }, fd, len, ret = 0, err, want;
	__u32 retval;
	size_t k;

	if ((t->flags & F_PROBE_READ) && !have_probe_read) {
		fail("kprobes cannot call probe_read here");
		return 1;
	}
	if ((t->flags & F_TRACE_PRINTK) && !have_trace_printk) {
		fail("kprobes cannot call trace_printk here");
		return 1;
	}

	if (t->fill) {
		len = t->fill(prog_buf);
	} else {
		len = prog_len(t);
		memcpy(prog_buf, t->insns, len * sizeof(prog_buf[0]));
	}
	err = fixup_maps(t, prog_buf, fds);
	if (err) {
		ret = fail("map creation: %s", err_name(-err));
		goto out;
	}
	if (t->flags & F_BIG_LOG) {
		o.log_size = LOG_SIZE_MAX;
		o.log = malloc(o.log_size);
		if (!o.log) {
			ret = fail("no memory for the log");
			goto out;
		}
	}

	fd = prog_load_opts(type, prog_buf, len, &o);
	if (t->result == ACCEPT) {
		if (fd < 0) {
			ret = fail("rejected with %s, expected to load",
				   err_name(-fd));
			goto out_log;
		}
	} else {
		if (fd >= 0) {
			sys_close(fd);
			ret = fail("loaded, expected a rejection");
			goto out_log;
		}
		want = t->err;
		if (want ? -fd != want : (-fd != EINVAL && -fd != EACCES)) {
			ret = fail("rejected with %s, expected %s", err_name(-fd),
				   want ? err_name(want) : "EINVAL or EACCES");
			goto out_log;
		}
		if (t->errstr && !strstr(o.log, t->errstr)) {
			ret = fail("log lacks \"%s\"", t->errstr);
			goto out_log;
		}
		goto out_log;
	}

	if (type == BPF_PROG_TYPE_SOCKET_FILTER && !(t->flags & F_NO_RUN)) {
		if (t->data)
			err = prog_run(fd, t->data, t->data_len, &retval);
		else
			err = prog_run(fd, pkt_ipv4, sizeof(pkt_ipv4), &retval);
		if (err)
			ret = fail("test run: %s", err_name(-err));
		else if (retval != t->retval)
			ret = fail("returned %u (0x%x), expected %u (0x%x)",
				   retval, retval, t->retval, t->retval);
	}
	sys_close(fd);

out_log:
	if (ret || verbose) {
		add_diag("# verifier log (%zu bytes)%s:\n", strlen(o.log),
			 verbose ? "" : ", its end");
		add_log_tail(o.log, verbose ? INT_MAX : 10);
	}
	if (o.log != log_buf)
		free(o.log);
out:
	for (k = 0; k < ARRAY_SIZE(fds); k++)
		if (fds[k] >= 0)
			sys_close(fds[k]);
	return ret;
}

/* ---- the attribute rules and descriptor lifetimes ------------------------ */

static const struct bpf_insn prog_ret0[] = {
	MOV64_IMM(R0, 0),
	EXIT_INSN(),
};

/* Returns the value it adds 1 to: element 0 of an array (fd at insn 3) */
static struct bpf_insn prog_count[] = {
	ST_MEM(BPF_W, R10, -4, 0),
	MOV64_REG(R2, R10),
	ALU64_IMM(BPF_ADD, R2, -4),
	LD_MAP_FD(R1),
	LD64_HI(0),
	CALL(BPF_FUNC_map_lookup_elem),
	JMP_IMM(BPF_JEQ, R0, 0, 4),
	MOV64_IMM(R1, 1),
	XADD(BPF_DW, R0, R1, 0),
	LDX_MEM(BPF_DW, R0, R0, 0),
	EXIT_INSN(),
	MOV64_IMM(R0, -1),
	EXIT_INSN(),
};

static int load_count(int map_fd)
{
	prog_count[3].imm = map_fd;
	return prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog_count,
			 ARRAY_SIZE(prog_count));
}

static int expect_load(const char *what, int got, int want)
{
	if (got >= 0)
		sys_close(got);
	if (want ? got != -want : got < 0)
		return fail("%s: got %s, expected %s", what,
			    err_name(got < 0 ? -got : 0), err_name(want));
	return 0;
}

static int test_insn_cnt_zero(void)
{
	return expect_load("0 insns", prog_load(BPF_PROG_TYPE_SOCKET_FILTER,
						prog_ret0, 0), E2BIG);
}

static int test_insn_cnt_too_big(void)
{
	int n;

	for (n = 0; n < BPF_MAXINSNS; n++)
		prog_buf[n] = MOV64_IMM(R0, 0);
	prog_buf[n++] = EXIT_INSN();
	return expect_load("BPF_MAXINSNS + 1 insns",
			   prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog_buf, n),
			   E2BIG);
}

static int test_insns_null(void)
{
	return expect_load("no insns", prog_load(BPF_PROG_TYPE_SOCKET_FILTER,
						 NULL, 2), EFAULT);
}

static int test_log_args(void)
{
	struct load_opts o = { .license = "GPL", .log = log_buf,
			       .log_size = 1024, .log_level = 1 };
	const struct bpf_insn *p = prog_ret0;
	__u32 type = BPF_PROG_TYPE_SOCKET_FILTER;
	int err;

	err = expect_load("level 1, size 1024", prog_load_opts(type, p, 2, &o),
			  0);
	o.log = NULL;
	err = err ?: expect_load("level without a buffer",
				 prog_load_opts(type, p, 2, &o), EINVAL);
	o.log = log_buf;
	o.log_level = 0;
	err = err ?: expect_load("buffer and size without a level",
				 prog_load_opts(type, p, 2, &o), EINVAL);
	o.log_size = 0;
	err = err ?: expect_load("buffer without a level or size",
				 prog_load_opts(type, p, 2, &o), EINVAL);
	o.log = NULL;
	o.log_size = 1024;
	err = err ?: expect_load("size alone",
				 prog_load_opts(type, p, 2, &o), EINVAL);
	o.log = log_buf;
	o.log_level = 3;
	err = err ?: expect_load("level 3", prog_load_opts(type, p, 2, &o),
				 EINVAL);
	o.log_level = 1;
	o.log_size = 0;
	err = err ?: expect_load("level and buffer, size 0",
				 prog_load_opts(type, p, 2, &o), EINVAL);
	o.log = NULL;
	o.log_level = 0;
	err = err ?: expect_load("no log at all",
				 prog_load_opts(type, p, 2, &o), 0);
	return err;
}

static int test_log_size_bounds(void)
{
	struct load_opts o = { .license = "GPL", .log = log_buf,
			       .log_level = 1 };
	__u32 type = BPF_PROG_TYPE_SOCKET_FILTER;
	char *big;
	int err;

	o.log_size = LOG_SIZE_MIN - 1;
	err = expect_load("log size 127", prog_load_opts(type, prog_ret0, 2, &o),
			  EINVAL);
	o.log_size = LOG_SIZE_MIN;
	err = err ?: expect_load("log size 128",
				 prog_load_opts(type, prog_ret0, 2, &o), 0);
	if (err)
		return err;
	big = malloc(LOG_SIZE_MAX + 1ULL);
	if (!big)
		return fail("no memory for a log of UINT_MAX >> 8");
	o.log = big;
	o.log_size = LOG_SIZE_MAX;
	err = expect_load("log size UINT_MAX >> 8",
			  prog_load_opts(type, prog_ret0, 2, &o), 0);
	o.log_size = LOG_SIZE_MAX + 1;
	err = err ?: expect_load("log size (UINT_MAX >> 8) + 1",
				 prog_load_opts(type, prog_ret0, 2, &o), EINVAL);
	free(big);
	return err;
}

static int test_log_contents(void)
{
	int fd;

	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog_ret0, 2);
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	sys_close(fd);
	if (!strstr(log_buf, "0: (b7) r0 = 0") || !strstr(log_buf, "1: (95) exit"))
		return fail("log lacks the instructions: \"%s\"", log_buf);
	return 0;
}

static int test_log_level2_states(void)
{
	struct load_opts o = { .license = "GPL", .log = log_buf,
			       .log_size = LOG_SIZE, .log_level = 2 };
	int fd;

	fd = prog_load_opts(BPF_PROG_TYPE_SOCKET_FILTER, prog_ret0, 2, &o);
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	sys_close(fd);
	if (!strstr(log_buf, "R10=fp0"))
		return fail("level 2 log lacks the register states: \"%s\"",
			    log_buf);
	return 0;
}

static int test_log_enospc(void)
{
	struct load_opts o = { .license = "GPL", .log = log_buf,
			       .log_size = LOG_SIZE_MIN, .log_level = 1 };
	size_t len;
	int n, fd;

	for (n = 0; n < 40; n++)
		prog_buf[n] = MOV64_IMM(R0, n);
	prog_buf[n++] = EXIT_INSN();
	memset(log_buf, 'x', LOG_SIZE_MIN * 2);
	fd = prog_load_opts(BPF_PROG_TYPE_SOCKET_FILTER, prog_buf, n, &o);
	if (fd >= 0)
		sys_close(fd);
	if (fd != -ENOSPC)
		return fail("a safe program with a short log: got %s, expected ENOSPC",
			    err_name(fd < 0 ? -fd : 0));
	len = strnlen(log_buf, LOG_SIZE_MIN * 2);
	if (len != LOG_SIZE_MIN - 1)
		return fail("log of %zu bytes, expected %d and a NUL", len,
			    LOG_SIZE_MIN - 1);
	if (strncmp(log_buf, "0: (b7) r0 = 0", 14))
		return fail("the log does not start with the first insn");
	return 0;
}

static int test_log_short_reject(void)
{
	struct load_opts o = { .license = "GPL", .log = log_buf,
			       .log_size = LOG_SIZE_MIN, .log_level = 1 };
	int n, fd;

	for (n = 0; n < 40; n++)
		prog_buf[n] = MOV64_IMM(R0, n);
	prog_buf[n++] = LDX_MEM(BPF_DW, R0, R0, 0);
	prog_buf[n++] = EXIT_INSN();
	fd = prog_load_opts(BPF_PROG_TYPE_SOCKET_FILTER, prog_buf, n, &o);
	if (fd >= 0)
		sys_close(fd);
	if (fd != -EINVAL && fd != -EACCES)
		return fail("an unsafe program with a short log: got %s, expected EINVAL or EACCES",
			    err_name(fd < 0 ? -fd : 0));
	if (strlen(log_buf) != LOG_SIZE_MIN - 1)
		return fail("log of %zu bytes, expected %d", strlen(log_buf),
			    LOG_SIZE_MIN - 1);
	return 0;
}

static int test_license_null(void)
{
	struct load_opts o = { .license = NULL };

	return expect_load("no license",
			   prog_load_opts(BPF_PROG_TYPE_SOCKET_FILTER,
					  prog_ret0, 2, &o), EFAULT);
}

static int test_license_gpl_compatible(void)
{
	static const char * const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};
	static const char * const other[] = {
		"GPLv3", "gpl", "GPL ", "Dual BSD", "MIT", "",
	};
	struct bpf_insn p[] = {
		ST_MEM(BPF_DW, R10, -8, 0),
		MOV64_REG(R1, R10),
		ALU64_IMM(BPF_ADD, R1, -8),
		MOV64_IMM(R2, 8),
		CALL(BPF_FUNC_trace_printk),
		EXIT_INSN(),
	};
	struct load_opts o = { .kern_version = kern_version };
	char what[64];
	size_t i;
	int err = 0;

	if (!have_trace_printk) {
		fail("kprobes cannot call trace_printk here");
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(gpl) && !err; i++) {
		o.license = gpl[i];
		snprintf(what, sizeof(what), "license \"%s\"", gpl[i]);
		err = expect_load(what, prog_load_opts(BPF_PROG_TYPE_KPROBE, p,
						       ARRAY_SIZE(p), &o), 0);
	}
	for (i = 0; i < ARRAY_SIZE(other) && !err; i++) {
		int fd;

		o.license = other[i];
		fd = prog_load_opts(BPF_PROG_TYPE_KPROBE, p, ARRAY_SIZE(p), &o);
		if (fd >= 0) {
			sys_close(fd);
			err = fail("license \"%s\" may call a GPL-only helper",
				   other[i]);
		}
	}
	return err;
}

static int test_non_gpl_loads(void)
{
	struct load_opts o = { .license = "Proprietary" };

	return expect_load("license \"Proprietary\"",
			   prog_load_opts(BPF_PROG_TYPE_SOCKET_FILTER,
					  prog_ret0, 2, &o), 0);
}

static int test_kern_version(void)
{
	struct load_opts o = { .license = "GPL" };
	int err;

	o.kern_version = 0;
	err = expect_load("kprobe, kern_version 0",
			  prog_load_opts(BPF_PROG_TYPE_KPROBE, prog_ret0, 2, &o),
			  EINVAL);
	o.kern_version = kern_version + 1;
	err = err ?: expect_load("kprobe, kern_version + 1",
				 prog_load_opts(BPF_PROG_TYPE_KPROBE,
						prog_ret0, 2, &o), EINVAL);
	o.kern_version = kern_version;
	err = err ?: expect_load("kprobe, this kernel's version",
				 prog_load_opts(BPF_PROG_TYPE_KPROBE,
						prog_ret0, 2, &o), 0);
	o.kern_version = 12345;
	err = err ?: expect_load("socket filter, any kern_version",
				 prog_load_opts(BPF_PROG_TYPE_SOCKET_FILTER,
						prog_ret0, 2, &o), 0);
	return err;
}

static int test_prog_type_unknown(void)
{
	int err;

	err = expect_load("type 0 (unspec)", prog_load(BPF_PROG_TYPE_UNSPEC,
						       prog_ret0, 2), EINVAL);
	err = err ?: expect_load("type sched_cls",
				 prog_load(BPF_PROG_TYPE_SCHED_CLS, prog_ret0, 2),
				 EINVAL);
	err = err ?: expect_load("type 999", prog_load(999, prog_ret0, 2),
				 EINVAL);
	return err;
}

static int test_prog_flags(void)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = PTR(prog_ret0);
	attr.insn_cnt = 2;
	attr.license = PTR("GPL");
	attr.prog_flags = 1;
	fd = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	return expect_load("prog_flags, past what the kernel knows", fd, E2BIG);
}

static int test_map_fd_closed(void)
{
	struct bpf_insn p[] = {
		MOV64_IMM(R0, 0),
		LD_MAP_FD(R1),
		LD64_HI(0),
		EXIT_INSN(),
	};
	char want[64];
	int fd;

	fd = map_create(BPF_MAP_TYPE_HASH, 8, 8, 4);
	if (fd < 0)
		return fail("map: %s", err_name(-fd));
	sys_close(fd);
	p[1].imm = fd;
	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_SIZE(p));
	if (expect_load("closed map fd", fd, EBADF))
		return -1;
	snprintf(want, sizeof(want), "fd %d is not pointing to valid bpf_map",
		 p[1].imm);
	if (!strstr(log_buf, want))
		return fail("log lacks \"%s\": \"%s\"", want, log_buf);
	return 0;
}

static int test_map_fd_is_prog(void)
{
	struct bpf_insn p[] = {
		MOV64_IMM(R0, 0),
		LD_MAP_FD(R1),
		LD64_HI(0),
		EXIT_INSN(),
	};
	char want[64];
	int pfd, fd;

	pfd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog_ret0, 2);
	if (pfd < 0)
		return fail("load: %s", err_name(-pfd));
	p[1].imm = pfd;
	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_SIZE(p));
	sys_close(pfd);
	if (expect_load("program fd as a map", fd, EINVAL))
		return -1;
	snprintf(want, sizeof(want), "fd %d is not pointing to valid bpf_map",
		 pfd);
	if (!strstr(log_buf, want))
		return fail("log lacks \"%s\": \"%s\"", want, log_buf);
	return 0;
}

/* 64 maps in one program load, 65 do not. */
static int test_many_maps(void)
{
	int fds[65], i, n, fd, err = 0;

	for (i = 0; i < 65; i++) {
		fds[i] = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
		if (fds[i] < 0) {
			err = fail("map %d: %s", i, err_name(-fds[i]));
			while (i--)
				sys_close(fds[i]);
			return err;
		}
	}
	for (n = 64; n <= 65 && !err; n++) {
		int len = 0;

		prog_buf[len++] = MOV64_IMM(R0, 0);
		for (i = 0; i < n; i++) {
			prog_buf[len] = LD_MAP_FD(R1);
			prog_buf[len++].imm = fds[i];
			prog_buf[len++] = LD64_HI(0);
		}
		prog_buf[len++] = EXIT_INSN();
		fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog_buf, len);
		err = expect_load(n == 64 ? "64 maps" : "65 maps", fd,
				  n == 64 ? 0 : E2BIG);
	}
	for (i = 0; i < 65; i++)
		sys_close(fds[i]);
	return err;
}

static int test_one_map_twice(void)
{
	struct bpf_insn p[] = {
		ST_MEM(BPF_W, R10, -4, 0),
		MOV64_REG(R2, R10),
		ALU64_IMM(BPF_ADD, R2, -4),
		LD_MAP_FD(R1),
		LD64_HI(0),
		CALL(BPF_FUNC_map_lookup_elem),
		JMP_IMM(BPF_JEQ, R0, 0, 8),
		ST_MEM(BPF_DW, R0, 0, 40),
		MOV64_REG(R2, R10),
		ALU64_IMM(BPF_ADD, R2, -4),
		LD_MAP_FD(R1),
		LD64_HI(0),
		CALL(BPF_FUNC_map_lookup_elem),
		JMP_IMM(BPF_JEQ, R0, 0, 1),
		LDX_MEM(BPF_DW, R0, R0, 0),
		EXIT_INSN(),
	};
	__u32 retval;
	int map, fd, err;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	p[3].imm = map;
	p[10].imm = map;
	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_SIZE(p));
	sys_close(map);
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	err = prog_run(fd, pkt_ipv4, sizeof(pkt_ipv4), &retval);
	sys_close(fd);
	if (err)
		return fail("run: %s", err_name(-err));
	if (retval != 40)
		return fail("returned %u, expected 40", retval);
	return 0;
}

static int test_run_short_frame(void)
{
	__u32 retval;
	int fd, err;
	struct bpf_insn p[] = {
		LDX_MEM(BPF_W, R0, R1, offsetof(struct __sk_buff, len)),
		ALU64_IMM(BPF_ADD, R0, 100),
		EXIT_INSN(),
	};

	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_SIZE(p));
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	err = prog_run(fd, pkt_ipv4, 13, &retval);
	if (err != -EINVAL) {
		sys_close(fd);
		return fail("13-byte frame: got %s, expected EINVAL",
			    err_name(-err));
	}
	err = prog_run(fd, pkt_empty, 14, &retval);
	sys_close(fd);
	if (err)
		return fail("14-byte frame: %s", err_name(-err));
	if (retval != 100)
		return fail("14-byte frame: returned %u, expected 100", retval);
	return 0;
}

static int test_run_no_data(void)
{
	__u32 retval;
	int fd, err;

	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog_ret0, 2);
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	err = prog_run(fd, NULL, sizeof(pkt_ipv4), &retval);
	if (err == -EFAULT)
		err = prog_run(fd, pkt_ipv4, 4096, &retval);
	else
		err = fail("no data_in: got %s, expected EFAULT",
			   err_name(-err));
	sys_close(fd);
	if (err == -1)
		return err;
	if (err != -EINVAL)
		return fail("4096-byte frame: got %s, expected EINVAL",
			    err_name(-err));
	return 0;
}

static int test_run_data_out(void)
{
	struct run_opts r = { .data = pkt_ipv4, .size = sizeof(pkt_ipv4) };
	__u8 out[sizeof(pkt_ipv4) + 8];
	size_t i;
	int fd, err;

	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog_ret0, 2);
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	memset(out, 0xaa, sizeof(out));
	r.out = out;
	r.out_size = sizeof(out);
	err = prog_run_opts(fd, &r);
	sys_close(fd);
	if (err)
		return fail("run: %s", err_name(-err));
	if (r.out_size != sizeof(pkt_ipv4))
		return fail("data_size_out %u, expected %zu", r.out_size,
			    sizeof(pkt_ipv4));
	for (i = 0; i < 14; i++)
		if (out[i])
			return fail("link-layer byte %zu is 0x%x, not 0", i,
				    out[i]);
	if (memcmp(out + 14, pkt_ipv4 + 14, sizeof(pkt_ipv4) - 14))
		return fail("the packet came back changed");
	if (out[sizeof(pkt_ipv4)] != 0xaa)
		return fail("data_out written past the frame");
	return 0;
}

static int test_run_data_out_short(void)
{
	struct run_opts r = { .data = pkt_ipv4, .size = sizeof(pkt_ipv4) };
	struct bpf_insn p[] = {
		MOV64_IMM(R0, 77),
		EXIT_INSN(),
	};
	__u8 out[24];
	int fd, err;

	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_SIZE(p));
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	memset(out, 0xaa, sizeof(out));
	r.out = out;
	r.out_size = 20;
	err = prog_run_opts(fd, &r);
	sys_close(fd);
	if (err != -ENOSPC)
		return fail("20 bytes of room: got %s, expected ENOSPC",
			    err_name(-err));
	if (r.out_size != sizeof(pkt_ipv4))
		return fail("data_size_out %u, expected the full %zu",
			    r.out_size, sizeof(pkt_ipv4));
	if (r.retval != 77)
		return fail("retval %u, expected 77 even so", r.retval);
	if (memcmp(out + 14, pkt_ipv4 + 14, 6) || out[20] != 0xaa)
		return fail("not exactly the first 20 bytes copied");
	return 0;
}

static int test_run_repeat(void)
{
	struct run_opts r = { .data = pkt_ipv4, .size = sizeof(pkt_ipv4),
			      .repeat = 1000 };
	__u64 value = 0;
	__u32 key = 0;
	int map, fd, err;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	fd = load_count(map);
	if (fd < 0) {
		sys_close(map);
		return fail("load: %s", err_name(-fd));
	}
	err = prog_run_opts(fd, &r);
	sys_close(fd);
	if (!err)
		err = map_lookup(map, &key, &value);
	sys_close(map);
	if (err)
		return fail("run or lookup: %s", err_name(-err));
	if (r.retval != 1000 || value != 1000)
		return fail("after 1000 runs: retval %u, counter %llu",
			    r.retval, (unsigned long long)value);
	return 0;
}

static int test_run_bad_fds(void)
{
	__u32 retval;
	int map, err;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	err = prog_run(map, pkt_ipv4, sizeof(pkt_ipv4), &retval);
	sys_close(map);
	if (err != -EINVAL)
		return fail("map fd: got %s, expected EINVAL", err_name(-err));
	err = prog_run(map, pkt_ipv4, sizeof(pkt_ipv4), &retval);
	if (err != -EBADF)
		return fail("closed fd: got %s, expected EBADF", err_name(-err));
	return 0;
}

static int test_run_kprobe(void)
{
	struct load_opts o = { .license = "GPL", .kern_version = kern_version };
	__u32 retval;
	int fd, err;

	fd = prog_load_opts(BPF_PROG_TYPE_KPROBE, prog_ret0, 2, &o);
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	err = prog_run(fd, pkt_ipv4, sizeof(pkt_ipv4), &retval);
	sys_close(fd);
	if (err != -EOPNOTSUPP)
		return fail("a kprobe program on a packet: got %s, expected EOPNOTSUPP",
			    err_name(err < 0 ? -err : 0));
	return 0;
}

/* A program keeps its maps; closing its fd frees it. */
static int test_prog_fd_lifetime(void)
{
	__u32 retval, key = 0;
	__u64 value = 0;
	int map, fd, err;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	fd = load_count(map);
	sys_close(map);
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	err = prog_run(fd, pkt_ipv4, sizeof(pkt_ipv4), &retval);
	if (!err && retval == 1)
		err = prog_run(fd, pkt_ipv4, sizeof(pkt_ipv4), &retval);
	sys_close(fd);
	if (err || retval != 2)
		return fail("runs with the map fd closed: %s, retval %u",
			    err_name(-err), retval);
	err = prog_run(fd, pkt_ipv4, sizeof(pkt_ipv4), &retval);
	if (err != -EBADF)
		return fail("closed program fd: got %s, expected EBADF",
			    err_name(-err));
	err = map_lookup(map, &key, &value);
	if (err != -EBADF)
		return fail("closed map fd: got %s, expected EBADF",
			    err_name(-err));
	return 0;
}

/* What a program writes to a map value, bpf() reads back. */
static int test_map_value_to_user(void)
{
	struct bpf_insn p[] = {
		ST_MEM(BPF_W, R10, -4, 1),
		MOV64_REG(R2, R10),
		ALU64_IMM(BPF_ADD, R2, -4),
		LD_MAP_FD(R1),
		LD64_HI(0),
		CALL(BPF_FUNC_map_lookup_elem),
		JMP_IMM(BPF_JEQ, R0, 0, 4),
		LD64_LO(R1, 0x1122334455667788ULL),
		LD64_HI(0x1122334455667788ULL),
		STX_MEM(BPF_DW, R0, R1, 8),
		ST_MEM(BPF_B, R0, 47, 0x7e),
		MOV64_IMM(R0, 0),
		EXIT_INSN(),
	};
	__u8 value[48];
	__u64 word;
	__u32 key = 1, retval;
	int map, fd, err;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 48, 2);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	p[3].imm = map;
	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_SIZE(p));
	if (fd < 0) {
		sys_close(map);
		return fail("load: %s", err_name(-fd));
	}
	err = prog_run(fd, pkt_ipv4, sizeof(pkt_ipv4), &retval);
	sys_close(fd);
	if (!err)
		err = map_lookup(map, &key, value);
	sys_close(map);
	if (err)
		return fail("run or lookup: %s", err_name(-err));
	memcpy(&word, value + 8, sizeof(word));
	if (word != 0x1122334455667788ULL || value[47] != 0x7e || value[0])
		return fail("value reads 0x%llx, last byte 0x%x",
			    (unsigned long long)word, value[47]);
	return 0;
}

static int test_same_prog_twice(void)
{
	struct bpf_insn p[] = {
		LDX_MEM(BPF_W, R0, R1, offsetof(struct __sk_buff, len)),
		EXIT_INSN(),
	};
	__u32 r1 = 0, r2 = 0;
	int fd1, fd2, err;

	fd1 = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_SIZE(p));
	fd2 = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p, ARRAY_SIZE(p));
	if (fd1 < 0 || fd2 < 0 || fd1 == fd2) {
		err = fail("loads gave %d and %d", fd1, fd2);
		goto out;
	}
	err = prog_run(fd1, pkt_ipv4, sizeof(pkt_ipv4), &r1);
	if (!err)
		err = prog_run(fd2, pkt_arp, sizeof(pkt_arp), &r2);
	if (err)
		err = fail("run: %s", err_name(-err));
	else if (r1 != PKT_LEN || r2 != sizeof(pkt_arp) - 14)
		err = fail("returned %u and %u", r1, r2);
out:
	if (fd1 >= 0)
		sys_close(fd1);
	if (fd2 >= 0)
		sys_close(fd2);
	return err;
}

/* A log buffer that cannot be written: EFAULT, and no program. */
static int test_log_buf_efault(void)
{
	union bpf_attr attr;
	int map, fd;

#ifdef BPF_HOST
	/* the emulation writes the log with memcpy() */
	fail("the host cannot fault on a user pointer");
	return 1;
#endif
	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	prog_count[3].imm = map;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = PTR(prog_count);
	attr.insn_cnt = ARRAY_SIZE(prog_count);
	attr.license = PTR("GPL");
	attr.log_buf = 1;
	attr.log_size = 1024;
	attr.log_level = 1;
	fd = sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	if (expect_load("an accepted program, log_buf 0x1", fd, EFAULT)) {
		sys_close(map);
		return -1;
	}
	/* the map is still whole and usable by the next load */
	fd = load_count(map);
	sys_close(map);
	return expect_load("the same program, a good log", fd, 0);
}

/* A malformed instruction: EINVAL, the reason in the log. */
static int test_reject_einval(void)
{
	static const struct bpf_insn p[] = {
		MOV64_IMM(R0, 1),
		ALU64_IMM(BPF_DIV, R0, 0),
		EXIT_INSN(),
	};

	if (expect_load("division by a zero immediate",
			prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p,
				  ARRAY_SIZE(p)), EINVAL))
		return -1;
	if (!strstr(log_buf, "div by zero"))
		return fail("log lacks \"div by zero\": \"%s\"", log_buf);
	return 0;
}

/*
 * An unsafe program: EACCES, the reason in the log, and the reference
 * to its map dropped (on the host, report() sees any leak).
 */
static int test_reject_eacces(void)
{
	struct bpf_insn p[] = {
		LD_MAP_FD(R1),
		LD64_HI(0),
		MOV64_REG(R0, R2),
		EXIT_INSN(),
	};
	int map, err;

	map = map_create(BPF_MAP_TYPE_HASH, 8, 8, 4);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	p[0].imm = map;
	err = expect_load("reading an uninitialized register",
			  prog_load(BPF_PROG_TYPE_SOCKET_FILTER, p,
				    ARRAY_SIZE(p)), EACCES);
	sys_close(map);
	if (err)
		return err;
	if (!strstr(log_buf, "R2 !read_ok"))
		return fail("log lacks \"R2 !read_ok\": \"%s\"", log_buf);
	return 0;
}

/*
 * Allocation failures, injected on the host one after another: each load
 * fails with ENOMEM and frees what it had (report() counts), until the
 * load has everything it needs.
 */
static int test_load_enomem(void)
{
#ifdef BPF_HOST
	int map, fd = -ENOMEM, n;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	for (n = 0; n < 1000 && fd < 0; n++) {
		host_fail_alloc_after(n);
		fd = load_count(map);
		host_fail_alloc_after(-1);
		if (fd < 0 && fd != -ENOMEM) {
			sys_close(map);
			return fail("allocation %d failing: got %s, expected ENOMEM",
				    n, err_name(-fd));
		}
	}
	sys_close(map);
	if (fd < 0)
		return fail("no load succeeded after %d failed allocations", n);
	sys_close(fd);
	if (n < 2)
		return fail("the load made %d allocations", n - 1);
	return 0;
#else
	fail("allocation failures are injected on the host only");
	return 1;
#endif
}

/*
 * ctx_size_in is the one context field inside the attribute this kernel
 * knows: non-zero is EINVAL; ctx_size_out, past it, is E2BIG.
 */
static int test_run_ctx_fields(void)
{
	union bpf_attr attr;
	int fd, err;

	fd = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, prog_ret0, 2);
	if (fd < 0)
		return fail("load: %s", err_name(-fd));
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = PTR(pkt_ipv4);
	attr.test.data_size_in = sizeof(pkt_ipv4);
	attr.test.retval = 0xdeadbeef;
	attr.test.ctx_size_in = 4;
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	if (err != -EINVAL) {
		sys_close(fd);
		return fail("ctx_size_in 4: got %s, expected EINVAL",
			    err_name(err < 0 ? -err : 0));
	}
	attr.test.ctx_size_in = 0;
	attr.test.ctx_size_out = 4;
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	if (err != -E2BIG) {
		sys_close(fd);
		return fail("ctx_size_out 4: got %s, expected E2BIG",
			    err_name(err < 0 ? -err : 0));
	}
	attr.test.ctx_size_out = 0;
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr));
	sys_close(fd);
	if (err)
		return fail("without them: %s", err_name(-err));
	if (attr.test.retval != 0)
		return fail("retval %u, expected 0", attr.test.retval);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A signal ends a long repeat with EINTR: the program ran, but not every
 * time, and nothing is written back.
 */
static int test_run_eintr(void)
{
	struct run_opts r = { .data = pkt_ipv4, .size = sizeof(pkt_ipv4),
			      .repeat = 1U << 30 };
	struct itimerval it = { .it_value = { .tv_usec = 50 * 1000 } };
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa, old;
	__u64 value = 0;
	__u32 key = 0;
	int map, fd, err;

#ifdef BPF_HOST
	/* the emulation does not look for signals */
	fail("the host has no signals to look for");
	return 1;
#endif
	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1);
	if (map < 0)
		return fail("map: %s", err_name(-map));
	fd = load_count(map);
	if (fd < 0) {
		sys_close(map);
		return fail("load: %s", err_name(-fd));
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	setitimer(ITIMER_REAL, &it, NULL);
	err = prog_run_opts(fd, &r);
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
	sys_close(fd);
	if (err != -EINTR) {
		sys_close(map);
		return fail("SIGALRM during 2^30 runs: got %s, expected EINTR",
			    err_name(err < 0 ? -err : 0));
	}
	err = map_lookup(map, &key, &value);
	sys_close(map);
	if (err)
		return fail("lookup: %s", err_name(-err));
	if (!value || value >= r.repeat)
		return fail("the program ran %llu times of %u",
			    (unsigned long long)value, r.repeat);
	if (r.retval != 0xdeadbeef)
		return fail("retval 0x%x written back after EINTR", r.retval);
	return 0;
}

struct special {
	const char *name;
	int (*fn)(void);
};

static const struct special specials[] = {
	{ "load: insn_cnt 0", test_insn_cnt_zero },
	{ "load: insn_cnt BPF_MAXINSNS + 1", test_insn_cnt_too_big },
	{ "load: insns NULL", test_insns_null },
	{ "load: log level, buffer and size together or not at all",
	  test_log_args },
	{ "load: log size 128 to UINT_MAX >> 8", test_log_size_bounds },
	{ "load: log shows the instructions", test_log_contents },
	{ "load: log level 2 shows the states", test_log_level2_states },
	{ "load: short log of a safe program is ENOSPC", test_log_enospc },
	{ "load: short log of an unsafe program", test_log_short_reject },
	{ "load: license NULL", test_license_null },
	{ "load: GPL-compatible licenses", test_license_gpl_compatible },
	{ "load: non-GPL program without GPL-only helpers",
	  test_non_gpl_loads },
	{ "load: kern_version of kprobes", test_kern_version },
	{ "load: unknown program types", test_prog_type_unknown },
	{ "load: prog_flags past the known attribute", test_prog_flags },
	{ "load: closed map fd", test_map_fd_closed },
	{ "load: program fd as a map fd", test_map_fd_is_prog },
	{ "load: 64 maps per program", test_many_maps },
	{ "load: one map loaded twice", test_one_map_twice },
	{ "load: log_buf that cannot be written", test_log_buf_efault },
	{ "load: a malformed program is EINVAL", test_reject_einval },
	{ "load: an unsafe program is EACCES", test_reject_eacces },
	{ "load: allocation failures are ENOMEM", test_load_enomem },
	{ "run: frame shorter than Ethernet", test_run_short_frame },
	{ "run: no data and too much", test_run_no_data },
	{ "run: data_out", test_run_data_out },
	{ "run: data_out too short", test_run_data_out_short },
	{ "run: repeat", test_run_repeat },
	{ "run: map and closed fds", test_run_bad_fds },
	{ "run: kprobe programs do not run", test_run_kprobe },
	{ "run: ctx_size_in and ctx_size_out", test_run_ctx_fields },
	{ "run: a signal interrupts a long repeat", test_run_eintr },
	{ "fd: program holds its maps until closed", test_prog_fd_lifetime },
	{ "fd: map value written by a program", test_map_value_to_user },
	{ "fd: one program loaded twice", test_same_prog_twice },
};

/* ---- main ---------------------------------------------------------------- */

/* KERNEL_VERSION() of the running kernel, as kprobe loads must give it. */
static __u32 running_kern_version(void)
{
#ifdef BPF_HOST
	return host_bpf_kern_version();
#else
	unsigned int a = 0, b = 0, c = 0;
	struct utsname u;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
#endif
}

/* Whether kprobe programs may call helper @id with a buffer and a size. */
static bool kprobe_has_helper(int id)
{
	struct bpf_insn p[] = {
		ST_MEM(BPF_DW, R10, -8, 0),
		MOV64_REG(R1, R10),
		ALU64_IMM(BPF_ADD, R1, -8),
		MOV64_IMM(R2, 8),
		MOV64_IMM(R3, 0),
		CALL(id),
		EXIT_INSN(),
	};
	int fd = prog_load(BPF_PROG_TYPE_KPROBE, p, ARRAY_SIZE(p));

	if (fd < 0)
		return false;
	sys_close(fd);
	return true;
}

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	if (!argc)
		return true;
	for (i = 0; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

/* Host: allocations alive in the emulated kernel.  Guest: not known, 0. */
static long live_allocs(void)
{
#ifdef BPF_HOST
	return host_bpf_live_allocs();
#else
	return 0;
#endif
}

/* Host: closes what a test left open and says how much.  Guest: 0. */
static int close_leftovers(void)
{
#ifdef BPF_HOST
	return host_bpf_close_all();
#else
	return 0;
#endif
}

/* Reports one result; a test that left allocations or fds behind fails. */
static int report(int num, const char *name, int ret, long allocs)
{
	int open = close_leftovers();
	long left = live_allocs() - allocs;

	if (!ret && open)
		ret = fail("%d descriptors left open", open);
	if (!ret && left)
		ret = fail("%ld allocations not freed", left);
	if (ret > 0)
		printf("ok %d %s # SKIP %s\n", num, name, why);
	else if (ret < 0)
		printf("not ok %d %s\n# %s\n", num, name, why);
	else
		printf("ok %d %s\n", num, name);
	if (ret < 0 || verbose)
		fputs(diag, stdout);
	diag_len = 0;
	diag[0] = '\0';
	return ret < 0;
}

int main(int argc, char **argv)
{
	int n = 0, num = 0, failed = 0, ret, opt;
	size_t g, i;
	long allocs;


	while ((opt = getopt(argc, argv, "vl:")) != -1) {
		switch (opt) {
		case 'v':
			verbose = true;
			break;
		case 'l':
			log_level = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-v] [-l LOG_LEVEL] [SUBSTRING...]\n",
				argv[0]);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	setvbuf(stdout, NULL, _IOLBF, 0);

	kern_version = running_kern_version();
	have_probe_read = kprobe_has_helper(BPF_FUNC_probe_read);
	have_trace_printk = kprobe_has_helper(BPF_FUNC_trace_printk);

	for (g = 0; g < ARRAY_SIZE(groups); g++)
		for (i = 0; i < groups[g].n; i++)
			n += selected(groups[g].tests[i].descr, argc, argv);
	for (i = 0; i < ARRAY_SIZE(specials); i++)
		n += selected(specials[i].name, argc, argv);

	printf("KTAP version 1\n1..%d\n", n);
	printf("# kern_version 0x%x; kprobe probe_read %s, trace_printk %s\n",
	       kern_version, have_probe_read ? "yes" : "no",
	       have_trace_printk ? "yes" : "no");

	for (g = 0; g < ARRAY_SIZE(groups); g++) {
		for (i = 0; i < groups[g].n; i++) {
			const struct vtest *t = &groups[g].tests[i];

			if (!selected(t->descr, argc, argv))
				continue;
			allocs = live_allocs();
			why[0] = '\0';
			ret = run_vtest(t);
			failed += report(++num, t->descr, ret, allocs);
		}
	}
	for (i = 0; i < ARRAY_SIZE(specials); i++) {
		if (!selected(specials[i].name, argc, argv))
			continue;
		allocs = live_allocs();
		why[0] = '\0';
		ret = specials[i].fn();
		if (ret < 0 || verbose) {
			add_diag("# last verifier log:\n");
			add_log_tail(log_buf, verbose ? INT_MAX : 10);
		}
		failed += report(++num, specials[i].name, ret, allocs);
	}
	printf("# test_verifier: %d passed, %d failed\n", num - failed, failed);
	return failed ? 1 : 0;
}
