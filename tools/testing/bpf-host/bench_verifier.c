// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark of the verifier (kernel/bpf/verifier.c) on the host.
 *
 *   bench_verifier
 *
 * Verifies a few generated programs over and over (the fastest of five
 * batches counts) and prints "bench: NAME VALUE UNIT" lines: instructions processed per second over the mix (each
 * program weighted by the time it takes), the time to verify a program of
 * 4096 instructions full of branches, and memory: the verifier's own peak
 * for states (args->peak_state_bytes) and the process's maximum RSS.
 *
 * The programs, of a socket-filter-like type with converted context fields:
 *   alu        1000 ALU instructions in a row
 *   stack      stores, loads, spills and fills of every size
 *   lookups    map lookups with NULL checks, values read and written
 *   branchy    4096 instructions: blocks that load a context field, compare
 *              it and branch forward to a join, with a map lookup and its
 *              NULL check every eighth block
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <linux/bpf.h>
#include <linux/err.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>

#include "map.h"
#include "verifier.h"
#include "insn.h"

#define BATCHES		5
#define BATCH_NS	100000000ULL	/* 0.1 s a batch; the fastest counts */
#define MAX_INSNS	4096

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* __sk_buff-like: four u32 fields, one of them a masked bitfield. */
static const struct bpf_ctx_field fields[] = {
	{ .off = 0, .size = 4, .target_size = 4, .target_off = 8 },
	{ .off = 4, .size = 4, .target_size = 1, .target_off = 14,
	  .shift = 5, .mask = 1 },
	{ .off = 8, .size = 4, .target_size = 4, .target_off = 16 },
	{ .off = 12, .size = 4, .target_size = 2, .target_off = 20 },
};

static const struct bpf_func_proto *func_proto(enum bpf_func_id id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_map_update_elem:
		return &bpf_map_update_elem_proto;
	default:
		return NULL;
	}
}

static const struct bpf_prog_type_info type = {
	.name		= "bench_skb",
	.func_proto	= func_proto,
	.ctx_fields	= fields,
	.ctx_field_cnt	= ARRAY_SIZE(fields),
	.ctx_size	= 16,
	.ld_abs		= true,
};

#define MAP_FD	3
static struct bpf_map *map;

static struct bpf_map *map_from_fd(void *priv, int fd)
{
	return fd == MAP_FD ? map : ERR_PTR(-EBADF);
}

struct prog {
	const char *name;
	struct bpf_insn insns[MAX_INSNS];
	u32 len;
};

static void add(struct prog *p, struct bpf_insn insn)
{
	if (p->len >= MAX_INSNS) {
		fprintf(stderr, "bench: %s is too long\n", p->name);
		exit(1);
	}
	p->insns[p->len++] = insn;
}

#define EMIT(p, ...)							\
	do {								\
		struct bpf_insn __i[] = { __VA_ARGS__ };		\
		for (u32 __k = 0; __k < ARRAY_SIZE(__i); __k++)	\
			add(p, __i[__k]);				\
	} while (0)

/* the first slot of LD_IMM64 of the map's fd; the second is I_LD64_HI(0) */
#define I_MAPFD(d)							\
	I_INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, MAP_FD)

/* R0 = lookup(key @k at fp-8); if (R0) { R7 += *(u64 *)R0; *(R0 + 8) = R7 } */
static void lookup_block(struct prog *p, int k)
{
	EMIT(p, I_ST(W, BPF_REG_10, -8, k),
	     I_MOV64X(BPF_REG_2, BPF_REG_10),
	     I_A64K(ADD, BPF_REG_2, -8),
	     I_MAPFD(BPF_REG_1), I_LD64_HI(0),
	     I_CALL(BPF_FUNC_map_lookup_elem),
	     I_JK(JEQ, BPF_REG_0, 0, 3),
	     I_LDX(DW, BPF_REG_1, BPF_REG_0, 0),
	     I_A64X(ADD, BPF_REG_7, BPF_REG_1),
	     I_STX(DW, BPF_REG_0, BPF_REG_7, 8));
}

static void prologue(struct prog *p)
{
	EMIT(p, I_MOV64X(BPF_REG_6, BPF_REG_1),
	     I_MOV64K(BPF_REG_7, 0),
	     I_MOV64K(BPF_REG_8, 1),
	     I_MOV64K(BPF_REG_9, 2));
}

static void epilogue(struct prog *p)
{
	EMIT(p, I_MOV64X(BPF_REG_0, BPF_REG_7), I_EXIT);
}

static void build_alu(struct prog *p)
{
	static const u8 ops[] = { BPF_ADD, BPF_XOR, BPF_SUB, BPF_OR, BPF_LSH,
				  BPF_AND, BPF_MUL, BPF_RSH };
	u32 i;

	p->name = "alu";
	prologue(p);
	for (i = 0; p->len < 1000 - 2; i++) {
		u8 op = ops[i % ARRAY_SIZE(ops)];
		s32 k = op == BPF_LSH || op == BPF_RSH ? i % 7 : (s32)i;

		if (i % 3)
			add(p, I_INSN(BPF_ALU64 | op | BPF_K, 7 + i % 3, 0, 0, k));
		else
			add(p, I_INSN(BPF_ALU | op | BPF_X, 7 + i % 3,
				      7 + (i + 1) % 3, 0, 0));
	}
	epilogue(p);
}

