// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark of the eBPF interpreter (kernel/bpf/interp.c) on the host.
 *
 *   bench_interp [BENCH-PROGRAMS-DIR]
 *
 * Runs the team's shared programs (alu_chain, branchy, memory .bpf: raw
 * little-endian eBPF) when the directory is there, and a generated
 * straight-line ALU chain.  Each program's R0 is checked before timing.
 * Prints "bench: NAME VALUE UNIT": ns per run and ns per executed
 * instruction, the count coming from a separate plain counting pass; for
 * straight-line programs also the floor of threaded dispatch on the same
 * instructions (NAME_dispatch_floor) and the interpreter against it, timed
 * in turn (NAME_over_floor).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>

#include "interp.h"
#include "host_interp.h"
#include "insn.h"
#include "bench.h"

#define BATCHES		5
#define BATCH_NS	100000000ULL	/* 0.1 s a batch */
#define ROUNDS		9	/* interpreter and dispatch floor, in turn */

/*
 * Counts the instructions a run executes, by stepping through the program
 * with a plain switch over registers-and-stack programs (what the bench
 * programs are).  Returns 0 and fills @count and @r0, or -1 on anything
 * outside that subset.
 */
static int count_insns(const struct bpf_insn *p, u32 n, u64 *count, u64 *r0)
{
	u64 stack[MAX_BPF_STACK / 8] = { 0 }, r[MAX_BPF_REG] = { 0 };
	u64 steps = 0, a, b;
	u32 pc = 0;
	bool jmp;

	r[BPF_REG_10] = (u64)(unsigned long)&stack[ARRAY_SIZE(stack)];
	while (pc < n && steps < 100000000ULL) {
		const struct bpf_insn *i = &p[pc];
		u8 cls = BPF_CLASS(i->code), op = BPF_OP(i->code);
		bool is64 = cls == BPF_ALU64 || cls == BPF_JMP;

		steps++;
		b = BPF_SRC(i->code) == BPF_X ? r[i->src_reg] :
		    (u64)(s64)i->imm;
		a = r[i->dst_reg];
		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64:
			if (!is64) {
				a = (u32)a;
				b = (u32)b;
			}
			switch (op) {
			case BPF_ADD:
				a += b;
				break;
			case BPF_SUB:
				a -= b;
				break;
			case BPF_MUL:
				a *= b;
				break;
			case BPF_DIV:
				a = b ? a / b : 0;
				break;
			case BPF_MOD:
				a = b ? a % b : a;
				break;
			case BPF_OR:
				a |= b;
				break;
			case BPF_AND:
				a &= b;
				break;
			case BPF_XOR:
				a ^= b;
				break;
			case BPF_MOV:
				a = b;
				break;
			case BPF_NEG:
				a = -a;
				break;
			case BPF_LSH:
				a <<= b & (is64 ? 63 : 31);
				break;
			case BPF_RSH:
				a >>= b & (is64 ? 63 : 31);
				break;
			case BPF_ARSH:
				a = is64 ? (u64)((s64)a >> (b & 63)) :
				    (u32)((s32)a >> (b & 31));
				break;
			default:
				return -1;
			}
			r[i->dst_reg] = is64 ? a : (u32)a;
			pc++;
			break;
		case BPF_JMP:
		case BPF_JMP32:
			if (op == BPF_EXIT) {
				*count = steps;
				*r0 = r[0];
				return 0;
			}
			if (!is64) {
				a = (u32)a;
				b = (u32)b;
			}
			switch (op) {
			case BPF_JA:
				jmp = true;
				break;
			case BPF_JEQ:
				jmp = a == b;
				break;
			case BPF_JNE:
				jmp = a != b;
				break;
			case BPF_JGT:
				jmp = a > b;
				break;
			case BPF_JGE:
				jmp = a >= b;
				break;
			case BPF_JLT:
				jmp = a < b;
				break;
			case BPF_JLE:
				jmp = a <= b;
				break;
			case BPF_JSET:
				jmp = a & b;
				break;
			case BPF_JSGT:
				jmp = is64 ? (s64)a > (s64)b : (s32)a > (s32)b;
				break;
			case BPF_JSGE:
				jmp = is64 ? (s64)a >= (s64)b : (s32)a >= (s32)b;
				break;
			case BPF_JSLT:
				jmp = is64 ? (s64)a < (s64)b : (s32)a < (s32)b;
				break;
			case BPF_JSLE:
				jmp = is64 ? (s64)a <= (s64)b : (s32)a <= (s32)b;
				break;
			default:
				return -1;
			}
			pc += 1 + (jmp ? i->off : 0);
			break;
		case BPF_LD:
			if (i->code != (BPF_LD | BPF_IMM | BPF_DW) || pc + 1 >= n)
				return -1;
			r[i->dst_reg] = (u32)i->imm | (u64)(u32)p[pc + 1].imm << 32;
			pc += 2;
			break;
		case BPF_LDX:
		case BPF_ST:
		case BPF_STX: {
			static const u8 sz[] = { 4, 2, 1, 8 };
			u8 size = sz[BPF_SIZE(i->code) >> 3];
			u64 addr, v = 0;

			if (BPF_MODE(i->code) != BPF_MEM)
				return -1;
			if (cls == BPF_LDX) {
				addr = r[i->src_reg] + i->off;
				memcpy(&v, (void *)(unsigned long)addr, size);
				r[i->dst_reg] = v;
			} else {
				addr = r[i->dst_reg] + i->off;
				v = cls == BPF_ST ? (u64)(s64)i->imm :
				    r[i->src_reg];
				memcpy((void *)(unsigned long)addr, &v, size);
			}
			pc++;
			break;
		}
		default:
			return -1;
		}
	}
	return -1;
}

