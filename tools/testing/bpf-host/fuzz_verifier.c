// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzer of the verifier (kernel/bpf/verifier.c) on the host.
 *
 *   fuzz_verifier [-n PROGRAMS] [-s SEED] [-c CRASH-FILE] [-q]
 *   fuzz_verifier -r FILE        replay one program saved by a failure
 *
 * -q prints the summary line only, -g runs the generator alone (no
 * mutations or noise) and -v N shows the first N rejected programs with
 * their log, both for tuning the generator.  -k misaligned-atomic counts
 * runs that do an atomic add at a misaligned map value address instead of
 * stopping at the first (a verifier bug found by this fuzzer, now fixed;
 * Linux rejects them: a locked access across cache lines traps on x86).
 *
 * Programs come from a generator biased toward almost-valid ones (stack
 * accesses around the bounds, map lookups with and without NULL checks,
 * context loads at field offsets and next to them, forward branches,
 * LD_ABS/IND, helper calls with right and wrong arguments, spills, XADD),
 * from mutations of programs already accepted, and from plain noise.
 * Every program the verifier accepts runs on the interpreter built with
 * -DBPF_INTERP_MEMCHECK, and bpf_interp_memcheck() below lets a load or
 * store through only inside
 *   - the run's stack [R10 - 512, R10), where a per-byte shadow records
 *     what was written: reading a byte never written is a violation;
 *   - the context object, for reads, at a converted field's kernel offset
 *     (socket filter) or within its size and aligned (kprobe);
 *   - a map value a lookup returned during this run.
 * Helpers are wrapped to check their memory arguments the same way.
 * Registers the verifier considers unreadable hold a poison value in the
 * interpreter (the stack is poisoned before each run, R1-R5 after each
 * helper), so a program using one shows up as a stray pointer, a poisoned
 * helper argument or a poisoned R0 at exit.  Any violation, sanitizer
 * report or hang prints the program, the rewritten program and the
 * level-2 verifier log, saves the program for -r, and aborts.
 *
 * Built with -DFUZZ_JIT this is fuzz_jit, the JIT's differential fuzzer:
 * every accepted program also runs through the JIT
 * (arch/x86/net/bpf_jit_comp.c) on the same inputs (context, packet, map
 * contents, helper results), and R0, whether EXIT was reached, the stack
 * bytes the program wrote and every map's contents must be the same as
 * after the interpreter's run; a difference is a violation.
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sanitizer/common_interface_defs.h>

#include <linux/bpf.h>
#include <linux/err.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>

#include "interp.h"
#include "map.h"
#include "verifier.h"
#include "host_interp.h"
#ifdef FUZZ_JIT
#include "host_jit.h"
#endif

/* The interpreter's frame must sit at the same address in every run. */
const char *__asan_default_options(void)
{
	return "detect_stack_use_after_return=0";
}

#define MAX_INSNS	256	/* of a generated or mutated program */
#define GEN_MAX		(MAX_INSNS - 24)	/* room for the epilogue */
#define POOL_SIZE	1024
#define POISON		0xbadc0ffee0ddf00dULL
#define MAX_REGIONS	64
#define LOG_SIZE	(1 << 20)
#define BIG_LOG_SIZE	(16 << 20)

enum { T_SKB, T_KPROBE, T_NR };

struct prog {
	struct bpf_insn insns[MAX_INSNS];
	u32 len;
	u8 type;
	bool gpl;
};

/* ---- random numbers ------------------------------------------------- */

static u64 rng;

