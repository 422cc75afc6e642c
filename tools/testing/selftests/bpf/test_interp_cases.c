// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interpreter's ALU and jump cases (tools/testing/bpf-host/
 * interp_cases.h, which the host unit test runs on the interpreter alone)
 * in the kernel: each is loaded as a socket filter with BPF_PROG_LOAD and
 * run with BPF_PROG_TEST_RUN.  An ALU result is read in two runs, its low
 * and its high 32 bits, as a socket filter returns 32 bits.  A case the
 * verifier refuses on purpose (division by an immediate zero, shifts by an
 * immediate of the operand width or more) is skipped with its reason.
 * KTAP output, one result per case.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef __u8 u8;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

#include "../../bpf-host/interp_cases.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define INSN(c, d, s, o, i)						\
	((struct bpf_insn) {						\
		.code = (c), .dst_reg = (d), .src_reg = (s),		\
		.off = (o), .imm = (i) })
#define LD64_LO(d, v)							\
	INSN(BPF_LD | BPF_IMM | BPF_DW, d, 0, 0, (s32)(u32)(u64)(v))
#define LD64_HI(v)	INSN(0, 0, 0, 0, (s32)((u64)(v) >> 32))
#define MOV64_REG(d, s)	INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)	INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define RSH64_IMM(d, i)	INSN(BPF_ALU64 | BPF_RSH | BPF_K, d, 0, 0, i)
#define EXIT_INSN()	INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* The operation on R1 with R2 (BPF_X) or the immediate (BPF_K). */
#define OP_INSN(code, src)						\
	(BPF_SRC(code) == BPF_X ? INSN(code, BPF_REG_1, BPF_REG_2, 0, 0) :\
	 INSN(code, BPF_REG_1, 0, 0, (s32)(src)))
#define JMP_INSN(code, src)						\
	(BPF_SRC(code) == BPF_X ? INSN(code, BPF_REG_1, BPF_REG_2, 1, 0) :\
	 INSN(code, BPF_REG_1, 0, 1, (s32)(src)))

static char log_buf[16384];

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* The last line of the log that is not the statistics. */
static const char *log_reason(void)
{
	char *end = log_buf + strlen(log_buf), *p;

	while (end > log_buf && end[-1] == '\n')
		*--end = '\0';
	p = strrchr(log_buf, '\n');
	if (p && !strncmp(p + 1, "processed ", 10)) {
		*p = '\0';
		p = strrchr(log_buf, '\n');
	}
	return p ? p + 1 : log_buf;
}

/*
 * Loads and runs @insns; 0 with the return value in *@ret, 1 when the
 * verifier refused it (the reason in the log), -1 on another error.
 */
static int load_and_run(const struct bpf_insn *insns, unsigned int cnt,
			u32 *ret)
{
	unsigned char packet[64] = { 0 };
	union bpf_attr attr;
	int fd, err;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = cnt;
	attr.license = (unsigned long)"GPL";
	attr.log_buf = (unsigned long)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	log_buf[0] = '\0';
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		return errno == EINVAL || errno == EACCES ? 1 : -1;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (unsigned long)packet;
	attr.test.data_size_in = sizeof(packet);
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	close(fd);
	if (err)
		return -1;
	*ret = attr.test.retval;
	return 0;
}

/* Reports a refusal as a skip if the verifier says why, else a failure. */
static int refused(int n, const char *name, int err)
{
	const char *why = strstr(log_buf, "div by zero");

	if (!why)
		why = strstr(log_buf, "invalid shift");
	if (err == 1 && why) {
		printf("ok %d %s # SKIP the verifier refuses it: %.*s\n", n,
		       name, (int)strcspn(why, "\n"), why);
		return 0;
	}
	printf("not ok %d %s\n# %s: %s\n", n, name,
	       err == 1 ? "refused" : "load or run failed",
	       err == 1 ? log_reason() : strerror(errno));
	return 1;
}

static int run_alu(int n, const struct alu_case *c)
{
	struct bpf_insn p[] = {
		LD64_LO(BPF_REG_1, c->dst), LD64_HI(c->dst),
		LD64_LO(BPF_REG_2, c->src), LD64_HI(c->src),
		OP_INSN(c->code, c->src),
		MOV64_REG(BPF_REG_0, BPF_REG_1),
		EXIT_INSN(),	/* becomes r0 >>= 32 for the high half */
		EXIT_INSN(),
	};
	char name[96];
	u32 lo, hi;
	int err;

	snprintf(name, sizeof(name), "%s 0x%llx, 0x%llx", c->name,
		 (unsigned long long)c->dst, (unsigned long long)c->src);
	err = load_and_run(p, ARRAY_SIZE(p) - 1, &lo);
	if (err)
		return refused(n, name, err);
	p[ARRAY_SIZE(p) - 2] = RSH64_IMM(BPF_REG_0, 32);
	err = load_and_run(p, ARRAY_SIZE(p), &hi);
	if (err)
		return refused(n, name, err);
	if (((u64)hi << 32 | lo) != c->want) {
		printf("not ok %d %s\n# got 0x%llx, expected 0x%llx\n", n, name,
		       (unsigned long long)hi << 32 | lo,
		       (unsigned long long)c->want);
		return 1;
	}
	printf("ok %d %s\n", n, name);
	return 0;
}

static int run_jmp(int n, const struct jmp_case *c)
{
	struct bpf_insn p[] = {
		LD64_LO(BPF_REG_1, c->dst), LD64_HI(c->dst),
		LD64_LO(BPF_REG_2, c->src), LD64_HI(c->src),
		MOV64_IMM(BPF_REG_0, 0),
		JMP_INSN(c->code, c->src),
		EXIT_INSN(),
		MOV64_IMM(BPF_REG_0, 1),
		EXIT_INSN(),
	};
	char name[96];
	u32 taken;
	int err;

	snprintf(name, sizeof(name), "%s 0x%llx, 0x%llx", c->name,
		 (unsigned long long)c->dst, (unsigned long long)c->src);
	err = load_and_run(p, ARRAY_SIZE(p), &taken);
	if (err)
		return refused(n, name, err);
	if (taken != c->taken) {
		printf("not ok %d %s\n# taken %u, expected %d\n", n, name, taken,
		       c->taken);
		return 1;
	}
	printf("ok %d %s\n", n, name);
	return 0;
}

int main(void)
{
	int n = 0, failed = 0;
	unsigned int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n1..%zu\n",
	       ARRAY_SIZE(alu_cases) + ARRAY_SIZE(jmp_cases));
	for (i = 0; i < ARRAY_SIZE(alu_cases); i++)
		failed += run_alu(++n, &alu_cases[i]);
	for (i = 0; i < ARRAY_SIZE(jmp_cases); i++)
		failed += run_jmp(++n, &jmp_cases[i]);
	printf("# %d cases, %d failed\n", n, failed);
	return failed ? 1 : 0;
}