typedef unsigned int (*bench_run_fn)(const struct bpf_insn *p);

/* the slots bench() made of the program it times */
static const struct bpf_interp_slot *bench_slots;

static unsigned int run_interp(const struct bpf_insn *p)
{
	return bpf_interp_exec(NULL, bench_slots);
}

/*
 * The floor of threaded dispatch: the same instruction stream through a
 * table indexed by opcode, each opcode on a handler of its own with its
 * own indirect jump (the asm comments keep the compiler from merging
 * them), doing nothing but moving to the next instruction.  No interpreter
 * that dispatches once per instruction runs a straight-line program faster
 * on the machine at hand.  Jumps are not followed: straight-line programs
 * only, of at most NULL_OPS opcodes.  Called with @setup and its length
 * first, it gives each opcode of that program its handler, or returns 1
 * when there are too many.
 */
#define NULL_OPS	16

static unsigned int run_null_dispatch_setup(const struct bpf_insn *insn,
					    const struct bpf_insn *setup,
					    u32 n)
{
	static const void *table[256];
	const void * const ops[NULL_OPS] = {
		&&op0, &&op1, &&op2, &&op3, &&op4, &&op5, &&op6, &&op7,
		&&op8, &&op9, &&op10, &&op11, &&op12, &&op13, &&op14, &&op15,
	};
	u32 i, used = 0;

	if (setup) {
		memset(table, 0, sizeof(table));
		for (i = 0; i < n; i++) {
			if (table[setup[i].code])
				continue;
			if (used == NULL_OPS)
				return 1;
			table[setup[i].code] = ops[used++];
		}
		table[BPF_JMP | BPF_EXIT] = &&out;
		return 0;
	}
	goto *table[insn->code];
op0:
	asm volatile("# null dispatch 0");
	insn++;
	goto *table[insn->code];
op1:
	asm volatile("# null dispatch 1");
	insn++;
	goto *table[insn->code];
op2:
	asm volatile("# null dispatch 2");
	insn++;
	goto *table[insn->code];
op3:
	asm volatile("# null dispatch 3");
	insn++;
	goto *table[insn->code];
op4:
	asm volatile("# null dispatch 4");
	insn++;
	goto *table[insn->code];
op5:
	asm volatile("# null dispatch 5");
	insn++;
	goto *table[insn->code];
op6:
	asm volatile("# null dispatch 6");
	insn++;
	goto *table[insn->code];
op7:
	asm volatile("# null dispatch 7");
	insn++;
	goto *table[insn->code];
op8:
	asm volatile("# null dispatch 8");
	insn++;
	goto *table[insn->code];
op9:
	asm volatile("# null dispatch 9");
	insn++;
	goto *table[insn->code];
op10:
	asm volatile("# null dispatch 10");
	insn++;
	goto *table[insn->code];
op11:
	asm volatile("# null dispatch 11");
	insn++;
	goto *table[insn->code];
op12:
	asm volatile("# null dispatch 12");
	insn++;
	goto *table[insn->code];
op13:
	asm volatile("# null dispatch 13");
	insn++;
	goto *table[insn->code];
op14:
	asm volatile("# null dispatch 14");
	insn++;
	goto *table[insn->code];
op15:
	asm volatile("# null dispatch 15");
	insn++;
	goto *table[insn->code];
out:
	return insn->code;
}