static u64 rnd64(void)
{
	u64 x = rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static u32 rnd(u32 n)
{
	return n ? (u32)(((rnd64() >> 32) * n) >> 32) : 0;
}

static bool chance(u32 pct)
{
	return rnd(100) < pct;
}

/* The generator's offsets wrap like the machine's, without UB. */
static s32 wadd(s32 a, s32 b)
{
	return (s32)((u32)a + (u32)b);
}

static u64 splitmix(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static s32 rnd_imm(void)
{
	static const s32 v[] = {
		0, 1, -1, 2, 3, 4, 7, 8, 12, 15, 16, 31, 32, 48, 63, 64, 255,
		256, 511, 512, 0x7fff, -0x8000, 0xffff, 0x7fffffff, INT32_MIN,
		-8, -16, -512,
	};

	if (chance(70))
		return v[rnd(ARRAY_SIZE(v))];
	if (chance(50))
		return (s32)rnd(64) - 16;
	return (s32)rnd64();
}

static u64 rnd_imm64(void)
{
	static const u64 v[] = {
		0, 1, ~0ULL, 1ULL << 63, (1ULL << 63) - 1, 1ULL << 32,
		0xffffffffULL, 0x80000000ULL, 0xffffffff80000000ULL, 8, 512,
		-8ULL, -512ULL, 1ULL << 29, -(1ULL << 29), (1ULL << 29) + 1,
	};

	if (chance(70))
		return v[rnd(ARRAY_SIZE(v))];
	return rnd64();
}

/* ---- maps ----------------------------------------------------------- */

#define FD_BASE		3
#define NMAPS		6

static struct bpf_map *maps[NMAPS];
static const struct {
	u32 type, ks, vs, max;
} map_defs[NMAPS] = {
	{ BPF_MAP_TYPE_HASH, 4, 8, 16 },
	{ BPF_MAP_TYPE_HASH, 8, 12, 16 },
	{ BPF_MAP_TYPE_HASH, 16, 48, 8 },
	{ BPF_MAP_TYPE_ARRAY, 4, 8, 8 },
	{ BPF_MAP_TYPE_ARRAY, 4, 12, 4 },
	{ BPF_MAP_TYPE_ARRAY, 4, 48, 16 },
};

static struct bpf_map *fuzz_map_from_fd(void *priv, int fd)
{
	if (fd < FD_BASE || fd >= FD_BASE + NMAPS)
		return ERR_PTR(-EBADF);
	return maps[fd - FD_BASE];
}

static int map_index(u64 ptr)
{
	int i;

	for (i = 0; i < NMAPS; i++)
		if ((unsigned long)maps[i] == ptr)
			return i;
	return -1;
}

static void maps_create(void)
{
	u8 key[16], val[48];
	union bpf_attr attr;
	int i, k;

	for (i = 0; i < NMAPS; i++) {
		memset(&attr, 0, sizeof(attr));
		attr.map_type = map_defs[i].type;
		attr.key_size = map_defs[i].ks;
		attr.value_size = map_defs[i].vs;
		attr.max_entries = map_defs[i].max;
		maps[i] = bpf_map_new(&attr);
		if (IS_ERR(maps[i])) {
			fprintf(stderr, "fuzz: map %d: error %ld\n", i,
				PTR_ERR(maps[i]));
			exit(2);
		}
		/* small keys, which the generator also writes, so lookups hit */
		for (k = 0; k < 6; k++) {
			memset(key, 0, sizeof(key));
			key[0] = k;
			for (u32 j = 0; j < sizeof(val); j++)
				val[j] = rnd64();
			if (map_defs[i].type == BPF_MAP_TYPE_ARRAY &&
			    k >= map_defs[i].max)
				break;
			bpf_map_update_value(maps[i], key, val, BPF_ANY);
		}
	}
}

/* ---- program types -------------------------------------------------- */

/* The kernel object behind the socket filter's context. */
struct fuzz_skb {
	u64 tstamp;		/* 0 */
	u32 len;		/* 8 */
	u16 protocol;		/* 12 */
	u8 flags;		/* 14: pkt_type bits 0-2, vlan_present bit 5 */
	u8 pad;			/* 15 */
	u32 mark;		/* 16 */
	u16 queue_mapping;	/* 20 */
	u16 vlan_tci;		/* 22 */
	u32 priority;		/* 24 */
	u32 hash;		/* 28 */
	u32 cb[5];		/* 32 */
};

#define F(o, s, ts, to, sh, m)						\
	{ .off = (o), .size = (s), .target_size = (ts), .target_off = (to), \
	  .shift = (sh), .mask = (m) }

/* The program's view: all u32 but tstamp, and two narrow ones at the end. */
static const struct bpf_ctx_field skb_fields[] = {
	F(0, 4, 4, 8, 0, 0),		/* len */
	F(4, 4, 1, 14, 0, 7),		/* pkt_type: mask only */
	F(8, 4, 4, 16, 0, 0),		/* mark */
	F(12, 4, 2, 20, 0, 0),		/* queue_mapping */
	F(16, 4, 2, 12, 0, 0),		/* protocol */
	F(20, 4, 1, 14, 5, 1),		/* vlan_present: shift and mask */
	F(24, 4, 2, 22, 0, 0),		/* vlan_tci */
	F(28, 4, 4, 24, 0, 0),		/* priority */
	F(32, 4, 4, 28, 0, 0),		/* hash */
	F(40, 8, 8, 0, 0, 0),		/* tstamp */
	F(48, 4, 4, 32, 0, 0),		/* cb[0] */
	F(52, 4, 4, 36, 0, 0),
	F(56, 4, 4, 40, 0, 0),
	F(60, 4, 4, 44, 0, 0),
	F(64, 4, 4, 48, 0, 0),		/* cb[4] */
	F(68, 2, 2, 20, 0, 0),		/* queue_mapping, u16 */
	F(70, 1, 1, 14, 0, 0),		/* the flags byte */
};

#define SKB_UAPI_SIZE	72
#define KPROBE_CTX_SIZE	168

static struct bpf_func_proto lookup_proto, update_proto, delete_proto;
static const struct bpf_func_proto ktime_proto, prandom_proto, cpu_proto,
	classid_proto, load_bytes_proto, csum_diff_proto, hash_inval_proto,
	probe_read_proto, printk_proto;

static const struct bpf_func_proto *common_proto(enum bpf_func_id id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
		return &lookup_proto;
	case BPF_FUNC_map_update_elem:
		return &update_proto;
	case BPF_FUNC_map_delete_elem:
		return &delete_proto;
	case BPF_FUNC_ktime_get_ns:
		return &ktime_proto;
	case BPF_FUNC_get_prandom_u32:
		return &prandom_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &cpu_proto;
	default:
		return NULL;
	}
}

static const struct bpf_func_proto *skb_proto(enum bpf_func_id id)
{
	switch (id) {
	case BPF_FUNC_get_cgroup_classid:
		return &classid_proto;
	case BPF_FUNC_skb_load_bytes:
		return &load_bytes_proto;
	case BPF_FUNC_csum_diff:
		return &csum_diff_proto;
	case BPF_FUNC_set_hash_invalid:
		return &hash_inval_proto;
	default:
		return common_proto(id);
	}
}

static const struct bpf_func_proto *kprobe_proto(enum bpf_func_id id)
{
	switch (id) {
	case BPF_FUNC_probe_read:
		return &probe_read_proto;
	case BPF_FUNC_trace_printk:
		return &printk_proto;
	default:
		return common_proto(id);
	}
}

static const struct bpf_prog_type_info type_info[T_NR] = {
	[T_SKB] = {
		.name		= "fuzz_skb",
		.func_proto	= skb_proto,
		.ctx_fields	= skb_fields,
		.ctx_field_cnt	= ARRAY_SIZE(skb_fields),
		.ctx_size	= SKB_UAPI_SIZE,
		.ld_abs		= true,
	},
	[T_KPROBE] = {
		.name		= "fuzz_kprobe",
		.func_proto	= kprobe_proto,
		.ctx_size	= KPROBE_CTX_SIZE,
	},
};

/* ---- the run's memory and the checks -------------------------------- */

static struct {
	const struct prog *prog;	/* being verified or run */
	const struct bpf_insn *run;	/* rewritten, with the epilogue */
	u32 run_len;
	u32 stack_depth;		/* the verifier's */
	const char *phase;
	u64 index, seed;	/* the program's number in the campaign */
} cur;

static struct fuzz_skb *skb;
static u8 *kprobe_ctx;
static struct host_pkt *pkts[4];

/* where the interpreter's R10 and regs[] are; the same in every run */
static u64 cal_fp;
static u64 *cal_regs;
static bool calibrating, poison_ok;

static struct {
	const u8 *ctx;
	u32 ctx_size;
	u8 type;
	u8 shadow[MAX_BPF_STACK];	/* 1: byte written in this run */
	u32 nregions;
	struct { u64 start; u32 size; } region[MAX_REGIONS];
	bool exited;
	u64 r0, fp;
} run;

static struct {
	u64 accepted, rejected, violations;
	u64 gen, gen_ok, mut, mut_ok, noise, noise_ok;
	u64 exited, ld_abs_ended, with_traps;
	u64 stack_acc, ctx_acc, value_acc, helper_calls, lookups_hit;
	u64 processed, max_processed;
	u64 uninit_reg;
	u64 jit_runs, jit_bytes, jit_addr_dep;
	u64 known_misaligned_atomic;
} st;

/*
 * Verifier bugs already reported, counted (per program) instead of
 * aborting when named with -k, so that a campaign can go on.
 */
static bool allow_misaligned_atomic;

/*
 * The JIT's run (fuzz_jit): helpers check nothing and poison nothing, as
 * the interpreter's frame is not there; the interpreter's results, and
 * the state both runs start from, for the comparison.
 */
static bool jit_running;
static u64 ktime_now;
static u8 run_stack[MAX_BPF_STACK];
static bool run_misaligned_atomic;

static void report(const char *fmt, ...) __printf(1, 2);

static void violation(const struct bpf_insn *insn, const u64 *regs,
		      const char *fmt, ...) __printf(3, 4);

static bool in_stack(u64 addr, u32 size)
{
	return addr >= cal_fp - MAX_BPF_STACK && addr + size <= cal_fp;
}

static bool overlaps_stack(u64 addr, u32 size)
{
	return addr < cal_fp && addr + size > cal_fp - MAX_BPF_STACK;
}

static int find_region(u64 addr, u32 size)
{
	u32 i;

	for (i = 0; i < run.nregions; i++)
		if (addr >= run.region[i].start &&
		    addr + size <= run.region[i].start + run.region[i].size)
			return i;
	return -1;
}

static bool ctx_field_ok(u32 off, u32 size)
{
	u32 i;

	if (run.type == T_KPROBE)
		return off + size <= run.ctx_size && off % size == 0;
	for (i = 0; i < ARRAY_SIZE(skb_fields); i++)
		if (skb_fields[i].target_off == off &&
		    skb_fields[i].target_size == size)
			return true;
	return false;
}

static void check_regs(const u64 *regs, const struct bpf_insn *insn)
{
	if (regs != cal_regs || regs[BPF_REG_10] != cal_fp)
		violation(insn, regs, "interpreter frame moved or R10 changed (regs %p, R10 %#llx; expected %p, %#llx)",
			  (void *)regs, (unsigned long long)regs[BPF_REG_10],
			  (void *)cal_regs, (unsigned long long)cal_fp);
}

/* the program as run (see prepare_run()) and the interpreter's slots of it */
static struct bpf_insn run_insns[2 * MAX_INSNS + 8];
static struct bpf_interp_slot run_slots[ARRAY_SIZE(run_insns)];

void bpf_interp_memcheck(const u64 *regs, const struct bpf_interp_slot *slot,
			 u64 addr, u32 size, bool write)
{
	const struct bpf_insn *insn;
	bool atomic;
	u32 i, off;
	u8 base;

	if (calibrating) {
		cal_regs = (u64 *)regs;
		cal_fp = regs[BPF_REG_10];
		return;
	}
	insn = &run_insns[slot - run_slots];
	atomic = BPF_CLASS(insn->code) == BPF_STX &&
		 BPF_MODE(insn->code) == BPF_ATOMIC;
	base = BPF_CLASS(insn->code) == BPF_LDX ? insn->src_reg : insn->dst_reg;
	check_regs(regs, insn);
	if (regs[base] == POISON)
		violation(insn, regs, "R%u is uninitialised but used as a pointer",
			  base);

	if (overlaps_stack(addr, size)) {
		if (!in_stack(addr, size))
			violation(insn, regs, "stack access off %lld size %u out of bounds",
				  (long long)(addr - cal_fp), size);
		off = addr - (cal_fp - MAX_BPF_STACK);
		if (off % size)
			violation(insn, regs, "misaligned stack access off %lld size %u",
				  (long long)(addr - cal_fp), size);
		st.stack_acc++;
		if (!write) {
			for (i = 0; i < size; i++)
				if (!run.shadow[off + i])
					violation(insn, regs, "read of uninitialised stack: off %lld size %u (byte fp%lld)",
						  (long long)(addr - cal_fp),
						  size, (long long)(off + i) -
						  MAX_BPF_STACK);
		} else {
			memset(&run.shadow[off], 1, size);
		}
		return;
	}
	if (addr < (unsigned long)run.ctx + run.ctx_size &&
	    addr + size > (unsigned long)run.ctx) {
		off = addr - (unsigned long)run.ctx;
		if (write)
			violation(insn, regs, "write into the context at %u size %u",
				  off, size);
		if (addr < (unsigned long)run.ctx ||
		    addr + size > (unsigned long)run.ctx + run.ctx_size ||
		    !ctx_field_ok(off, size))
			violation(insn, regs, "context read at %lld size %u is no field's",
				  (long long)(addr - (unsigned long)run.ctx),
				  size);
		st.ctx_acc++;
		return;
	}
	if (find_region(addr, size) >= 0) {
		/* Linux requires aligned atomics: x86 split locks trap */
		if (atomic && addr % size) {
			if (!allow_misaligned_atomic)
				violation(insn, regs, "misaligned atomic on a map value (address %% %u = %u)",
					  size, (u32)(addr % size));
			run_misaligned_atomic = true;
		}
		st.value_acc++;
		return;
	}
	violation(insn, regs, "%s of %u bytes at %#llx: not stack, context or a looked-up map value",
		  write ? "write" : "read", size, (unsigned long long)addr);
}

/*
 * A helper's memory argument: stack (initialised unless @write, which
 * initialises it) or a map value of this run.
 */
static void helper_mem(const char *fn, int arg, u64 addr, u64 size, bool write)
{
	u32 off, i;

	if (!size || jit_running)
		return;
	if (addr == POISON)
		report("%s: arg %d is an uninitialised register", fn, arg);
	if (size > MAX_BPF_STACK + 0ULL)
		report("%s: arg %d: size %llu", fn, arg,
		       (unsigned long long)size);
	if (overlaps_stack(addr, size)) {
		if (!in_stack(addr, size))
			report("%s: arg %d: stack off %lld size %llu out of bounds",
			       fn, arg, (long long)(addr - cal_fp),
			       (unsigned long long)size);
		off = addr - (cal_fp - MAX_BPF_STACK);
		if (write) {
			memset(&run.shadow[off], 1, size);
			return;
		}
		for (i = 0; i < size; i++)
			if (!run.shadow[off + i])
				report("%s: arg %d reads uninitialised stack at fp%lld",
				       fn, arg, (long long)(off + i) - MAX_BPF_STACK);
		return;
	}
	if (find_region(addr, size) >= 0)
		return;
	report("%s: arg %d: %llu bytes at %#llx: not stack or a map value",
	       fn, arg, (unsigned long long)size, (unsigned long long)addr);
}

static void helper_arg(const char *fn, int arg, u64 v)
{
	if (v == POISON && !jit_running) {
		st.uninit_reg++;
		report("%s: arg %d is an uninitialised register", fn, arg);
	}
}

static struct bpf_map *helper_map(const char *fn, u64 v)
{
	int i = map_index(v);

	if (i < 0)
		report("%s: arg 1 (%#llx) is not a map", fn,
		       (unsigned long long)v);
	return maps[i];
}

static void helper_ctx(const char *fn, u64 v)
{
	if (v != (unsigned long)run.ctx)
		report("%s: arg 1 (%#llx) is not the context", fn,
		       (unsigned long long)v);
}

/* R1-R5 are unreadable after a call: make them so in the interpreter. */
static void helper_done(void)
{
	int i;

	st.helper_calls++;
	if (cal_regs && !jit_running)
		for (i = BPF_REG_1; i <= BPF_REG_5; i++)
			cal_regs[i] = POISON;
}

static u64 fz_lookup(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *m = helper_map("map_lookup_elem", r1);
	u64 v;

	helper_mem("map_lookup_elem", 2, r2, m->key_size, false);
	v = bpf_map_lookup_elem_proto.func(r1, r2, 0, 0, 0);
	if (v) {
		if (run.nregions == MAX_REGIONS)
			report("more than %d lookups in one run", MAX_REGIONS);
		run.region[run.nregions].start = v;
		run.region[run.nregions++].size = m->value_size;
		st.lookups_hit++;
	}
	helper_done();
	return v;
}

static u64 fz_update(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *m = helper_map("map_update_elem", r1);
	u64 v;

	helper_mem("map_update_elem", 2, r2, m->key_size, false);
	helper_mem("map_update_elem", 3, r3, m->value_size, false);
	helper_arg("map_update_elem", 4, r4);
	/*
	 * An array element updated from its own value would be a memcpy()
	 * onto itself, which ASan reports; it changes nothing anyway.
	 */
	if (m->map_type == BPF_MAP_TYPE_ARRAY &&
	    bpf_map_lookup_elem_proto.func(r1, r2, 0, 0, 0) == r3)
		v = 0;
	else
		v = bpf_map_update_elem_proto.func(r1, r2, r3, r4, 0);
	helper_done();
	return v;
}

static u64 fz_delete(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	helper_map("map_delete_elem", r1);
	helper_mem("map_delete_elem", 2, r2,
		   maps[map_index(r1)]->key_size, false);
	r1 = bpf_map_delete_elem_proto.func(r1, r2, 0, 0, 0);
	helper_done();
	return r1;
}

static u64 fz_ktime(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	helper_done();
	return ktime_now += 1000;
}

static u64 fz_prandom(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	helper_done();
	return (u32)rnd64();
}

static u64 fz_cpu(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	helper_done();
	return 0;
}

static u64 fz_classid(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	helper_ctx("get_cgroup_classid", r1);
	helper_done();
	return 42;
}

static u64 fz_load_bytes(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	helper_ctx("skb_load_bytes", r1);
	helper_arg("skb_load_bytes", 2, r2);
	helper_mem("skb_load_bytes", 3, r3, r4, true);
	memset((void *)(unsigned long)r3, (int)r2, r4);
	helper_done();
	return (u32)r2 < 64 ? 0 : -EFAULT;
}

static u64 fz_csum_diff(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const u8 *a = (const u8 *)(unsigned long)r1;
	const u8 *b = (const u8 *)(unsigned long)r3;
	u64 sum = r5;
	u64 i;

	helper_mem("csum_diff", 1, r1, r2, false);
	helper_mem("csum_diff", 3, r3, r4, false);
	helper_arg("csum_diff", 5, r5);
	for (i = 0; i < r2; i++)
		sum -= a[i];
	for (i = 0; i < r4; i++)
		sum += b[i];
	helper_done();
	return sum;
}

/* Returns nothing: R0 is unreadable after it, so it gets the poison. */
static u64 fz_hash_inval(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	helper_ctx("set_hash_invalid", r1);
	helper_done();
	return POISON;
}

static u64 fz_probe_read(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	helper_mem("probe_read", 1, r1, r2, true);
	helper_arg("probe_read", 3, r3);
	memset((void *)(unsigned long)r1, (int)r3, r2);
	helper_done();
	return 0;
}

static u64 fz_printk(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	const u8 *p = (const u8 *)(unsigned long)r1;
	u64 i, sum = 0;

	helper_mem("trace_printk", 1, r1, r2, false);
	helper_arg("trace_printk", 3, r3);
	helper_arg("trace_printk", 4, r4);
	helper_arg("trace_printk", 5, r5);
	for (i = 0; i < r2; i++)
		sum += p[i];
	helper_done();
	return sum;
}

static const struct bpf_func_proto ktime_proto = {
	.func = fz_ktime, .ret_type = RET_INTEGER,
};
static const struct bpf_func_proto prandom_proto = {
	.func = fz_prandom, .ret_type = RET_INTEGER,
};
static const struct bpf_func_proto cpu_proto = {
	.func = fz_cpu, .ret_type = RET_INTEGER,
};
static const struct bpf_func_proto classid_proto = {
	.func = fz_classid, .ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_CTX,
};
static const struct bpf_func_proto load_bytes_proto = {
	.func = fz_load_bytes, .ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_CTX, .arg2_type = ARG_ANYTHING,
	.arg3_type = ARG_PTR_TO_UNINIT_MEM, .arg4_type = ARG_CONST_SIZE,
};
static const struct bpf_func_proto csum_diff_proto = {
	.func = fz_csum_diff, .ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_MEM, .arg2_type = ARG_CONST_SIZE_OR_ZERO,
	.arg3_type = ARG_PTR_TO_MEM, .arg4_type = ARG_CONST_SIZE_OR_ZERO,
	.arg5_type = ARG_ANYTHING,
};
static const struct bpf_func_proto hash_inval_proto = {
	.func = fz_hash_inval, .ret_type = RET_VOID,
	.arg1_type = ARG_PTR_TO_CTX,
};
static const struct bpf_func_proto probe_read_proto = {
	.func = fz_probe_read, .gpl_only = true, .ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_UNINIT_MEM, .arg2_type = ARG_CONST_SIZE,
	.arg3_type = ARG_ANYTHING,
};
static const struct bpf_func_proto printk_proto = {
	.func = fz_printk, .gpl_only = true, .ret_type = RET_INTEGER,
	.arg1_type = ARG_PTR_TO_MEM, .arg2_type = ARG_CONST_SIZE,
	.arg3_type = ARG_ANYTHING, .arg4_type = ARG_ANYTHING,
	.arg5_type = ARG_ANYTHING,
};

/*
 * The epilogue's call: the program reached an EXIT with R0 in R1, and its
 * R10 in R2 (the stack is kept for fuzz_jit's comparison).
 */
static u64 fz_exit(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	run.exited = true;
	run.r0 = r1;
	run.fp = r2;
	memcpy(run_stack, (const void *)(unsigned long)(r2 - MAX_BPF_STACK),
	       MAX_BPF_STACK);
	return r1;
}

/* ---- reports -------------------------------------------------------- */

static const char *crash_file = "fuzz-crash.bin";
static bool replaying;
static char *big_log;

static void dump_insns(const char *title, const struct bpf_insn *p, u32 len)
{
	char buf[128];
	u32 i;

	fprintf(stderr, "%s (%u insns):\n", title, len);
	for (i = 0; i < len; i++) {
		bpf_insn_print(buf, sizeof(buf), &p[i]);
		fprintf(stderr, "  %3u: BPF_RAW_INSN(0x%02x, %u, %u, %d, %d), /* %s */\n",
			i, p[i].code, p[i].dst_reg, p[i].src_reg, p[i].off,
			p[i].imm, buf);
		if (p[i].code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < len) {
			i++;
			fprintf(stderr, "  %3u: BPF_RAW_INSN(0x%02x, %u, %u, %d, %d),\n",
				i, p[i].code, p[i].dst_reg, p[i].src_reg,
				p[i].off, p[i].imm);
		}
	}
}

static void save_prog(const struct prog *p)
{
	FILE *f = fopen(crash_file, "wb");

	if (!f)
		return;
	fwrite(p, sizeof(*p), 1, f);
	fclose(f);
	fprintf(stderr, "program saved to %s (rerun: fuzz_verifier -r %s)\n",
		crash_file, crash_file);
}

static void print_context(void)
{
	struct bpf_vlog log = { 0 };
	struct bpf_verify_args a = { 0 };
	static struct prog copy;
	static bool busy;
	int err;

	if (busy || !cur.prog)
		return;
	busy = true;
	copy = *cur.prog;
	fprintf(stderr, "program %llu of seed %llu, phase: %s, type %s, %s\n",
		(unsigned long long)cur.index, (unsigned long long)cur.seed,
		cur.phase, type_info[copy.type].name,
		copy.gpl ? "GPL" : "non-GPL");
	dump_insns("program", copy.insns, copy.len);
	if (cur.run)
		dump_insns("as run (rewritten, with the epilogue)", cur.run,
			   cur.run_len);
	if (!big_log)
		big_log = malloc(BIG_LOG_SIZE);
	if (big_log) {
		log.buf = big_log;
		log.size = BIG_LOG_SIZE;
		log.level = 2;
		big_log[0] = 0;
		a.type = &type_info[copy.type];
		a.insns = copy.insns;
		a.len = copy.len;
		a.gpl_compatible = copy.gpl;
		a.map_from_fd = fuzz_map_from_fd;
		a.log = &log;
		err = bpf_verify(&a);
		fprintf(stderr, "verifier log (level 2, result %d):\n%s\n", err,
			big_log);
		kvfree(a.out);
	}
	if (!replaying)
		save_prog(&copy);
	busy = false;
}

static void report(const char *fmt, ...)
{
	va_list ap;

	st.violations++;
	fprintf(stderr, "\nfuzz: VIOLATION: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	print_context();
	abort();
}

static void violation(const struct bpf_insn *insn, const u64 *regs,
		      const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int i;

	st.violations++;
	fprintf(stderr, "\nfuzz: VIOLATION: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	bpf_insn_print(buf, sizeof(buf), insn);
	fprintf(stderr, "\n  at rewritten insn %ld: %s\n  regs:",
		cur.run ? (long)(insn - cur.run) : -1L, buf);
	for (i = 0; i <= BPF_REG_10; i++)
		fprintf(stderr, " r%d=%#llx", i, (unsigned long long)regs[i]);
	fprintf(stderr, "\n");
	print_context();
	abort();
}

/* Sanitizer reports end here: show what ran. */
static void on_death(void)
{
	fprintf(stderr, "\nfuzz: sanitizer report while %s\n",
		cur.phase ? cur.phase : "outside a program");
	print_context();
}

/* A program that does not end: an EXIT trap (JA -1) reached, or a loop. */
static volatile sig_atomic_t in_run;
static volatile u64 run_serial;

static void on_alarm(int sig)
{
	static u64 last = ~0ULL;
	static int ticks;

	if (!in_run || run_serial != last) {
		last = run_serial;
		ticks = 0;
		return;
	}
	if (++ticks < 3)
		return;
	fprintf(stderr, "\nfuzz: VIOLATION: the program has run for 3 s: a dead-code trap was reached or it loops\n");
	print_context();
	abort();
}

/* ---- rejection reasons ---------------------------------------------- */

#define NREASONS	512

static struct {
	char text[64];
	u64 n;
} reasons[NREASONS];

/* The line before "processed ..." (and "at insn N"), digits as N. */
static void count_reason(const char *log)
{
	const char *end = log + strlen(log), *s, *e = end;
	char line[160], out[64];
	int words = 0, o = 0, i;
	u32 h;

	for (;;) {
		while (e > log && e[-1] == '\n')
			e--;
		s = e;
		while (s > log && s[-1] != '\n')
			s--;
		if (s == e)
			break;
		if (strncmp(s, "processed ", 10) && strncmp(s, "at insn ", 8))
			break;
		e = s;
	}
	snprintf(line, sizeof(line), "%.*s", (int)(e - s), s);
	if (!line[0])
		strcpy(line, "(no message)");
	for (i = 0; line[i] && o < (int)sizeof(out) - 2; i++) {
		if (line[i] == ' ' && ++words == 5)
			break;
		if (isdigit((u8)line[i])) {
			if (line[i] == '0' && line[i + 1] == 'x')
				for (i++; isxdigit((u8)line[i + 1]); i++)
					;
			else
				while (isdigit((u8)line[i + 1]))
					i++;
			out[o++] = 'N';
			continue;
		}
		out[o++] = line[i];
	}
	out[o] = 0;
	for (h = 0, i = 0; out[i]; i++)
		h = h * 31 + (u8)out[i];
	for (i = 0; i < NREASONS; i++) {
		u32 k = (h + i) % NREASONS;

		if (!reasons[k].n) {
			strcpy(reasons[k].text, out);
			reasons[k].n = 1;
			return;
		}
		if (!strcmp(reasons[k].text, out)) {
			reasons[k].n++;
			return;
		}
	}
}

static int reason_cmp(const void *a, const void *b)
{
	const typeof(reasons[0]) *x = a, *y = b;

	return x->n < y->n ? 1 : x->n > y->n ? -1 : 0;
}

/* ---- the generator -------------------------------------------------- */

/*
 * The generator keeps a rough model of what each register and stack byte
 * holds on the path being written, so that most programs are valid or
 * nearly so.  bad() decides each deliberate mistake, at a rate set per
 * program: err_scale is in percent of the nominal rates.
 */
static u32 err_scale = 100;

static bool bad(u32 pct)
{
	return rnd(10000) < pct * err_scale;
}

enum { K_NONE, K_SCALAR, K_CTX, K_FP, K_MAPPTR, K_VAL, K_VALNULL };

struct greg {
	u8 kind;
	u8 map;
	bool known;
	s32 off;
	u32 id;			/* K_VAL, K_VALNULL: the lookup's */
	s64 val;
};

struct gmodel {
	struct greg r[MAX_BPF_REG];
	u8 sinit[MAX_BPF_STACK];		/* byte written */
	struct greg sp[MAX_BPF_STACK / 8];	/* what a slot holds whole */
};

struct gen {
	struct prog *p;
	struct gmodel m;
	struct {
		u32 at;
		int left;
		struct gmodel snap;
	} pend[8];
	int npend;
	u32 next_id;
};

#define INSN(c, d, s, o, i)						\
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s),\
			    .off = (o), .imm = (i) })