static void build_stack(struct prog *p)
{
	u32 i;

	p->name = "stack";
	prologue(p);
	for (i = 0; p->len < 1000 - 2; i++) {
		s16 off = -8 * (s16)(1 + i % 64);

		switch (i % 5) {
		case 0:
			add(p, I_ST(DW, BPF_REG_10, off, i));
			break;
		case 1:
			add(p, I_STX(W, BPF_REG_10, BPF_REG_8, off + 4));
			break;
		case 2:
			add(p, I_STX(DW, BPF_REG_10, BPF_REG_6, off));	/* spill */
			break;
		case 3:
			add(p, I_LDX(DW, BPF_REG_6, BPF_REG_10,
				     -8 * (s16)(1 + (i - 1) % 64)));	/* fill */
			break;
		default:
			add(p, I_LDX(W, BPF_REG_8, BPF_REG_10,
				     -8 * (s16)(1 + (i - 3) % 64) + 4));
		}
	}
	epilogue(p);
}

static void build_lookups(struct prog *p)
{
	u32 i;

	p->name = "lookups";
	prologue(p);
	for (i = 0; p->len < 1000 - 14; i++)
		lookup_block(p, i % 16);
	epilogue(p);
}

/*
 * Blocks of a context load, a compare and a forward branch to the join,
 * and every eighth block a lookup; exactly 4096 instructions.
 */
static void build_branchy(struct prog *p)
{
	u32 i;

	p->name = "branchy";
	prologue(p);
	for (i = 0; p->len < MAX_INSNS - 2 - 14; i++) {
		if (i % 8 == 7) {
			lookup_block(p, i % 16);
			continue;
		}
		EMIT(p, I_LDX(W, BPF_REG_2, BPF_REG_6, 4 * (i % 4)),
		     I_JK(JGT, BPF_REG_2, (s32)(i * 37 % 1500), 2),
		     I_A64X(ADD, BPF_REG_7, BPF_REG_2),
		     I_A64K(XOR, BPF_REG_8, i));
	}
	while (p->len < MAX_INSNS - 2)
		add(p, I_A64K(ADD, BPF_REG_9, 1));
	epilogue(p);
}

struct result {
	u64 runs, ns, processed;
	u32 insn_processed, peak_state_bytes, states_stored;
};

static int verify_once(struct prog *p, struct bpf_verify_args *a,
		       struct bpf_vlog *log)
{
	memset(a, 0, sizeof(*a));
	a->type = &type;
	a->insns = p->insns;
	a->len = p->len;
	a->gpl_compatible = true;
	a->map_from_fd = map_from_fd;
	a->log = log;
	return bpf_verify(a);
}

static void bench(struct prog *p, struct result *r)
{
	static char log_buf[1 << 20];
	struct bpf_vlog log = { .buf = log_buf, .size = sizeof(log_buf),
				.level = 1 };
	struct bpf_verify_args a;
	unsigned long long t0, t;
	int err, b;

	/* accepted, or nothing is measured */
	err = verify_once(p, &a, &log);
	kvfree(a.out);
	if (err) {
		fprintf(stderr, "bench: %s rejected (%d):\n%s\n", p->name, err,
			log_buf);
		exit(1);
	}
	memset(r, 0, sizeof(*r));
	for (b = 0; b < BATCHES; b++) {
		u64 runs = 0, processed = 0;

		t0 = now_ns();
		do {
			verify_once(p, &a, NULL);
			kvfree(a.out);
			runs++;
			processed += a.insn_processed;
			t = now_ns();
		} while (t - t0 < BATCH_NS);
		if (!r->runs || (t - t0) * r->runs < r->ns * runs) {
			r->runs = runs;
			r->processed = processed;
			r->ns = t - t0;
		}
	}
	r->insn_processed = a.insn_processed;
	r->peak_state_bytes = a.peak_state_bytes;
	r->states_stored = a.states_stored;
}

int main(void)
{
	static struct prog progs[4];
	void (*build[])(struct prog *) = {
		build_alu, build_stack, build_lookups, build_branchy,
	};
	u64 all_ns = 0, all_processed = 0, peak = 0;
	union bpf_attr attr;
	struct rusage ru;
	u32 i;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_HASH;
	attr.key_size = 4;
	attr.value_size = 48;
	attr.max_entries = 1024;
	map = bpf_map_new(&attr);
	if (IS_ERR(map)) {
		fprintf(stderr, "bench: map: %ld\n", PTR_ERR(map));
		return 1;
	}

	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		struct prog *p = &progs[i];
		struct result r;

		build[i](p);
		bench(p, &r);
		all_ns += r.ns;
		all_processed += r.processed;
		if (r.peak_state_bytes > peak)
			peak = r.peak_state_bytes;
		printf("bench: verifier_%s_%u %.1f Minsn/s (%u processed, %u states, %.1f us)\n",
		       p->name, p->len, r.processed * 1e3 / r.ns,
		       r.insn_processed, r.states_stored,
		       (double)r.ns / r.runs / 1e3);
		if (p->len == MAX_INSNS) {
			printf("bench: verifier_%s_%u_time %.3f ms\n", p->name,
			       p->len, (double)r.ns / r.runs / 1e6);
			printf("bench: verifier_%s_%u_peak_state %u bytes\n",
			       p->name, p->len, r.peak_state_bytes);
		}
	}
	printf("bench: verifier_mix %.1f Minsn/s\n",
	       all_processed * 1e3 / all_ns);
	printf("bench: verifier_peak_state %llu bytes\n",
	       (unsigned long long)peak);
	getrusage(RUSAGE_SELF, &ru);
	printf("bench: verifier_max_rss %ld KiB\n", ru.ru_maxrss);
	bpf_map_free(map);
	return 0;
}