static unsigned int run_null_dispatch(const struct bpf_insn *insn)
{
	return run_null_dispatch_setup(insn, NULL, 0);
}

/* runs of @run on @p that take about BATCH_NS */
static unsigned long long batch_runs(bench_run_fn run,
				     const struct bpf_insn *p)
{
	unsigned long long t0, k, reps = 1;
	volatile unsigned int sink = 0;

	for (;;) {
		t0 = now_ns();
		for (k = 0; k < reps; k++)
			sink += run(p);
		if (now_ns() - t0 > BATCH_NS / 10)
			break;
		reps *= 2;
	}
	(void)sink;
	return reps * 10;
}

/* ns per run of one batch of @runs */
static double time_batch(bench_run_fn run, const struct bpf_insn *p,
			 unsigned long long runs)
{
	unsigned long long t0, k;
	volatile unsigned int sink = 0;

	t0 = now_ns();
	for (k = 0; k < runs; k++)
		sink += run(p);
	(void)sink;
	return (double)(now_ns() - t0) / runs;
}

static double min_of(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

/* Median ns per run over BATCHES batches; the fastest batch's in @best. */
static double time_prog(bench_run_fn run, const struct bpf_insn *p,
			double *best)
{
	unsigned long long runs = batch_runs(run, p);
	double t[BATCHES];
	int i;

	for (i = 0; i < BATCHES; i++)
		t[i] = time_batch(run, p, runs);
	*best = min_of(t, BATCHES);
	return median(t, BATCHES);
}

/*
 * @a against @b on @p, a batch of each in turn, ROUNDS times: the median
 * of the rounds' ratios, which the swings of a shared machine between
 * rounds leave alone.  @b's median ns per run goes to @b_ns, the fastest
 * batches of each to @a_best and @b_best.
 */
static double paired_ratio(bench_run_fn a, bench_run_fn b,
			   const struct bpf_insn *p, double *b_ns,
			   double *a_best, double *b_best)
{
	unsigned long long runs_a = batch_runs(a, p), runs_b = batch_runs(b, p);
	double r[ROUNDS], ta[ROUNDS], tb[ROUNDS];
	int i;

	for (i = 0; i < ROUNDS; i++) {
		tb[i] = time_batch(b, p, runs_b);
		ta[i] = time_batch(a, p, runs_a);
		r[i] = ta[i] / tb[i];
	}
	*a_best = min_of(ta, ROUNDS);
	*b_best = min_of(tb, ROUNDS);
	*b_ns = median(tb, ROUNDS);
	return median(r, ROUNDS);
}

/* Whether @p has no jump but its last instruction, an EXIT. */
static bool straight_line(const struct bpf_insn *p, u32 n)
{
	u32 i;

	for (i = 0; i + 1 < n; i++) {
		u8 cls = BPF_CLASS(p[i].code);

		if (cls == BPF_JMP || cls == BPF_JMP32)
			return false;
	}
	return p[n - 1].code == (BPF_JMP | BPF_EXIT);
}

/* Checks R0 (low 32 bits) and the count, times, prints; 0 or -1. */
static int bench(const char *name, const struct bpf_insn *p, u32 n,
		 u32 want_r0)
{
	u64 count, r0;
	unsigned int got;
	double ns, best, floor_ns, floor_best, paired_best, ratio;

	if (count_insns(p, n, &count, &r0)) {
		printf("# %s: the counting pass cannot step this program\n",
		       name);
		return -1;
	}
	free((void *)bench_slots);
	bench_slots = host_interp_prepare(p, n);
	got = bpf_interp_exec(NULL, bench_slots);
	if (got != want_r0 || (u32)r0 != want_r0) {
		printf("# %s: r0 0x%x (counting pass 0x%x), expected 0x%x\n",
		       name, got, (u32)r0, want_r0);
		return -1;
	}
	ns = time_prog(run_interp, p, &best);
	printf("bench: %s_run %.1f ns/run\n", name, ns);
	printf("bench: %s %.3f ns/insn\n", name, ns / count);
	printf("# %s: %u insns, %llu executed a run, r0 0x%x\n", name, n,
	       (unsigned long long)count, got);
	/* long enough that the call does not count */
	if (n >= 100 && straight_line(p, n) && count == n &&
	    !run_null_dispatch_setup(NULL, p, n)) {
		ratio = paired_ratio(run_interp, run_null_dispatch, p,
				     &floor_ns, &paired_best, &floor_best);
		best = paired_best < best ? paired_best : best;
		printf("bench: %s_dispatch_floor %.3f ns/insn\n", name,
		       floor_ns / n);
		printf("bench: %s_over_floor %.2f ratio\n", name, ratio);
		printf("bench: %s_dispatch_floor_best %.3f ns/insn\n", name,
		       floor_best / n);
	}
	/* the fastest 0.1 s batch: the figure least disturbed by the machine */
	printf("bench: %s_best %.3f ns/insn\n", name, best / count);
	return 0;
}

/* ADD, XOR, LSH 1, SUB, OR, MUL on one dependent chain in R0. */
static struct bpf_insn *gen_alu_chain(u32 len, u32 *n, u32 *want)
{
	struct bpf_insn *p = calloc(len + 3, sizeof(*p));
	u64 r0 = 1, r2 = 3;
	u32 i;

	if (!p)
		return NULL;
	p[0] = I_MOV64K(BPF_REG_0, 1);
	p[1] = I_MOV64K(BPF_REG_2, 3);
	for (i = 0; i < len; i++) {
		switch (i % 6) {
		case 0:
			p[i + 2] = I_A64X(ADD, 0, 2);
			r0 += r2;
			break;
		case 1:
			p[i + 2] = I_A64X(XOR, 0, 2);
			r0 ^= r2;
			break;
		case 2:
			p[i + 2] = I_A64K(LSH, 0, 1);
			r0 <<= 1;
			break;
		case 3:
			p[i + 2] = I_A64X(SUB, 0, 2);
			r0 -= r2;
			break;
		case 4:
			p[i + 2] = I_A64X(OR, 0, 2);
			r0 |= r2;
			break;
		default:
			p[i + 2] = I_A64X(MUL, 0, 2);
			r0 *= r2;
			break;
		}
	}
	p[len + 2] = I_EXIT;
	*n = len + 3;
	*want = (u32)r0;
	return p;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		u32 r0;
	} shared[] = {
		{ "alu_chain", 0xcccccccb },
		{ "branchy", 0x3f6d },
		{ "memory", 0x338a6ee4 },
	};
	const struct bpf_insn empty[] = { I_MOV64K(0, 0), I_EXIT };
	const char *dir = argc > 1 ? argv[1] : NULL;
	struct bpf_insn *p;
	char path[4096];
	int err = 0;
	u32 i, n, want;

	err |= bench("interp_empty", empty, ARRAY_SIZE(empty), 0);
	p = gen_alu_chain(1000, &n, &want);
	if (!p)
		return 1;
	err |= bench("interp_gen_alu_1000", p, n, want);
	free(p);

	for (i = 0; i < ARRAY_SIZE(shared); i++) {
		char name[64];

		snprintf(path, sizeof(path), "%s/%s.bpf", dir ? dir : ".",
			 shared[i].name);
		p = dir ? load_bpf_file(path, &n) : NULL;
		if (!p) {
			printf("# interp_%s skipped: %s not found\n",
			       shared[i].name, path);
			continue;
		}
		snprintf(name, sizeof(name), "interp_%s", shared[i].name);
		err |= bench(name, p, n, shared[i].r0);
		free(p);
	}
	return err ? 1 : 0;
}