static void emit(struct gen *g, struct bpf_insn insn)
{
	if (g->p->len < GEN_MAX)
		g->p->insns[g->p->len++] = insn;
}

static void emit_ld64(struct gen *g, u8 dst, u8 src, u64 v)
{
	if (g->p->len + 2 > GEN_MAX)
		return;
	emit(g, INSN(BPF_LD | BPF_IMM | BPF_DW, dst, src, 0, (s32)(u32)v));
	emit(g, INSN(0, 0, 0, 0, (s32)(u32)(v >> 32)));
}

static u8 size_code(int bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	}
	return BPF_DW;
}

static int rnd_size(void)
{
	return 1 << rnd(4);
}

static void set_reg(struct gen *g, int r, u8 kind, u8 map, s32 off)
{
	if (r >= BPF_REG_10)
		return;
	memset(&g->m.r[r], 0, sizeof(g->m.r[r]));
	g->m.r[r].kind = kind;
	g->m.r[r].map = map;
	g->m.r[r].off = off;
}

static void set_known(struct gen *g, int r, s64 v)
{
	set_reg(g, r, K_SCALAR, 0, 0);
	if (r < BPF_REG_10) {
		g->m.r[r].known = true;
		g->m.r[r].val = v;
	}
}

static void copy_reg(struct gen *g, int d, int s)
{
	if (d < BPF_REG_10)
		g->m.r[d] = g->m.r[s];
}

static bool is_ptr(const struct greg *r)
{
	return r->kind > K_SCALAR;
}

/* A random register of @kind, or -1. */
static int find_reg(struct gen *g, u8 kind)
{
	int i, n = 0, pick[MAX_BPF_REG];

	for (i = 0; i < MAX_BPF_REG; i++)
		if (g->m.r[i].kind == kind)
			pick[n++] = i;
	return n ? pick[rnd(n)] : -1;
}

/* A random register holding a pointer, or -1. */
static int find_ptr(struct gen *g)
{
	int i, n = 0, pick[MAX_BPF_REG];

	for (i = 0; i < MAX_BPF_REG; i++)
		if (is_ptr(&g->m.r[i]) && g->m.r[i].kind != K_VALNULL)
			pick[n++] = i;
	return n ? pick[rnd(n)] : -1;
}

/* A register to write: mostly one holding nothing of value. */
static int scratch_reg(struct gen *g)
{
	int i, n = 0, pick[MAX_BPF_REG];

	if (bad(3))
		return rnd(MAX_BPF_REG);	/* R10 too, now and then */
	for (i = 0; i < BPF_REG_10; i++)
		if (!is_ptr(&g->m.r[i]))
			pick[n++] = i;
	if (!n || bad(10))
		return rnd(BPF_REG_10);
	return pick[rnd(n)];
}

/* A register from R6-R9 to keep something in, not the context's. */
static int keep_reg(struct gen *g)
{
	int i, n = 0, pick[4];

	for (i = BPF_REG_6; i <= BPF_REG_9; i++)
		if (!is_ptr(&g->m.r[i]))
			pick[n++] = i;
	if (!n)
		for (i = BPF_REG_6; i <= BPF_REG_9; i++)
			if (g->m.r[i].kind != K_CTX)
				pick[n++] = i;
	return n ? pick[rnd(n)] : BPF_REG_9;
}

/* A register holding a number; one is made when there is none. */
static int scalar_reg(struct gen *g)
{
	int r = find_reg(g, K_SCALAR);

	if (bad(4))
		return rnd(MAX_BPF_REG);
	if (r >= 0 && chance(80))
		return r;
	r = find_reg(g, K_NONE);
	if (r < 0) {
		r = find_reg(g, K_SCALAR);
		return r < 0 ? (int)rnd(MAX_BPF_REG) : r;
	}
	if (chance(30)) {
		emit_ld64(g, r, 0, rnd_imm64());
		set_known(g, r, 0);
		g->m.r[r].known = false;
	} else {
		s32 k = rnd_imm();

		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, k));
		set_known(g, r, k);
	}
	return r;
}

static void clobber_call(struct gen *g)
{
	int i;

	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		set_reg(g, i, K_NONE, 0, 0);
}

/* @size bytes at fp + @off written; a whole slot gets @val's state. */
static void mark_stack(struct gen *g, int off, int size,
		       const struct greg *val)
{
	int b = MAX_BPF_STACK + off, i;

	if (b < 0 || size <= 0 || b + size > MAX_BPF_STACK)
		return;
	for (i = b & ~7; i < b + size; i += 8)
		memset(&g->m.sp[i / 8], 0, sizeof(g->m.sp[0]));
	memset(&g->m.sinit[b], 1, size);
	if (val && size == 8 && !(b & 7))
		g->m.sp[b / 8] = *val;
}

/* A stack offset for @size bytes: mostly fine, sometimes just off. */
static int stack_off(struct gen *g, int size, bool want_init)
{
	int i, n = 0, pick[64];

	if (want_init && !bad(20)) {
		for (i = 0; i < MAX_BPF_STACK; i += size) {
			if (is_ptr(&g->m.sp[i / 8]) ||
			    memchr(&g->m.sinit[i], 0, size))
				continue;
			pick[n++ & 63] = i;
		}
		if (n)
			return pick[rnd(n < 64 ? n : 64)] - MAX_BPF_STACK;
		/* nothing there yet: write it first */
		i = -size * (int)(1 + rnd(8));
		emit(g, INSN(BPF_ST | BPF_MEM | size_code(size), BPF_REG_10, 0,
			     i, rnd_imm()));
		mark_stack(g, i, size, NULL);
		return i;
	}
	if (bad(25)) {
		switch (rnd(3)) {
		case 0:
			return -MAX_BPF_STACK - size * (int)(1 + rnd(2));
		case 1:
			return chance(50) ? 0 : -size + 1 + (int)rnd(size);
		default:
			return -(int)rnd(MAX_BPF_STACK + 8);	/* any alignment */
		}
	}
	switch (rnd(6)) {
	case 0:
		return -MAX_BPF_STACK + size * (int)rnd(4);
	case 1:
		return -size * (int)(1 + rnd(4));
	default:
		return -size * (int)(1 + rnd(MAX_BPF_STACK / size));
	}
}

/* An offset into a map value of @vs bytes for an access of @size. */
static int value_off(int vs, int size)
{
	if (bad(30)) {
		switch (rnd(4)) {
		case 0:
			return vs - size + 1;
		case 1:
			return -(int)rnd(9) - 1;
		case 2:
			return vs;
		default:
			return rnd(2 * vs);
		}
	}
	if (chance(20))
		return vs - size;
	if (chance(10))
		return rnd(vs - size + 1);	/* maybe misaligned */
	return size * (int)rnd(vs / size);
}

static void patch(struct gen *g, u32 at)
{
	g->p->insns[at].off = g->p->len - at - 1;
}

/* After a join, only what both paths agree on is known. */
static void meet(struct gmodel *a, const struct gmodel *b)
{
	int i;

	for (i = 0; i < MAX_BPF_REG; i++) {
		struct greg *x = &a->r[i];
		const struct greg *y = &b->r[i];

		if (x->kind != y->kind ||
		    (is_ptr(x) && (x->map != y->map || x->off != y->off ||
				   x->id != y->id)))
			memset(x, 0, sizeof(*x));
		else if (x->known && (!y->known || x->val != y->val))
			x->known = false;
	}
	for (i = 0; i < MAX_BPF_STACK; i++)
		a->sinit[i] &= b->sinit[i];
	for (i = 0; i < MAX_BPF_STACK / 8; i++) {
		struct greg *x = &a->sp[i];
		const struct greg *y = &b->sp[i];

		if (!is_ptr(x) && !is_ptr(y)) {
			memset(x, 0, sizeof(*x));
			continue;
		}
		if (x->kind == y->kind && x->map == y->map &&
		    x->off == y->off && x->id == y->id)
			continue;
		memset(x, 0, sizeof(*x));
		memset(&a->sinit[i * 8], 0, 8);
	}
}

/* A lookup's result checked: NULL (a zero) on one side, a value on the other. */
static void null_mark(struct gmodel *m, u32 id, bool is_null)
{
	int i;

	for (i = 0; i < MAX_BPF_REG + MAX_BPF_STACK / 8; i++) {
		struct greg *r = i < MAX_BPF_REG ? &m->r[i] :
				 &m->sp[i - MAX_BPF_REG];

		if (r->kind != K_VALNULL || r->id != id)
			continue;
		if (is_null) {
			memset(r, 0, sizeof(*r));
			r->kind = K_SCALAR;
			r->known = true;
		} else {
			r->kind = K_VAL;
		}
	}
}

/* The last insn jumps to the start of the snippet @snippets later. */
static void jump_later(struct gen *g, int snippets)
{
	if (g->npend == ARRAY_SIZE(g->pend))
		return;		/* stays a jump to the next insn */
	g->pend[g->npend].at = g->p->len - 1;
	g->pend[g->npend].left = snippets;
	g->pend[g->npend++].snap = g->m;
}

/* A conditional jump on some register; the target is patched later. */
static void emit_cond(struct gen *g)
{
	static const u8 ops[] = {
		BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
		BPF_JSET, BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE,
	};
	u8 cls = chance(80) ? BPF_JMP : BPF_JMP32;
	u8 op = ops[rnd(ARRAY_SIZE(ops))];
	int d = bad(15) ? (int)rnd(MAX_BPF_REG) : scalar_reg(g);

	if (chance(10) && find_ptr(g) >= 0)
		d = find_ptr(g);	/* pointers may be compared too */
	if (chance(30)) {
		int s = bad(15) ? (int)rnd(MAX_BPF_REG) : scalar_reg(g);

		emit(g, INSN(cls | op | BPF_X, d, s, 0, 0));
	} else {
		emit(g, INSN(cls | op | BPF_K, d, 0, 0, rnd_imm()));
	}
}

static void gen_alu(struct gen *g)
{
	static const u8 ops[] = {
		BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH,
		BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH, BPF_END,
	};
	u8 op = ops[rnd(ARRAY_SIZE(ops))];
	u8 cls = chance(60) ? BPF_ALU64 : BPF_ALU;
	int d = scratch_reg(g);
	s32 imm = rnd_imm();

	if (d < BPF_REG_10 && g->m.r[d].kind == K_NONE && !bad(10))
		op = BPF_MOV;
	if (op == BPF_NEG) {
		emit(g, INSN(cls | op, d, 0, 0, 0));
	} else if (op == BPF_END) {
		static const s32 bits[] = { 16, 32, 64 };

		emit(g, INSN(BPF_ALU | op | (chance(50) ? BPF_TO_BE : 0), d,
			     0, 0, bits[rnd(3)]));
	} else if (chance(40)) {
		int s = scalar_reg(g);

		emit(g, INSN(cls | op | BPF_X, d, s, 0, 0));
	} else {
		if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
		    !bad(10))
			imm = rnd(cls == BPF_ALU64 ? 64 : 32);
		if ((op == BPF_DIV || op == BPF_MOD) && !imm && !bad(10))
			imm = 3;
		emit(g, INSN(cls | op | BPF_K, d, 0, 0, imm));
		if (op == BPF_MOV) {
			set_known(g, d, cls == BPF_ALU64 ? (s64)imm : (u32)imm);
			return;
		}
	}
	set_reg(g, d, K_SCALAR, 0, 0);
}

static void gen_ld64(struct gen *g)
{
	int d = scratch_reg(g);
	u64 v = rnd_imm64();

	emit_ld64(g, d, 0, v);
	set_known(g, d, v);
}

/* A pointer to the stack: R10 itself or a register derived from it. */
static int stack_base(struct gen *g, int *adj)
{
	int r = find_reg(g, K_FP);

	if (r < 0 || chance(50)) {
		*adj = 0;
		return BPF_REG_10;
	}
	*adj = g->m.r[r].off;
	return r;
}

static void gen_stack_store(struct gen *g)
{
	int size = rnd_size(), adj, base = stack_base(g, &adj);
	int off = stack_off(g, size, false);

	if (chance(50)) {
		emit(g, INSN(BPF_ST | BPF_MEM | size_code(size), base, 0,
			     wadd(off, (s32)-(u32)adj), rnd_imm()));
		mark_stack(g, off, size, NULL);
	} else {
		int s = scalar_reg(g);

		emit(g, INSN(BPF_STX | BPF_MEM | size_code(size), base, s,
			     wadd(off, (s32)-(u32)adj), 0));
		mark_stack(g, off, size, &g->m.r[s]);
	}
}

static void gen_stack_load(struct gen *g)
{
	int size = rnd_size(), adj, base = stack_base(g, &adj);
	int off = stack_off(g, size, true), d = scratch_reg(g);
	int b = MAX_BPF_STACK + off;

	emit(g, INSN(BPF_LDX | BPF_MEM | size_code(size), d, base,
		     wadd(off, (s32)-(u32)adj), 0));
	set_reg(g, d, K_SCALAR, 0, 0);
	if (size == 8 && b >= 0 && b < MAX_BPF_STACK && !(b & 7) &&
	    g->m.sp[b / 8].kind && d < BPF_REG_10)
		g->m.r[d] = g->m.sp[b / 8];
}

/* A free-looking slot for a spill. */
static int spill_off(struct gen *g)
{
	int i;

	for (i = 0; i < 8; i++) {
		int s = 32 + rnd(32);

		if (!g->m.sinit[s * 8])
			return s * 8 - MAX_BPF_STACK;
	}
	return -8 * (int)(1 + rnd(64));
}

/* Saves a pointer on the stack, or brings one back. */
static void gen_spill_fill(struct gen *g)
{
	int i, n = 0, pick[64];

	for (i = 0; i < MAX_BPF_STACK / 8; i++)
		if (is_ptr(&g->m.sp[i]))
			pick[n++] = i;
	if (n && chance(55)) {
		int slot = pick[rnd(n)], d = chance(50) ? keep_reg(g) :
							  scratch_reg(g);
		int size = bad(15) ? rnd_size() : 8;
		int off = slot * 8 - MAX_BPF_STACK + (bad(5) ? 4 : 0);

		emit(g, INSN(BPF_LDX | BPF_MEM | size_code(size), d,
			     BPF_REG_10, off, 0));
		set_reg(g, d, K_SCALAR, 0, 0);
		if (size == 8 && d < BPF_REG_10)
			g->m.r[d] = g->m.sp[slot];
		return;
	}
	for (i = n = 0; i < MAX_BPF_REG; i++)
		if (is_ptr(&g->m.r[i]))
			pick[n++] = i;
	if (!n)
		return;
	i = pick[rnd(n)];
	{
		int off = spill_off(g), size = bad(10) ? rnd_size() : 8;

		emit(g, INSN(BPF_STX | BPF_MEM | size_code(size), BPF_REG_10,
			     i, off, 0));
		mark_stack(g, off, size, &g->m.r[i]);
		/* partly overwriting a spill now and then */
		if (chance(5)) {
			emit(g, INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0,
				     off + 4 * rnd(2), 0));
			mark_stack(g, off, 8, NULL);
		}
	}
}

static int ctx_reg(struct gen *g)
{
	int r = find_reg(g, K_CTX);

	if (r < 0 || bad(3))
		r = bad(50) ? (int)rnd(MAX_BPF_REG) : BPF_REG_1;
	return r;
}

static void gen_ctx_load(struct gen *g)
{
	int c = ctx_reg(g), d = scratch_reg(g), off, size;

	if (g->p->type == T_SKB) {
		const struct bpf_ctx_field *f =
			&skb_fields[rnd(ARRAY_SIZE(skb_fields))];

		off = f->off;
		size = f->size;
		if (bad(40)) {
			switch (rnd(4)) {
			case 0:
				off += chance(50) ? 1 : -1;
				break;
			case 1:
				size = rnd_size();
				break;
			case 2:
				off = (int)rnd(SKB_UAPI_SIZE + 16) - 8;
				break;
			default:
				off = f->target_off;	/* the kernel's */
			}
		}
	} else {
		size = rnd_size();
		off = size * (int)rnd(KPROBE_CTX_SIZE / size);
		if (bad(30)) {
			switch (rnd(3)) {
			case 0:
				off = KPROBE_CTX_SIZE - size +
				      (chance(50) ? size : 0);
				break;
			case 1:
				off += 1 + rnd(size);
				break;
			default:
				off = -size;
			}
		}
	}
	if (bad(3)) {
		emit(g, INSN(BPF_ST | BPF_MEM | size_code(size), c, 0, off,
			     rnd_imm()));
		return;
	}
	emit(g, INSN(BPF_LDX | BPF_MEM | size_code(size), d, c, off, 0));
	set_reg(g, d, K_SCALAR, 0, 0);
}

static void gen_ld_abs(struct gen *g)
{
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_W, BPF_DW };
	u8 sz = sizes[rnd(bad(3) ? 5 : 4)];
	s32 imm;

	switch (rnd(6)) {
	case 0:
		imm = SKF_NET_OFF + rnd(40);
		break;
	case 1:
		imm = SKF_LL_OFF + rnd(20);
		break;
	case 2:
		imm = rnd_imm();
		break;
	default:
		imm = rnd(72);
	}
	if (g->m.r[BPF_REG_6].kind != K_CTX && !bad(20)) {
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6,
			     ctx_reg(g), 0, 0));
		set_reg(g, BPF_REG_6, K_CTX, 0, 0);
	}
	if (chance(60)) {
		emit(g, INSN(BPF_LD | BPF_ABS | sz, 0, 0, 0, imm));
	} else {
		int s = scalar_reg(g);

		emit(g, INSN(BPF_LD | BPF_IND | sz, 0, s, 0, imm));
	}
	clobber_call(g);
	set_reg(g, BPF_REG_0, K_SCALAR, 0, 0);
}

static int pick_map(void)
{
	return rnd(NMAPS);
}

/* A map value register with @size bytes readable at its offset, or -1. */
static int value_reg(struct gen *g, int size)
{
	int r = find_reg(g, K_VAL);

	if (r < 0 || (!bad(30) && (g->m.r[r].off < 0 ||
				   g->m.r[r].off + size >
				   (int)map_defs[g->m.r[r].map].vs)))
		return -1;
	return r;
}

static void emit_map_fd(struct gen *g, int reg, int m)
{
	int fd = FD_BASE + m;

	if (bad(2))
		fd = chance(50) ? 0 : FD_BASE + NMAPS;
	emit_ld64(g, reg, BPF_PSEUDO_MAP_FD, (u32)fd);
	set_reg(g, reg, K_MAPPTR, m, 0);
}

/* Makes R@reg point to an initialised key (or not) of map @m. */
static void gen_key(struct gen *g, int m, int reg)
{
	int ks = map_defs[m].ks, off, i, v = value_reg(g, ks);

	if (v >= 0 && chance(20)) {
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, reg, v, 0, 0));
		copy_reg(g, reg, v);
		return;
	}
	off = -8 * (int)(1 + rnd(8)) - (ks > 8 ? 8 : 0);
	if (bad(3))
		off += rnd(2) ? 4 : -4;
	if (!bad(8)) {
		for (i = 0; i < ks; i += 8) {
			int sz = ks - i >= 8 ? 8 : 4;

			emit(g, INSN(BPF_ST | BPF_MEM | size_code(sz),
				     BPF_REG_10, 0, off + i,
				     i ? 0 : (int)rnd(chance(80) ? 8 : 40)));
			mark_stack(g, off + i, sz, NULL);
		}
	}
	emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, reg, BPF_REG_10, 0, 0));
	emit(g, INSN(BPF_ALU64 | BPF_ADD | BPF_K, reg, 0, 0,
		     bad(3) ? off - 8 : off));
	set_reg(g, reg, K_FP, 0, off);
}

static void gen_update_delete(struct gen *g);

/* Uses the map value pointer in R@v: loads, stores, arithmetic. */
static void gen_value_use(struct gen *g, int v)
{
	int n = 1 + rnd(4);

	while (n--) {
		struct greg *pv = &g->m.r[v];
		int vs = map_defs[pv->map].vs, size = rnd_size();
		int what = rnd(10), d;
		s32 off;

		if (pv->kind != K_VAL && pv->kind != K_VALNULL)
			return;
		if (what == 6 && !bad(60))
			what = 0;
		if (what == 4)
			size = chance(50) ? 4 : 8;
		off = wadd(value_off(vs, size), (s32)-(u32)pv->off);
		switch (what) {
		case 2:
			emit(g, INSN(BPF_ST | BPF_MEM | size_code(size), v, 0,
				     off, rnd_imm()));
			break;
		case 3:
			d = bad(10) ? v : scalar_reg(g);
			emit(g, INSN(BPF_STX | BPF_MEM | size_code(size), v,
				     d, off, 0));
			break;
		case 4:
			emit(g, INSN(BPF_STX | BPF_ATOMIC | size_code(size), v,
				     scalar_reg(g), off, BPF_ADD));
			break;
		case 5: {
			s32 k = bad(30) ? rnd_imm() :
				4 * (s32)rnd(vs / 4 + 1) - pv->off;
			bool sub = chance(20);

			emit(g, INSN(BPF_ALU64 | (sub ? BPF_SUB : BPF_ADD) |
				     BPF_K, v, 0, 0, sub ? (s32)-(u32)k : k));
			pv->off = wadd(pv->off, k);
			break;
		}
		case 6:
			/* pointer += unknown scalar: never allowed */
			emit(g, INSN(BPF_ALU64 | BPF_ADD | BPF_X, v,
				     scalar_reg(g), 0, 0));
			set_reg(g, v, K_NONE, 0, 0);
			return;
		case 7:
			/* the value as a key or value of an update */
			gen_update_delete(g);
			return;
		case 8:
			/* kept for later: a callee-saved copy or a spill */
			if (chance(50)) {
				d = keep_reg(g);
				emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, v,
					     0, 0));
				copy_reg(g, d, v);
			} else {
				int so = spill_off(g);

				emit(g, INSN(BPF_STX | BPF_MEM | BPF_DW,
					     BPF_REG_10, v, so, 0));
				mark_stack(g, so, 8, pv);
			}
			break;
		default:
			d = scratch_reg(g);
			if (d == v)
				d = BPF_REG_0;
			emit(g, INSN(BPF_LDX | BPF_MEM | size_code(size), d, v,
				     off, 0));
			set_reg(g, d, K_SCALAR, 0, 0);
		}
	}
}

static void gen_lookup(struct gen *g)
{
	struct gmodel *snap = malloc(sizeof(*snap));
	int m = pick_map(), j, r, form;
	u32 id = ++g->next_id;

	gen_key(g, m, BPF_REG_2);
	emit_map_fd(g, BPF_REG_1, m);
	if (bad(3))
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1,
			     scalar_reg(g), 0, 0));
	emit(g, INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem));
	clobber_call(g);
	set_reg(g, BPF_REG_0, K_VALNULL, m, 0);
	g->m.r[BPF_REG_0].id = id;
	r = BPF_REG_0;
	if (chance(25)) {
		/* a copy, checked or used in place of R0 */
		r = keep_reg(g);
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, r, BPF_REG_0, 0, 0));
		copy_reg(g, r, BPF_REG_0);
	}
	if (chance(8)) {
		/* spilled before the check: the check covers the spill */
		int so = spill_off(g);

		emit(g, INSN(BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, r, so, 0));
		mark_stack(g, so, 8, &g->m.r[r]);
	}

	form = rnd(20);
	if (form < 3 && !bad(100))
		form = 3 + rnd(17);
	switch (form) {
	case 0:
	case 1:
		/* no check at all */
		gen_value_use(g, chance(50) ? r : BPF_REG_0);
		break;
	case 2:
		/* a check that is no NULL check */
		emit(g, INSN((chance(50) ? BPF_JMP32 : BPF_JMP) | BPF_JEQ |
			     BPF_K, r, 0, 0, chance(50) ? 0 : 1));
		j = g->p->len - 1;
		*snap = g->m;
		gen_value_use(g, r);
		patch(g, j);
		meet(&g->m, snap);
		break;
	case 3:
	case 4:
	case 5:
		/* if (!r) return 0; use */
		emit(g, INSN(BPF_JMP | BPF_JNE | BPF_K, r, 0, 2, 0));
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0));
		emit(g, INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
		null_mark(&g->m, id, false);
		gen_value_use(g, chance(80) ? r : BPF_REG_0);
		break;
	default:
		/* if (r) { use } */
		emit(g, INSN(BPF_JMP | BPF_JEQ | BPF_K, r, 0, 0, 0));
		j = g->p->len - 1;
		*snap = g->m;
		null_mark(snap, id, true);
		null_mark(&g->m, id, false);
		if (chance(20))
			gen_spill_fill(g);
		gen_value_use(g, chance(90) ? r : BPF_REG_0);
		if (chance(30))
			gen_value_use(g, r);
		patch(g, j);
		meet(&g->m, snap);
	}
	free(snap);
}

static void gen_update_delete(struct gen *g)
{
	int m = pick_map();

	gen_key(g, m, BPF_REG_2);
	emit_map_fd(g, BPF_REG_1, m);
	if (chance(60)) {
		int vs = map_defs[m].vs, v = value_reg(g, vs), i;
		int off = -8 * (int)(1 + rnd(8)) - 16 - ((vs + 7) & ~7);

		if (v >= 0 && chance(30)) {
			emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, v,
				     0, 0));
			copy_reg(g, BPF_REG_3, v);
		} else {
			if (!bad(8)) {
				for (i = 0; i < vs; i += 4) {
					emit(g, INSN(BPF_ST | BPF_MEM | BPF_W,
						     BPF_REG_10, 0, off + i,
						     rnd_imm()));
					mark_stack(g, off + i, 4, NULL);
				}
			}
			emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3,
				     BPF_REG_10, 0, 0));
			emit(g, INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0,
				     0, bad(5) ? off + 4 : off));
			set_reg(g, BPF_REG_3, K_FP, 0, off);
		}
		if (!bad(5))
			emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0,
				     0, chance(80) ? 0 : rnd(4)));
		emit(g, INSN(BPF_JMP | BPF_CALL, 0, 0, 0,
			     BPF_FUNC_map_update_elem));
	} else {
		emit(g, INSN(BPF_JMP | BPF_CALL, 0, 0, 0,
			     BPF_FUNC_map_delete_elem));
	}
	clobber_call(g);
	set_reg(g, BPF_REG_0, K_SCALAR, 0, 0);
}

/* R@reg = a stack buffer of @size bytes, initialised when @init. */
static void gen_buf(struct gen *g, int reg, int size, bool init)
{
	int r = (size + 7) & ~7, room = (MAX_BPF_STACK - r) / 8;
	int off = -r - 8 * (int)rnd(room < 0 ? 1 : room < 4 ? room + 1 : 4);
	int i;

	if (bad(5))
		off = -(int)rnd(MAX_BPF_STACK);
	if (init) {
		for (i = 0; i + 8 <= size; i += 8) {
			emit(g, INSN(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0,
				     off + i, rnd_imm()));
			mark_stack(g, off + i, 8, NULL);
		}
		for (; i < size; i++) {
			emit(g, INSN(BPF_ST | BPF_MEM | BPF_B, BPF_REG_10, 0,
				     off + i, rnd_imm()));
			mark_stack(g, off + i, 1, NULL);
		}
	}
	emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, reg, BPF_REG_10, 0, 0));
	emit(g, INSN(BPF_ALU64 | BPF_ADD | BPF_K, reg, 0, 0, off));
	set_reg(g, reg, K_FP, 0, off);
}

static int buf_size(void)
{
	static const int v[] = { 1, 4, 8, 12, 16, 48, 64, 200, 512 };

	if (bad(5))
		return chance(50) ? 0 : 513;
	return v[rnd(chance(80) ? 7 : ARRAY_SIZE(v))];
}

static void size_arg(struct gen *g, int reg, int size)
{
	if (bad(4)) {
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, reg, scalar_reg(g),
			     0, 0));
		set_reg(g, reg, K_SCALAR, 0, 0);
		return;
	}
	emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, reg, 0, 0, size));
	set_known(g, reg, size);
}

/* A memory argument in R@reg: a map value or stack; its size in *@size. */
static void mem_arg(struct gen *g, int reg, int *size, bool init)
{
	int v = find_reg(g, K_VAL);

	if (v >= 0 && chance(30)) {
		int room = (int)map_defs[g->m.r[v].map].vs - g->m.r[v].off;

		if (room > 0 || bad(100)) {
			*size = bad(20) ? 1 << rnd(7) : 1 + (int)rnd(room);
			emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, reg, v, 0,
				     0));
			copy_reg(g, reg, v);
			return;
		}
	}
	gen_buf(g, reg, *size, init);
}

static void gen_helper(struct gen *g)
{
	int size = buf_size(), id, i;

	if (g->p->type == T_SKB) {
		static const int ids[] = {
			BPF_FUNC_get_cgroup_classid, BPF_FUNC_skb_load_bytes,
			BPF_FUNC_csum_diff, BPF_FUNC_set_hash_invalid,
			BPF_FUNC_get_prandom_u32, BPF_FUNC_ktime_get_ns,
		};

		id = ids[rnd(ARRAY_SIZE(ids))];
	} else {
		static const int ids[] = {
			BPF_FUNC_probe_read, BPF_FUNC_trace_printk,
			BPF_FUNC_get_smp_processor_id, BPF_FUNC_ktime_get_ns,
		};

		id = ids[rnd(ARRAY_SIZE(ids))];
	}
	if (bad(3))
		id = rnd(64);

	switch (id) {
	case BPF_FUNC_get_cgroup_classid:
	case BPF_FUNC_set_hash_invalid:
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1,
			     ctx_reg(g), 0, 0));
		break;
	case BPF_FUNC_skb_load_bytes:
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1,
			     ctx_reg(g), 0, 0));
		set_reg(g, BPF_REG_1, K_CTX, 0, 0);
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0,
			     rnd(80)));
		set_known(g, BPF_REG_2, 0);
		mem_arg(g, BPF_REG_3, &size, false);
		size_arg(g, BPF_REG_4, size);
		break;
	case BPF_FUNC_probe_read:
		mem_arg(g, BPF_REG_1, &size, false);
		size_arg(g, BPF_REG_2, size);
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_3, 0, 0,
			     rnd_imm()));
		break;
	case BPF_FUNC_trace_printk:
		mem_arg(g, BPF_REG_1, &size, !bad(10));
		size_arg(g, BPF_REG_2, size);
		for (i = BPF_REG_3; i <= BPF_REG_5; i++)
			if (!bad(10))
				emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, i, 0,
					     0, rnd_imm()));
		break;
	case BPF_FUNC_csum_diff: {
		int s2 = buf_size();

		mem_arg(g, BPF_REG_1, &size, !bad(10));
		size_arg(g, BPF_REG_2, size);
		mem_arg(g, BPF_REG_3, &s2, !bad(10));
		size_arg(g, BPF_REG_4, s2);
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_5, 0, 0,
			     rnd_imm()));
		break;
	}
	default:
		break;
	}
	emit(g, INSN(BPF_JMP | BPF_CALL, 0, 0, 0, id));
	clobber_call(g);
	set_reg(g, BPF_REG_0, id == BPF_FUNC_set_hash_invalid ? K_NONE :
		K_SCALAR, 0, 0);
}

static void gen_xadd(struct gen *g)
{
	int size = chance(50) ? 4 : 8, v = find_reg(g, K_VAL);
	int s = bad(5) ? (int)rnd(MAX_BPF_REG) : scalar_reg(g);

	if (v >= 0 && chance(60)) {
		int vs = map_defs[g->m.r[v].map].vs;

		emit(g, INSN(BPF_STX | BPF_ATOMIC | size_code(size), v, s,
			     wadd(value_off(vs, size),
				  (s32)-(u32)g->m.r[v].off), BPF_ADD));
		return;
	}
	emit(g, INSN(BPF_STX | BPF_ATOMIC | size_code(size), BPF_REG_10, s,
		     stack_off(g, size, true), BPF_ADD));
}

static void gen_ptr_arith(struct gen *g)
{
	int d, s, p;

	switch (rnd(5)) {
	case 0:
	case 1: {
		/* a stack pointer with an offset, kept in R6-R9 */
		int off = bad(20) ? rnd_imm() : -8 * (int)rnd(65);

		d = keep_reg(g);
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, BPF_REG_10, 0,
			     0));
		emit(g, INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, off));
		set_reg(g, d, K_FP, 0, off);
		break;
	}
	case 2:
		s = find_ptr(g);
		d = scratch_reg(g);
		if (s >= 0 && !bad(50)) {
			/* copy a pointer */
			emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0));
			copy_reg(g, d, s);
			break;
		}
		/* a number plus or minus a pointer */
		s = chance(50) ? (int)rnd(MAX_BPF_REG) : scalar_reg(g);
		p = s >= 0 && chance(50) ? s : (int)rnd(MAX_BPF_REG);
		emit(g, INSN(BPF_ALU64 | (chance(50) ? BPF_ADD : BPF_SUB) |
			     BPF_X, d, p, 0, 0));
		set_reg(g, d, K_NONE, 0, 0);
		break;
	case 3: {
		/* a pointer moved by a constant, or worse */
		static const u8 ops[] = { BPF_AND, BPF_MUL, BPF_OR, BPF_LSH };

		p = find_ptr(g);
		if (p < 0)
			p = rnd(MAX_BPF_REG);
		if (!bad(50)) {
			s32 k = 8 * ((s32)rnd(9) - 4);

			emit(g, INSN(BPF_ALU64 | BPF_ADD | BPF_K, p, 0, 0, k));
			if (p < BPF_REG_10)
				g->m.r[p].off = wadd(g->m.r[p].off, k);
			break;
		}
		emit(g, INSN((chance(60) ? BPF_ALU64 : BPF_ALU) |
			     ops[rnd(ARRAY_SIZE(ops))] | BPF_K, p, 0, 0,
			     rnd_imm()));
		set_reg(g, p, K_NONE, 0, 0);
		break;
	}
	default:
		/* the map pointer itself */
		emit_map_fd(g, scratch_reg(g), pick_map());
	}
}

static void gen_simple(struct gen *g);

/* if (cond) { A } else { B } */
static void gen_diamond(struct gen *g)
{
	struct gmodel *snap = malloc(2 * sizeof(*snap));
	u32 j, a;

	emit_cond(g);
	j = g->p->len - 1;
	snap[0] = g->m;
	gen_simple(g);
	emit(g, INSN(BPF_JMP | BPF_JA, 0, 0, 0, 0));
	a = g->p->len - 1;
	patch(g, j);
	snap[1] = g->m;
	g->m = snap[0];
	gen_simple(g);
	patch(g, a);
	meet(&g->m, &snap[1]);
	free(snap);
}

/* A branch whose outcome the verifier knows: the other side is dead. */
static void gen_dead_branch(struct gen *g)
{
	struct gmodel *snap = malloc(sizeof(*snap));
	int r = scratch_reg(g);
	s32 k = rnd_imm();
	u32 j;

	if (r == BPF_REG_10)
		r = BPF_REG_0;
	if (chance(70)) {
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, k));
		set_known(g, r, k);
	}
	emit(g, INSN((chance(70) ? BPF_JMP : BPF_JMP32) |
		     (chance(50) ? BPF_JEQ : BPF_JSGT) | BPF_K, r, 0, 0,
		     chance(70) ? k : rnd_imm()));
	j = g->p->len - 1;
	*snap = g->m;
	/* something unsafe that must never run */
	switch (rnd(3)) {
	case 0:
		emit(g, INSN(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, -520,
			     0));
		break;
	case 1:
		emit(g, INSN(BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_0, BPF_REG_10,
			     -504, 0));
		set_reg(g, BPF_REG_0, K_SCALAR, 0, 0);
		break;
	default:
		gen_simple(g);
	}
	patch(g, j);
	meet(&g->m, snap);
	free(snap);
}

static void gen_early_exit(struct gen *g)
{
	struct greg r0 = g->m.r[BPF_REG_0];

	emit_cond(g);
	g->p->insns[g->p->len - 1].off = 2;
	if (!bad(10))
		emit(g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0,
			     rnd_imm()));
	else
		emit(g, INSN(BPF_ALU | BPF_MOV | BPF_X, BPF_REG_0,
			     (int)rnd(MAX_BPF_REG), 0, 0));
	emit(g, INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
	g->m.r[BPF_REG_0] = r0;
}

/* Snippets without branches of their own, for the branches' bodies. */
static void gen_simple(struct gen *g)
{
	switch (rnd(14)) {
	case 0:
	case 1:
	case 2:
		gen_alu(g);
		break;
	case 3:
		gen_ld64(g);
		break;
	case 4:
	case 5:
		gen_stack_store(g);
		break;
	case 6:
	case 7:
		gen_stack_load(g);
		break;
	case 8:
		gen_spill_fill(g);
		break;
	case 9:
	case 10:
		gen_ctx_load(g);
		break;
	case 11:
		gen_xadd(g);
		break;
	case 12:
		gen_ptr_arith(g);
		break;
	default:
		if (g->p->type == T_SKB && chance(50))
			gen_ld_abs(g);
		else
			gen_helper(g);
	}
}

static void gen_snippet(struct gen *g)
{
	switch (rnd(20)) {
	case 0:
	case 1:
	case 2:
	case 3:
		gen_lookup(g);
		break;
	case 4:
		gen_update_delete(g);
		break;
	case 5:
	case 6:
		emit_cond(g);
		jump_later(g, 1 + rnd(3));
		break;
	case 7:
		gen_diamond(g);
		break;
	case 8:
		gen_dead_branch(g);
		break;
	case 9:
		gen_early_exit(g);
		break;
	case 10:
		if (bad(30)) {
			/* a jump over the next snippets: they are dead */
			emit(g, INSN(BPF_JMP | BPF_JA, 0, 0, 0, 0));
			jump_later(g, 1 + rnd(2));
			break;
		}
		/* fall through */
	default:
		gen_simple(g);
	}
}

static void gen_init(struct gen *g, struct prog *p)
{
	memset(g, 0, offsetof(struct gen, pend));
	g->npend = 0;
	g->next_id = 0;
	g->p = p;
	set_reg(g, BPF_REG_1, K_CTX, 0, 0);
	g->m.r[BPF_REG_10].kind = K_FP;
}

/* Ends the jumps due at this snippet boundary (all, with @all). */
static void land_jumps(struct gen *g, bool all)
{
	int k;

	for (k = 0; k < g->npend; k++) {
		if (!all && --g->pend[k].left)
			continue;
		patch(g, g->pend[k].at);
		meet(&g->m, &g->pend[k].snap);
		g->pend[k--] = g->pend[--g->npend];
	}
}

static void generate(struct prog *p)
{
	static struct gen g;
	int n, i;

	/* a third clean, a third a little sloppy, a third at full rate */
	err_scale = chance(40) ? 3 : chance(50) ? 30 : 100;
	gen_init(&g, p);
	p->len = 0;
	if (!bad(30)) {
		emit(&g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6,
			      BPF_REG_1, 0, 0));
		set_reg(&g, BPF_REG_6, K_CTX, 0, 0);
	}
	if (chance(50)) {
		emit(&g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0,
			      0));
		set_known(&g, BPF_REG_0, 0);
	}
	n = 1 + rnd(chance(80) ? 12 : 40);
	for (i = 0; i < n && p->len < GEN_MAX - 80; i++) {
		gen_snippet(&g);
		land_jumps(&g, false);
	}
	land_jumps(&g, true);

	/* the return value */
	if (g.m.r[BPF_REG_0].kind != K_SCALAR && !bad(3)) {
		if (chance(70))
			emit(&g, INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0,
				      0, 0, rnd_imm()));
		else
			emit(&g, INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0,
				      scalar_reg(&g), 0, 0));
	}
	emit(&g, INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
}

/* ---- mutation ------------------------------------------------------- */

static bool is_jump(const struct bpf_insn *i)
{
	u8 cls = BPF_CLASS(i->code), op = BPF_OP(i->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL &&
	       op != BPF_EXIT;
}

/* Makes room at @pos (or removes insn @pos when @del), keeping jumps. */
static void shift_insns(struct prog *p, u32 pos, bool del)
{
	u32 i;

	for (i = 0; i < p->len; i++) {
		struct bpf_insn *in = &p->insns[i];
		s64 t = (s64)i + in->off + 1, ni = i, nt = t;

		if (!is_jump(in) || (del && i == pos))
			continue;
		if (del) {
			ni -= i > pos;
			nt -= t > pos;
		} else {
			ni += i >= pos;
			nt += t > pos || (t == pos && chance(50));
		}
		if (nt - ni - 1 >= -32768 && nt - ni - 1 <= S16_MAX)
			in->off = nt - ni - 1;
	}
	if (del) {
		memmove(&p->insns[pos], &p->insns[pos + 1],
			(p->len - pos - 1) * sizeof(p->insns[0]));
		p->len--;
	} else {
		memmove(&p->insns[pos + 1], &p->insns[pos],
			(p->len - pos) * sizeof(p->insns[0]));
		p->len++;
	}
}

/* Whether the encoding has room for a register in dst_reg / src_reg. */
static bool uses_dst(const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	if (cls == BPF_JMP && (op == BPF_CALL || op == BPF_EXIT ||
			       op == BPF_JA))
		return false;
	return !(cls == BPF_LD && BPF_MODE(in->code) != BPF_IMM);
}

static bool uses_src(const struct bpf_insn *in)
{
	u8 cls = BPF_CLASS(in->code);

	if (cls == BPF_LDX || cls == BPF_STX)
		return true;
	if (cls == BPF_LD)
		return BPF_MODE(in->code) == BPF_IND;
	if (cls == BPF_ST || (cls == BPF_JMP && BPF_OP(in->code) == BPF_CALL))
		return false;
	return BPF_SRC(in->code) == BPF_X && BPF_OP(in->code) != BPF_END;
}

static struct bpf_insn random_insn(u8 type)
{
	static struct prog tmp;
	static const u8 codes[] = {
		BPF_ALU64 | BPF_ADD | BPF_K, BPF_ALU64 | BPF_MOV | BPF_X,
		BPF_ALU64 | BPF_MOV | BPF_K, BPF_ALU | BPF_MOV | BPF_X,
		BPF_LDX | BPF_MEM | BPF_DW, BPF_LDX | BPF_MEM | BPF_W,
		BPF_LDX | BPF_MEM | BPF_B, BPF_STX | BPF_MEM | BPF_DW,
		BPF_STX | BPF_MEM | BPF_W, BPF_ST | BPF_MEM | BPF_DW,
		BPF_ST | BPF_MEM | BPF_H, BPF_STX | BPF_ATOMIC | BPF_DW,
		BPF_JMP | BPF_JEQ | BPF_K, BPF_JMP | BPF_JNE | BPF_X,
		BPF_JMP32 | BPF_JSGT | BPF_K, BPF_JMP | BPF_CALL,
		BPF_LD | BPF_ABS | BPF_W, BPF_LD | BPF_IND | BPF_B,
		BPF_JMP | BPF_EXIT, BPF_JMP | BPF_JA,
	};
	struct bpf_insn in = { 0 };

	if (chance(60)) {
		/* one instruction the generator would write */
		static struct gen g;

		gen_init(&g, &tmp);
		tmp.len = 0;
		tmp.type = type;
		gen_simple(&g);
		if (tmp.len)
			return tmp.insns[rnd(tmp.len)];
	}
	in.code = chance(85) ? codes[rnd(ARRAY_SIZE(codes))] : rnd(256);
	in.dst_reg = rnd(chance(98) ? 11 : 16);
	in.src_reg = rnd(chance(98) ? 11 : 16);
	in.off = chance(50) ? (s16)(rnd(32) - 16) : -8 * (s16)rnd(65);
	in.imm = rnd_imm();
	if (BPF_CLASS(in.code) == BPF_JMP && BPF_OP(in.code) == BPF_CALL) {
		in.dst_reg = in.src_reg = in.off = 0;
		in.imm = rnd(32);
	}
	if (BPF_CLASS(in.code) == BPF_STX &&
	    BPF_MODE(in.code) == BPF_ATOMIC)
		in.imm = BPF_ADD;
	if (is_jump(&in))
		in.off = rnd(6);
	return in;
}

/*
 * Changes one field the instruction's class uses (now and then any field),
 * so that most mutants get past the encoding checks to the walk.
 */
static void mutate_field(struct bpf_insn *in)
{
	static const s16 doff[] = { 1, -1, 2, -2, 4, -4, 8, -8 };
	u8 cls = BPF_CLASS(in->code);
	bool mem = cls == BPF_LDX || cls == BPF_STX || cls == BPF_ST;

	if (bad(10)) {
		switch (rnd(5)) {
		case 0:
			in->code ^= 1 << rnd(8);
			break;
		case 1:
			in->dst_reg = rnd(16);
			break;
		case 2:
			in->src_reg = rnd(16);
			break;
		case 3:
			in->off = wadd(in->off, doff[rnd(ARRAY_SIZE(doff))]);
			break;
		default:
			in->imm = rnd_imm();
		}
		return;
	}
	switch (rnd(4)) {
	case 0:
		/* a register */
		if (chance(50) || cls == BPF_ST || in->code == (BPF_JMP | BPF_CALL))
			in->dst_reg = rnd(11);
		else if (BPF_SRC(in->code) == BPF_X || mem)
			in->src_reg = rnd(11);
		if (in->code == (BPF_JMP | BPF_CALL))
			in->dst_reg = 0;
		break;
	case 1:
		/* the offset of a load, store or jump; else the immediate */
		if (mem || cls == BPF_JMP || cls == BPF_JMP32) {
			in->off = wadd(in->off, doff[rnd(ARRAY_SIZE(doff))]);
			if (in->code == (BPF_JMP | BPF_CALL) ||
			    in->code == (BPF_JMP | BPF_EXIT))
				in->off = 0;
			break;
		}
		/* fall through */
	case 2:
		if (in->code == (BPF_JMP | BPF_EXIT) ||
		    (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC) ||
		    BPF_SRC(in->code) == BPF_X)
			break;
		in->imm = chance(50) ? wadd(in->imm, doff[rnd(ARRAY_SIZE(doff))])
				     : rnd_imm();
		break;
	default:
		/* the size of an access, the operation of an ALU or jump */
		if (mem)
			in->code = (in->code & ~0x18) | (rnd(4) << 3);
		else if ((cls == BPF_ALU || cls == BPF_ALU64) &&
			 BPF_OP(in->code) != BPF_END)
			in->code = (in->code & 0x0f) | (rnd(13) << 4);
		else if ((cls == BPF_JMP || cls == BPF_JMP32) &&
			 BPF_OP(in->code) != BPF_CALL &&
			 BPF_OP(in->code) != BPF_EXIT &&
			 BPF_OP(in->code) != BPF_JA)
			in->code = (in->code & 0x0f) | ((1 + rnd(13)) << 4);
		else if (cls == BPF_JMP || cls == BPF_JMP32)
			in->code ^= BPF_JMP ^ BPF_JMP32;
	}
}

static void mutate(struct prog *p, const struct prog *other)
{
	int n = 1 + rnd(chance(70) ? 2 : 5);
	u32 pos, i;

	while (n--) {
		if (!p->len)
			return;
		pos = rnd(p->len);
		/* the second half of an LD_IMM64 is data: mostly left alone */
		if (pos && p->insns[pos - 1].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    !bad(10))
			pos--;
		switch (rnd(10)) {
		case 0:
		case 1:
		case 2:
			mutate_field(&p->insns[pos]);
			break;
		case 3: {
			struct bpf_insn *in = &p->insns[pos];
			u8 t = in->dst_reg;

			if (!(uses_dst(in) && uses_src(in)) && !bad(10))
				break;
			in->dst_reg = in->src_reg;
			in->src_reg = t;
			break;
		}
		case 4: {
			/* rename a register from @pos on */
			u8 a = rnd(10), b = rnd(10);

			for (i = pos; i < p->len; i++) {
				struct bpf_insn *in = &p->insns[i];

				if (i && p->insns[i - 1].code ==
				    (BPF_LD | BPF_IMM | BPF_DW))
					continue;
				if (!uses_dst(in))
					;
				else if (in->dst_reg == a)
					in->dst_reg = b;
				else if (in->dst_reg == b)
					in->dst_reg = a;
				if (!uses_src(in))
					;
				else if (in->src_reg == a)
					in->src_reg = b;
				else if (in->src_reg == b)
					in->src_reg = a;
			}
			break;
		}
		case 5:
		case 6:
			if (p->len >= MAX_INSNS - 1)
				break;
			shift_insns(p, pos, false);
			p->insns[pos] = random_insn(p->type);
			break;
		case 7:
			if (p->len < 3)
				break;
			if (p->insns[pos].code == (BPF_LD | BPF_IMM | BPF_DW) &&
			    pos + 1 < p->len && !bad(10))
				shift_insns(p, pos, true);
			shift_insns(p, pos, true);
			break;
		case 8:
			/* a piece of another accepted program */
			if (!other || !other->len)
				break;
			{
				u32 from = rnd(other->len);
				u32 cnt = 1 + rnd(6);

				for (i = 0; i < cnt && from + i < other->len &&
				     p->len < MAX_INSNS - 1; i++) {
					shift_insns(p, pos + i, false);
					p->insns[pos + i] = other->insns[from + i];
				}
			}
			break;
		default:
			/* another jump target */
			for (i = 0; i < p->len; i++) {
				struct bpf_insn *in = &p->insns[(pos + i) % p->len];

				if (is_jump(in)) {
					in->off += chance(50) ? 1 : -1;
					if (chance(30))
						in->off = rnd(p->len - (pos + i) % p->len);
					break;
				}
			}
		}
	}
}

static void noise(struct prog *p)
{
	u32 n = 1 + rnd(30), i;

	p->len = 0;
	for (i = 0; i < n; i++)
		p->insns[p->len++] = random_insn(p->type);
	if (chance(80)) {
		p->insns[p->len++] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0,
					  0);
		p->insns[p->len++] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}
}

/* ---- verify and run ------------------------------------------------- */

static struct prog pool[POOL_SIZE];
static u32 pool_len;
static char *log_buf;
static bool quiet, gen_only;
static u32 show_rejects;

/* A stack for bpf_interp_exec() full of poison: unset registers show. */
static noinline void poison_stack(void)
{
	u64 buf[2048];
	int i;

	for (i = 0; i < 2048; i++)
		buf[i] = POISON;
	/* the stores must happen although nothing reads them */
	asm volatile("" : : "r"(buf) : "memory");
}

#ifdef FUZZ_JIT
/*
 * fuzz_jit runs the interpreter and the JIT on a stack of its own
 * (fz_call_on_stack: @fn(@a1, @a2) with rsp = @top): the interpreter below
 * ALT_INTERP_TOP, the JIT's first run with R10 at the interpreter's R10,
 * so that whatever a program computes from an address is the same in
 * both, and its second run where R10 differs from that in every bit from
 * 4 to 19 (and above), to tell results made of addresses.
 */
#define ALT_STACK_SIZE	(4UL << 20)
#define ALT_INTERP_TOP	(1UL << 20)
static u8 *alt_stack;

u64 fz_call_on_stack(const void *fn, const void *a1, const void *a2,
		     void *top);
/* set when a call gave back rbx or r12-r15 changed */
int fz_clobbered;
asm(".text\n"
	".globl fz_call_on_stack\n"
	"fz_call_on_stack:\n"
	"	push %rbp\n"
	"	mov %rsp, %rbp\n"
	"	push %rbx\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	mov %rcx, %rsp\n"
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	mov %rdx, %rsi\n"
	"	movabs $0x6b6b6b6b6b6b6b03, %rbx\n"
	"	movabs $0x6b6b6b6b6b6b6b0c, %r12\n"
	"	movabs $0x6b6b6b6b6b6b6b0d, %r13\n"
	"	movabs $0x6b6b6b6b6b6b6b0e, %r14\n"
	"	movabs $0x6b6b6b6b6b6b6b0f, %r15\n"
	"	call *%rax\n"
	"	movabs $0x6b6b6b6b6b6b6b03, %rdx\n"
	"	cmp %rdx, %rbx\n"
	"	jne 1f\n"
	"	movabs $0x6b6b6b6b6b6b6b0c, %rdx\n"
	"	cmp %rdx, %r12\n"
	"	jne 1f\n"
	"	movabs $0x6b6b6b6b6b6b6b0d, %rdx\n"
	"	cmp %rdx, %r13\n"
	"	jne 1f\n"
	"	movabs $0x6b6b6b6b6b6b6b0e, %rdx\n"
	"	cmp %rdx, %r14\n"
	"	jne 1f\n"
	"	movabs $0x6b6b6b6b6b6b6b0f, %rdx\n"
	"	cmp %rdx, %r15\n"
	"	je 2f\n"
	"1:	movl $1, fz_clobbered(%rip)\n"
	"2:	lea -40(%rbp), %rsp\n"
	"	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbx\n"
	"	pop %rbp\n"
	"	ret\n");

static void poison_alt(u8 *top, u64 pattern)
{
	u64 *p = (u64 *)(top - 65536);
	u32 i;

	for (i = 0; i < 65536 / 8; i++)
		p[i] = pattern;
}

static unsigned int interp_on_alt(const void *ctx,
				  const struct bpf_interp_slot *slot)
{
	poison_alt(alt_stack + ALT_INTERP_TOP, POISON);
	return fz_call_on_stack(bpf_interp_exec, ctx, slot,
				alt_stack + ALT_INTERP_TOP);
}
#endif

/*
 * The only caller of bpf_interp_exec(), so that its frame, regs[] and R10
 * are at the same address in every run; the first call finds them with a
 * program of its own, which also tells whether an unset register shows
 * the poison.
 */
static noinline unsigned int run_prog(const void *ctx,
				      const struct bpf_interp_slot *p)
{
	static const struct bpf_insn cal[] = {
		INSN(BPF_ST | BPF_MEM | BPF_DW, BPF_REG_10, 0, -8, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_3, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	struct bpf_interp_slot cal_slots[ARRAY_SIZE(cal)];
	unsigned int r;

	if (!cal_regs) {
		bpf_interp_prepare(cal_slots, cal, ARRAY_SIZE(cal));
		calibrating = true;
		poison_stack();
#ifdef FUZZ_JIT
		r = interp_on_alt(NULL, cal_slots);
#else
		r = bpf_interp_exec(NULL, cal_slots);
#endif
		calibrating = false;
		poison_ok = r == (u32)POISON;
		if (!cal_regs) {
			fprintf(stderr, "fuzz: calibration failed\n");
			exit(2);
		}
		if (!poison_ok)
			fprintf(stderr, "fuzz: note: no poison in unset registers; uninitialised R0 goes unseen\n");
#ifdef FUZZ_JIT
		/* the JIT's first run puts its R10 there: calls need 16 */
		if (cal_fp & 15) {
			fprintf(stderr, "fuzz_jit: the interpreter's R10 %#llx is not 16-byte aligned\n",
				(unsigned long long)cal_fp);
			exit(2);
		}
#endif
	}
	poison_stack();
#ifdef FUZZ_JIT
	return interp_on_alt(ctx, p);
#else
	return bpf_interp_exec(ctx, p);
#endif
}

/*
 * Copies the rewritten program with each EXIT turned into a jump to an
 * epilogue that tells whether the program got there: R1 = R0, call.
 */
static int prepare_run(const struct bpf_insn *out, u32 len)
{
	s32 imm;
	u32 i;

	if (len + 4 > ARRAY_SIZE(run_insns) || len + 4 > S16_MAX)
		return -1;
	imm = (long)((char *)fz_exit - (char *)__bpf_call_base);
	for (i = 0; i < len; i++) {
		run_insns[i] = out[i];
		/* a rewritten program never writes R10 */
		if ((BPF_CLASS(out[i].code) == BPF_ALU ||
		     BPF_CLASS(out[i].code) == BPF_ALU64 ||
		     BPF_CLASS(out[i].code) == BPF_LDX ||
		     BPF_CLASS(out[i].code) == BPF_LD) &&
		    out[i].dst_reg == BPF_REG_10) {
			cur.run = out;
			cur.run_len = len;
			report("accepted program writes R10 at insn %u", i);
		}
		if (out[i].code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < len) {
			i++;
			run_insns[i] = out[i];
			continue;
		}
		if (out[i].code == (BPF_JMP | BPF_EXIT))
			run_insns[i] = INSN(BPF_JMP | BPF_JA, 0, 0,
					    len - i - 1, 0);
	}
	run_insns[len] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1,
			      BPF_REG_0, 0, 0);
	run_insns[len + 1] = INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2,
				  BPF_REG_10, 0, 0);
	run_insns[len + 2] = INSN(BPF_JMP | BPF_CALL, 0, 0, 0, imm);
	run_insns[len + 3] = INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	cur.run = run_insns;
	bpf_interp_prepare(run_slots, run_insns, len + 4);
	cur.run_len = len + 4;
	return 0;
}

#ifdef FUZZ_JIT
/* ---- fuzz_jit: the same run through the JIT ------------------------- */

#define SNAP_MAX	16	/* entries of the largest map */

static u8 stack_interp[MAX_BPF_STACK];

static struct map_snap {
	u32 n[NMAPS];
	u8 key[NMAPS][SNAP_MAX][16];
	u8 val[NMAPS][SNAP_MAX][48];
} snap_start, snap_interp, snap_jit;

static void maps_snap(struct map_snap *s)
{
	u32 m, n;
	u8 *prev;

	for (m = 0; m < NMAPS; m++) {
		for (n = 0, prev = NULL; n < SNAP_MAX; n++) {
			memset(s->key[m][n], 0, sizeof(s->key[m][n]));
			if (bpf_map_next_key(maps[m], prev, s->key[m][n]))
				break;
			if (bpf_map_copy_value(maps[m], s->key[m][n],
					       s->val[m][n]))
				report("fuzz_jit: cannot read map %u", m);
			prev = s->key[m][n];
		}
		s->n[m] = n;
	}
}

/* The entry of map @m with @key in @s, or -1. */
static int snap_find(const struct map_snap *s, u32 m, const u8 *key)
{
	u32 i;

	for (i = 0; i < s->n[m]; i++)
		if (!memcmp(s->key[m][i], key, maps[m]->key_size))
			return i;
	return -1;
}

/* -1 when the maps are the same, else the first map that differs */
static int snap_diff(const struct map_snap *a, const struct map_snap *b)
{
	u32 m, i;
	int j;

	for (m = 0; m < NMAPS; m++) {
		if (a->n[m] != b->n[m])
			return m;
		for (i = 0; i < a->n[m]; i++) {
			j = snap_find(b, m, a->key[m][i]);
			if (j < 0 || memcmp(a->val[m][i], b->val[m][j],
					    maps[m]->value_size))
				return m;
		}
	}
	return -1;
}

static void maps_restore(const struct map_snap *s, const struct map_snap *now)
{
	u32 m, i;
	void *v;

	for (m = 0; m < NMAPS; m++) {
		/* the same keys: values in place, at the same addresses */
		for (i = 0; s->n[m] == now->n[m] && i < s->n[m]; i++)
			if (snap_find(now, m, s->key[m][i]) < 0)
				break;
		if (i == s->n[m]) {
			for (i = 0; i < s->n[m]; i++) {
				v = maps[m]->ops->map_lookup_elem(maps[m],
							(void *)s->key[m][i]);
				memcpy(v, s->val[m][i], maps[m]->value_size);
			}
			continue;
		}
		for (i = 0; i < now->n[m]; i++)
			if (map_defs[m].type == BPF_MAP_TYPE_HASH &&
			    snap_find(s, m, now->key[m][i]) < 0)
				bpf_map_delete_key(maps[m], (void *)now->key[m][i]);
		for (i = 0; i < s->n[m]; i++)
			if (bpf_map_update_value(maps[m], (void *)s->key[m][i],
						 (void *)s->val[m][i], BPF_ANY))
				report("fuzz_jit: cannot restore map %u", m);
	}
}

struct jit_result {
	bool exited;
	u32 nregions;
	u64 start[MAX_REGIONS];
	u64 r0, ret;
	u8 stack[MAX_BPF_STACK];
	struct map_snap maps;
};

static struct jit_result res[2];

static void jit_run(struct bpf_prog *fp, struct jit_result *r, u64 rng_start,
		    u64 ktime_start, u64 other_fp)
{
	u8 *top;
	u32 i;

	maps_snap(&snap_jit);
	if (snap_diff(&snap_start, &snap_jit) >= 0)
		maps_restore(&snap_start, &snap_jit);
	rng = rng_start;
	ktime_now = ktime_start;
	run.nregions = 0;
	run.exited = false;
	run.fp = 0;
	memset(run_stack, 0, sizeof(run_stack));
	cur.phase = "running through the JIT";
	jit_running = true;
	run_serial++;
	in_run = 1;
	rcu_read_lock();
	/* the JIT's R10 is its entry stack pointer - 16 */
	if (!other_fp)
		top = (u8 *)(unsigned long)(cal_fp + 16);
	else
		top = alt_stack + ALT_STACK_SIZE / 2 +
		      ((~other_fp) & 0xffff0) + 16;
	poison_alt(top, other_fp ? 0x5a5a5a5a5a5a5a5aULL :
		   0xa5a5a5a5a5a5a5a5ULL);
	fz_clobbered = 0;
	r->ret = fz_call_on_stack(fp->bpf_func, run.ctx, NULL, top);
	rcu_read_unlock();
	if (fz_clobbered)
		report("fuzz_jit: the JIT's image changed a callee-saved register");
	in_run = 0;
	jit_running = false;
	r->exited = run.exited;
	r->r0 = run.r0;
	r->nregions = run.nregions;
	for (i = 0; i < run.nregions; i++)
		r->start[i] = run.region[i].start;
	memcpy(r->stack, run_stack, sizeof(run_stack));
	maps_snap(&r->maps);
	cur.phase = "comparing";
	if (r->exited && r->ret != r->r0)
		report("fuzz_jit: the JIT's return value %#llx is not R0 %#llx",
		       (unsigned long long)r->ret, (unsigned long long)r->r0);
	if (!r->exited && r->ret)
		report("fuzz_jit: a failed packet load returned %#llx from the JIT",
		       (unsigned long long)r->ret);
}

/*
 * Map values move when a program updates a hash map: a pointer to the
 * k-th looked-up value at some offset is the same in both runs, even when
 * bytes of it were overwritten since (in a stack slot).
 */
static struct jit_result interp_res;

static bool ptr_bytes(u64 a, u64 b, u64 pa, u64 pb)
{
	u64 diff = a ^ b;
	int j;

	for (j = 0; j < 64; j += 8)
		if ((diff >> j & 0xff) && (((a ^ pa) >> j & 0xff) ||
					   ((b ^ pb) >> j & 0xff)))
			return false;
	return true;
}

static bool same_value_ptr(u64 a, u64 b)
{
	const struct jit_result *r = &res[0], *ri = &interp_res;
	u32 k, d;

	for (k = 0; k < ri->nregions && k < r->nregions; k++)
		for (d = 0; d <= 48; d++)
			if (ptr_bytes(a, b, ri->start[k] + d,
				      r->start[k] + d))
				return true;
	return false;
}

/* Map @m after the JIT's runs against the interpreter's, where they agree. */
static void compare_map(u32 m)
{
	const struct map_snap *a = &res[0].maps, *b = &res[1].maps;
	u32 i, k;
	int j, ji;

	for (i = 0; i < a->n[m]; i++)
		if (snap_find(b, m, a->key[m][i]) < 0)
			return;		/* keys made of addresses */
	if (a->n[m] != b->n[m])
		return;
	if (snap_interp.n[m] != a->n[m])
		report("fuzz_jit: map %u has %u entries after the interpreter, %u after the JIT",
		       m, snap_interp.n[m], a->n[m]);
	for (i = 0; i < a->n[m]; i++) {
		j = snap_find(b, m, a->key[m][i]);
		ji = snap_find(&snap_interp, m, a->key[m][i]);
		if (ji < 0)
			report("fuzz_jit: map %u: a key the JIT's run has is not in the interpreter's",
			       m);
		for (k = 0; k < maps[m]->value_size; k++)
			if (a->val[m][i][k] == b->val[m][j][k] &&
			    a->val[m][i][k] != snap_interp.val[m][ji][k])
				report("fuzz_jit: map %u: value byte %u: %#x from the interpreter, %#x from the JIT",
				       m, k, snap_interp.val[m][ji][k],
				       a->val[m][i][k]);
	}
}

static bool same_slot_ptr(u32 i)
{
	u64 a, b;

	memcpy(&a, &stack_interp[i & ~7], 8);
	memcpy(&b, &res[0].stack[i & ~7], 8);
	return same_value_ptr(a, b);
}

/*
 * The program again, through the JIT, twice, from the state the
 * interpreter started from: all that the two agree on must be what the
 * interpreter left.
 */
static void jit_compare(u64 rng_start, u64 ktime_start)
{
	bool exited = run.exited;
	u64 r0 = run.r0;
	struct bpf_prog *fp;
	bool addr_dep;
	u32 i, m;

	maps_snap(&snap_interp);
	memcpy(stack_interp, run_stack, sizeof(run_stack));
	interp_res.nregions = run.nregions;
	for (i = 0; i < run.nregions; i++)
		interp_res.start[i] = run.region[i].start;

	cur.phase = "compiling with the JIT";
	/* the run's epilogue passes R10 on: the JIT takes the verifier's depth */
	fp = host_jit_prog_depth(cur.run, cur.run_len, cur.stack_depth);
	if (!fp)
		report("fuzz_jit: out of memory");
	if (!fp->jited)
		report("fuzz_jit: the JIT refused an accepted program");
	st.jit_runs++;
	st.jit_bytes += fp->jited_len;

	jit_run(fp, &res[0], rng_start, ktime_start, 0);
	if (res[0].exited && run.fp != cal_fp)
		report("fuzz_jit: the JIT's R10 %#llx is not the interpreter's %#llx",
		       (unsigned long long)run.fp,
		       (unsigned long long)cal_fp);
	jit_run(fp, &res[1], rng_start, ktime_start, cal_fp);
	host_jit_prog_free(fp);

	addr_dep = res[0].exited != res[1].exited;
	if (!addr_dep && res[0].exited != exited)
		report("fuzz_jit: the interpreter %s EXIT, the JIT %s",
		       exited ? "reached" : "did not reach",
		       res[0].exited ? "did" : "did not");
	if (res[0].r0 != res[1].r0)
		addr_dep = true;
	else if (exited && r0 != res[0].r0 && !same_value_ptr(r0, res[0].r0))
		report("fuzz_jit: R0 %#llx from the interpreter, %#llx from the JIT",
		       (unsigned long long)r0, (unsigned long long)res[0].r0);
	for (i = 0; exited && res[1].exited && i < MAX_BPF_STACK; i++) {
		if (!run.shadow[i])
			continue;
		if (res[0].stack[i] != res[1].stack[i])
			addr_dep = true;
		else if (res[0].stack[i] != stack_interp[i] &&
			 !same_slot_ptr(i))
			report("fuzz_jit: stack byte fp%d: %#x from the interpreter, %#x from the JIT",
			       (int)i - MAX_BPF_STACK, stack_interp[i],
			       res[0].stack[i]);
	}
	for (m = 0; m < NMAPS; m++)
		compare_map(m);
	if (snap_diff(&res[0].maps, &res[1].maps) >= 0)
		addr_dep = true;
	st.jit_addr_dep += addr_dep;
	cur.phase = "between programs";
}
#endif

static void execute(const struct prog *p, const struct bpf_insn *out,
		    u32 out_len)
{
	unsigned long bad = host_bad_insns;
	u32 i;

	for (i = 0; i < out_len; i++)
		if (out[i].code == (BPF_JMP | BPF_JA) && out[i].off == -1)
			break;
	st.with_traps += i < out_len;
	if (prepare_run(out, out_len))
		return;

	run.type = p->type;
	if (p->type == T_SKB) {
		u8 *b = (u8 *)skb;

		for (i = 0; i < sizeof(*skb); i++)
			b[i] = rnd64();
		run.ctx = (const u8 *)skb;
		run.ctx_size = sizeof(*skb);
		host_pkt_set_current(pkts[rnd(ARRAY_SIZE(pkts))]);
		host_pkt_set_ctx(skb);
	} else {
		for (i = 0; i < KPROBE_CTX_SIZE; i++)
			kprobe_ctx[i] = rnd64();
		run.ctx = kprobe_ctx;
		run.ctx_size = KPROBE_CTX_SIZE;
		host_pkt_set_current(NULL);
	}
	memset(run.shadow, 0, sizeof(run.shadow));
	run.nregions = 0;
	run.exited = false;
	run_misaligned_atomic = false;

#ifdef FUZZ_JIT
	u64 rng_start = rng, ktime_start = ktime_now;

	maps_snap(&snap_start);
#endif
	cur.phase = "running";
	run_serial++;
	in_run = 1;
	rcu_read_lock();
	run_prog(run.ctx, run_slots);
	rcu_read_unlock();
	in_run = 0;
	cur.phase = "between programs";

	st.known_misaligned_atomic += run_misaligned_atomic;
	if (host_bad_insns != bad)
		report("the interpreter met an opcode the verifier should have rejected");
	if (run.exited) {
		st.exited++;
		if (run.r0 == POISON && poison_ok) {
			st.uninit_reg++;
			report("R0 at exit is uninitialised (poison)");
		}
	} else {
		st.ld_abs_ended++;
	}
#ifdef FUZZ_JIT
	jit_compare(rng_start, ktime_start);
#endif
	cur.run = NULL;
}

static int verify(struct prog *p, u32 level, struct bpf_verify_args *a,
		  struct bpf_vlog *log)
{
	memset(a, 0, sizeof(*a));
	a->type = &type_info[p->type];
	a->insns = p->insns;
	a->len = p->len;
	a->gpl_compatible = p->gpl;
	a->map_from_fd = fuzz_map_from_fd;
	if (level) {
		memset(log, 0, sizeof(*log));
		log->buf = log_buf;
		log->size = LOG_SIZE;
		log->level = level;
		log_buf[0] = 0;
		a->log = log;
	}
	return bpf_verify(a);
}

/* One program through the verifier, and through the interpreter if it passes. */
static noinline int fuzz_one(struct prog *p)
{
	struct bpf_verify_args a;
	struct bpf_vlog log;
	static struct prog orig;
	int err;

	orig = *p;
	cur.prog = &orig;
	cur.phase = "verifying";
	err = verify(p, 0, &a, NULL);
	st.processed += a.insn_processed;
	if (a.insn_processed > st.max_processed)
		st.max_processed = a.insn_processed;
	if (memcmp(p->insns, orig.insns, p->len * sizeof(p->insns[0])))
		report("the verifier changed the program it was given");
	if (err) {
		kvfree(a.out);
		st.rejected++;
		/* again with a log, for the reason */
		verify(p, 1, &a, &log);
		kvfree(a.out);
		count_reason(log.truncated ? "(log truncated)" : log_buf);
		if (show_rejects) {
			show_rejects--;
			dump_insns("rejected", p->insns, p->len);
			fprintf(stderr, "%s\n", log_buf);
		}
		cur.phase = "between programs";
		return err;
	}
	st.accepted++;
	cur.stack_depth = a.stack_depth;
	execute(p, a.out, a.out_len);
	kvfree(a.out);
	return 0;
}

static void setup(void)
{
	static u8 pkt_bytes[128];
	static const u32 lens[] = { 0, 14, 60, 128 };
	struct itimerval it = { { 1, 0 }, { 1, 0 } };
	struct sigaction sa;
	u32 i;

	rcu_register_thread();
	lookup_proto = bpf_map_lookup_elem_proto;
	lookup_proto.func = fz_lookup;
	update_proto = bpf_map_update_elem_proto;
	update_proto.func = fz_update;
	delete_proto = bpf_map_delete_elem_proto;
	delete_proto.func = fz_delete;
	maps_create();
	skb = malloc(sizeof(*skb));
	kprobe_ctx = malloc(KPROBE_CTX_SIZE);
	log_buf = malloc(LOG_SIZE);
	for (i = 0; i < sizeof(pkt_bytes); i++)
		pkt_bytes[i] = rnd64();
	for (i = 0; i < ARRAY_SIZE(pkts); i++)
		pkts[i] = host_pkt_new(pkt_bytes, lens[i], lens[i] ? 14 : 0, 0);
#ifdef FUZZ_JIT
	/* 1 MiB aligned, so that R10's bits 4-19 are the ones chosen */
	alt_stack = aligned_alloc(1UL << 20, ALT_STACK_SIZE);
	if (!alt_stack) {
		fprintf(stderr, "fuzz: out of memory\n");
		exit(2);
	}
#endif
	if (!skb || !kprobe_ctx || !log_buf || !pkts[0]) {
		fprintf(stderr, "fuzz: out of memory\n");
		exit(2);
	}
	__sanitizer_set_death_callback(on_death);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void teardown(void)
{
	struct itimerval it = { 0 };
	u32 i;

	setitimer(ITIMER_REAL, &it, NULL);
	for (i = 0; i < NMAPS; i++)
		bpf_map_free(maps[i]);
	rcu_barrier();
	for (i = 0; i < ARRAY_SIZE(pkts); i++)
		host_pkt_free(pkts[i]);
	free(skb);
	free(kprobe_ctx);
	free(log_buf);
	free(big_log);
	rcu_unregister_thread();
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_stats(u64 n, double secs)
{
	u32 i, shown = 0;
	u64 other = 0;

	printf("fuzz: %llu programs, %llu accepted, %llu rejected, %llu violations, %.1f s\n",
	       (unsigned long long)n, (unsigned long long)st.accepted,
	       (unsigned long long)st.rejected,
	       (unsigned long long)st.violations, secs);
#ifdef FUZZ_JIT
	printf("fuzz_jit: %llu programs through the interpreter and the JIT, %llu divergences, %llu with results made of addresses (left out), %.1f bytes of x86 per program\n",
	       (unsigned long long)st.jit_runs,
	       (unsigned long long)st.violations,
	       (unsigned long long)st.jit_addr_dep,
	       st.jit_runs ? (double)st.jit_bytes / st.jit_runs : 0.0);
#endif
	if (allow_misaligned_atomic)
		printf("fuzz: known verifier bug (-k misaligned-atomic): %llu runs did a misaligned atomic add on a map value\n",
		       (unsigned long long)st.known_misaligned_atomic);
	if (quiet)
		return;
	printf("fuzz: %.0f programs/s; accepted: generated %llu/%llu, mutated %llu/%llu, noise %llu/%llu\n",
	       n / secs, (unsigned long long)st.gen_ok,
	       (unsigned long long)st.gen, (unsigned long long)st.mut_ok,
	       (unsigned long long)st.mut, (unsigned long long)st.noise_ok,
	       (unsigned long long)st.noise);
	printf("fuzz: runs: %llu to EXIT (%.1f%%), %llu ended by LD_ABS/IND; %llu with dead-code traps\n",
	       (unsigned long long)st.exited,
	       st.accepted ? 100.0 * st.exited / st.accepted : 0,
	       (unsigned long long)st.ld_abs_ended,
	       (unsigned long long)st.with_traps);
	printf("fuzz: accesses checked: stack %llu, ctx %llu, map value %llu; helper calls %llu, lookups that hit %llu\n",
	       (unsigned long long)st.stack_acc,
	       (unsigned long long)st.ctx_acc,
	       (unsigned long long)st.value_acc,
	       (unsigned long long)st.helper_calls,
	       (unsigned long long)st.lookups_hit);
	printf("fuzz: verifier: %llu insns processed, at most %llu for one program\n",
	       (unsigned long long)st.processed,
	       (unsigned long long)st.max_processed);
	qsort(reasons, NREASONS, sizeof(reasons[0]), reason_cmp);
	printf("fuzz: rejection reasons (last log line, first words):\n");
	for (i = 0; i < NREASONS && reasons[i].n; i++) {
		if (shown++ < 40)
			printf("  %10llu  %5.2f%%  %s\n",
			       (unsigned long long)reasons[i].n,
			       100.0 * reasons[i].n / st.rejected,
			       reasons[i].text);
		else
			other += reasons[i].n;
	}
	if (other)
		printf("  %10llu          (%u other reasons)\n",
		       (unsigned long long)other, shown - 40);
}

static int replay(const char *file)
{
	static struct prog p;
	FILE *f = fopen(file, "rb");
	int err;

	if (!f || fread(&p, sizeof(p), 1, f) != 1 || p.len > MAX_INSNS ||
	    p.type >= T_NR) {
		fprintf(stderr, "fuzz: cannot read a program from %s\n", file);
		return 2;
	}
	fclose(f);
	replaying = true;
	cur.prog = &p;
	cur.phase = "replaying";
	print_context();
	err = fuzz_one(&p);
	printf("fuzz: replay: %s, ran %s\n", err ? "rejected" : "accepted",
	       err ? "no" : run.exited ? "to EXIT" : "to an LD_ABS end");
	return 0;
}

int main(int argc, char **argv)
{
	u64 n = 200000, seed = 1, i;
	const char *replay_file = NULL;
	static struct prog p;
	double t0;
	int c;

	while ((c = getopt(argc, argv, "n:s:c:r:qgv:k:")) != -1) {
		switch (c) {
		case 'n':
			n = strtoull(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'c':
			crash_file = optarg;
			break;
		case 'r':
			replay_file = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'g':
			gen_only = true;
			break;
		case 'v':
			show_rejects = strtoul(optarg, NULL, 0);
			break;
		case 'k':
			if (strcmp(optarg, "misaligned-atomic")) {
				fprintf(stderr, "fuzz: no known bug '%s'\n",
					optarg);
				return 2;
			}
			allow_misaligned_atomic = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-n PROGRAMS] [-s SEED] [-c CRASH-FILE] [-q] [-g] [-v N] [-k BUG] | -r FILE\n",
				argv[0]);
			return 2;
		}
	}
	rng = splitmix(seed) | 1;
	setup();
	if (replay_file) {
		c = replay(replay_file);
		teardown();
		return c;
	}

	t0 = now();
	for (i = 0; i < n; i++) {
		u32 kind = rnd(100);
		int err;

		rng = splitmix(seed * 0x100000001b3ULL + i) | 1;
		cur.index = i;
		cur.seed = seed;
		p.gpl = chance(90);
		if (gen_only)
			kind = 50;
		if (kind < 40 && pool_len) {
			const struct prog *from = &pool[rnd(pool_len)];

			p = *from;
			err_scale = chance(50) ? 30 : 100;
			if (chance(5))
				p.type = rnd(T_NR);
			mutate(&p, &pool[rnd(pool_len)]);
			st.mut++;
		} else if (kind < 95) {
			p.type = rnd(T_NR);
			generate(&p);
			st.gen++;
		} else {
			p.type = rnd(T_NR);
			noise(&p);
			st.noise++;
		}
		err = fuzz_one(&p);
		if (!err) {
			if (kind < 40 && pool_len)
				st.mut_ok++;
			else if (kind < 95)
				st.gen_ok++;
			else
				st.noise_ok++;
			if (pool_len < POOL_SIZE)
				pool[pool_len++] = p;
			else
				pool[rnd(POOL_SIZE)] = p;
		}
		if (!quiet && (i + 1) % 1000000 == 0)
			fprintf(stderr, "fuzz: %llu programs, %llu accepted, %.0f s\n",
				(unsigned long long)i + 1,
				(unsigned long long)st.accepted, now() - t0);
	}
	print_stats(n, now() - t0);
	teardown();
	return st.violations ? 1 : 0;
}
