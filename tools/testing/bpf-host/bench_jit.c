// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark of the x86-64 JIT (arch/x86/net/bpf_jit_comp.c) on the host.
 *
 *   bench_jit SHARED-DIR OWN-DIR
 *
 * Programs: the team's shared alu_chain, branchy and memory (SHARED-DIR)
 * and bench_progs' map_lookup and parser (OWN-DIR).  Each runs through
 *   - our JIT, called directly;
 *   - the running kernel's own JIT, loaded as a socket filter with bpf()
 *     and run with BPF_PROG_TEST_RUN, less the cost of an empty program
 *     run the same way (the anchors' method);
 *   - gcc -O2 of the same computation (bpf2c's C, native_NAME());
 *   - our interpreter;
 *   - for the programs that call nothing (alu_chain, branchy, memory), the
 *     kernel's JIT image itself, fetched with BPF_OBJ_GET_INFO_BY_FD, its
 *     return thunk made a plain ret, and called here as ours is: code
 *     against code, with no BPF_PROG_TEST_RUN loop to take off;
 * all giving the same R0 (checked first), and the JIT's compile time: per
 * 1000 instructions, and split into the cost of a two-instruction program
 * (fixed_after_NAME, measured right after) and the rest per 1000
 * instructions (NAME_less_fixed).
 * Prints "bench: NAME VALUE UNIT".  Without bpf() (not root, or no BPF in
 * the kernel) the kernel figures are left out with a comment.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include <urcu.h>

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleloader.h>
#include <linux/set_memory.h>
#include <asm/text-patching.h>

#include "interp.h"
#include "map.h"
#include "host_interp.h"
#include "host_jit.h"
#include "insn.h"
#include "bench_native.h"
#include "bench.h"

#define BATCHES		5
#define BATCH_NS	50000000ULL	/* 50 ms a batch */
#define ROUNDS		7	/* ours against the kernel's, in turn */

void *native_map;
static struct bpf_map *host_map;

u64 native_helper(int id, u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return bpf_map_lookup_elem_proto.func(r1, r2, r3, r4, r5);
}

enum { R_JIT, R_NATIVE, R_INTERP };

/* Median ns per call of @kind over BATCHES batches. */
static double time_runs(int kind, const struct bpf_prog *fp,
			u64 (*native)(const void *),
			const struct bpf_interp_slot *slots,
			const void *ctx)
{
	unsigned long long t0, runs, k, reps = 1;
	u64 sink = 0;
	double t[BATCHES];
	int i;

	for (;;) {
		t0 = now_ns();
		for (k = 0; k < reps; k++)
			sink += kind == R_JIT ? host_jit_call(fp, ctx) :
				kind == R_NATIVE ? native(ctx) :
				bpf_interp_exec(ctx, slots);
		if (now_ns() - t0 > BATCH_NS / 10)
			break;
		reps *= 2;
	}
	runs = reps * 10;
	for (i = 0; i < BATCHES; i++) {
		t0 = now_ns();
		for (k = 0; k < runs; k++)
			sink += kind == R_JIT ? host_jit_call(fp, ctx) :
				kind == R_NATIVE ? native(ctx) :
				bpf_interp_exec(ctx, slots);
		t[i] = (double)(now_ns() - t0) / runs;
	}
	asm volatile("" : : "r"(sink));
	return median(t, BATCHES);
}

/* ---- the kernel's JIT through bpf() ---- */

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static int kernel_map = -1;

static int kernel_map_create(void)
{
	union bpf_attr a;
	u32 k;
	u64 v;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 64;
	kernel_map = sys_bpf(BPF_MAP_CREATE, &a);
	if (kernel_map < 0)
		return -1;
	for (k = 0; k < 8; k++) {
		v = 1000 + k * k;
		memset(&a, 0, sizeof(a));
		a.map_fd = kernel_map;
		a.key = (unsigned long)&k;
		a.value = (unsigned long)&v;
		if (sys_bpf(BPF_MAP_UPDATE_ELEM, &a))
			return -1;
	}
	return 0;
}

static int kernel_load(const struct bpf_insn *p, u32 n)
{
	static char log[65536];
	struct bpf_insn *q = calloc(n, sizeof(*q));
	union bpf_attr a;
	u32 i;
	int fd;

	if (!q)
		return -1;
	memcpy(q, p, n * sizeof(*q));
	for (i = 0; i < n; i++)
		if (q[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    q[i].src_reg == BPF_PSEUDO_MAP_FD)
			q[i].imm = kernel_map;
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)q;
	a.insn_cnt = n;
	a.license = (unsigned long)"GPL";
	fd = sys_bpf(BPF_PROG_LOAD, &a);
	if (fd < 0) {
		/* again with the verifier's log, for the reason */
		a.log_buf = (unsigned long)log;
		a.log_size = sizeof(log);
		a.log_level = 1;
		fd = sys_bpf(BPF_PROG_LOAD, &a);
	}
	if (fd < 0)
		printf("# kernel BPF_PROG_LOAD: %s\n# %.300s\n", strerror(errno),
		       log);
	free(q);
	return fd;
}

/* an Ethernet, IPv4 and TCP packet; the socket filter sees it from IP */
static u8 packet[14 + 20 + 20 + 16];

static void packet_init(void)
{
	static const u8 ip_tcp[40] = {
		0x45, 0x00, 0x00, 0x38, 0x12, 0x34, 0x40, 0x00,
		0x40, 0x06, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
		0x0a, 0x00, 0x00, 0x02,
		0x30, 0x39, 0x00, 0x50, 0xde, 0xad, 0xbe, 0xef,
		0x00, 0x00, 0x00, 0x00, 0x50, 0x18, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	u32 i;

	memset(packet, 0, 12);
	packet[0] = 0x02;
	packet[6] = 0x02;
	packet[12] = 0x08;	/* ETH_P_IP */
	memcpy(packet + 14, ip_tcp, sizeof(ip_tcp));
	for (i = 54; i < sizeof(packet); i++)
		packet[i] = i;
}

/* ns per run by the kernel's own measure (median of BATCHES), or -1 */
static double kernel_time(int fd, u32 *retval)
{
	union bpf_attr a;
	double t[BATCHES];
	u32 repeat = 200000;
	int i;

	for (i = 0; i < BATCHES; i++) {
		memset(&a, 0, sizeof(a));
		a.test.prog_fd = fd;
		a.test.data_in = (unsigned long)packet;
		a.test.data_size_in = sizeof(packet);
		a.test.repeat = repeat;
		if (sys_bpf(BPF_PROG_TEST_RUN, &a))
			return -1;
		t[i] = a.test.duration;
		*retval = a.test.retval;
	}
	return median(t, BATCHES);
}

/* an empty program in the kernel, whose cost is taken off its figures */
static int kernel_empty_fd = -1;

/* ours on the empty program: the call, prologue and epilogue */
static struct bpf_prog *our_empty;

/*
 * Ours and the kernel's JIT timed in turn, ROUNDS times; each round sets
 * ours against the kernel's, each less its empty program's figure taken
 * in that round, so that both are the program's body: the kernel's run
 * loop, call, prologue and epilogue come off its side, our call, prologue
 * and epilogue off ours.  The median of the rounds' ratios holds against
 * the swings of a shared machine better than two medians taken seconds
 * apart.  Fills @ours (whole runs) and @kernel (bodies), medians in ns per
 * run; returns the ratio, or -1 when a kernel run fails or returns other
 * than @want.
 */
static double paired_ratio(const struct bpf_prog *fp, const void *ctx,
			   int fd, u32 want, double *ours, double *kernel)
{
	double o[ROUNDS], k[ROUNDS], r[ROUNDS], tk, te, oe;
	u32 rk, re;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		rcu_read_lock();
		o[i] = time_runs(R_JIT, fp, NULL, NULL, ctx);
		oe = time_runs(R_JIT, our_empty, NULL, NULL, ctx);
		rcu_read_unlock();
		tk = kernel_time(fd, &rk);
		te = kernel_time(kernel_empty_fd, &re);
		if (tk < 0 || te < 0 || rk != want)
			return -1;
		k[i] = tk - te;
		r[i] = k[i] > 0 ? (o[i] - oe) / k[i] : 0;
	}
	*ours = median(o, ROUNDS);
	*kernel = median(k, ROUNDS);
	return median(r, ROUNDS);
}

/*
 * The kernel's image of the program loaded as @fd, copied into executable
 * memory of ours (module_alloc()) to be called as our images are; NULL
 * when it cannot be fetched, or does not end in "leave; jmp rel32" (to
 * the return thunk), which becomes "leave; ret".  Only for programs that
 * call nothing: a call would go to a kernel address.
 */
static void *kernel_image(int fd, u32 *len)
{
	struct bpf_prog_info info;
	union bpf_attr a;
	u8 *img, *exec;
	u32 n, pages;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (unsigned long)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) || !info.jited_prog_len)
		return NULL;
	n = info.jited_prog_len;
	img = malloc(n);
	if (!img)
		return NULL;
	memset(&info, 0, sizeof(info));
	info.jited_prog_len = n;
	info.jited_prog_insns = (unsigned long)img;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) || n < 6 ||
	    img[n - 6] != 0xc9 || img[n - 5] != 0xe9) {
		free(img);
		return NULL;
	}
	memcpy(img + n - 5, "\xc3\xcc\xcc\xcc\xcc", 5);
	pages = DIV_ROUND_UP(n, PAGE_SIZE);
	exec = module_alloc(pages * PAGE_SIZE);
	if (exec && (set_memory_ro((unsigned long)exec, pages) ||
		     set_memory_x((unsigned long)exec, pages) ||
		     !text_poke_copy(exec, img, n))) {
		module_memfree(exec);
		exec = NULL;
	}
	free(img);
	*len = n;
	return exec;
}

/*
 * Ours and the kernel's image, each called directly, in turn for ROUNDS
 * rounds; the median of the rounds' ratios of whole calls, or -1 when the
 * kernel's image returns other than @want.  Its median ns per call in
 * @kernel.
 */
static double image_ratio(const struct bpf_prog *fp, const void *ctx,
			  void *image, u32 want, double *kernel)
{
	struct bpf_prog kp = { .bpf_func = image };
	double o, k[ROUNDS], r[ROUNDS];
	int i;

	if ((u32)host_jit_call(&kp, ctx) != want)
		return -1;
	for (i = 0; i < ROUNDS; i++) {
		rcu_read_lock();
		o = time_runs(R_JIT, fp, NULL, NULL, ctx);
		k[i] = time_runs(R_JIT, &kp, NULL, NULL, ctx);
		rcu_read_unlock();
		r[i] = o / k[i];
	}
	*kernel = median(k, ROUNDS);
	return median(r, ROUNDS);
}

static bool calls_out(const struct bpf_insn *p, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (p[i].code == (BPF_JMP | BPF_CALL) ||
		    (BPF_CLASS(p[i].code) == BPF_LD &&
		     (BPF_MODE(p[i].code) == BPF_ABS ||
		      BPF_MODE(p[i].code) == BPF_IND)))
			return true;
	return false;
}

/* ---- programs ---- */

struct prog {
	const char *name;
	u64 (*native)(const void *ctx);
	bool want_known;
	u32 want;
	bool own;		/* in OWN-DIR, not SHARED-DIR */
};

static const struct prog progs[] = {
	{ "alu_chain", native_alu_chain, true, 0xcccccccb },
	{ "branchy", native_branchy, true, 0x3f6d },
	{ "memory", native_memory, true, 0x338a6ee4 },
	{ "map_lookup", native_map_lookup, false, 0, true },
	{ "parser", native_parser, false, 0, true },
};

static struct bpf_insn *load_file(const char *dir, const char *name, u32 *n)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.bpf", dir, name);
	return load_bpf_file(path, n);
}

/* The host's version: map fds to our map, helper ids to offsets. */
static int fix_up(struct bpf_insn *p, u32 n)
{
	long d = (long)((char *)bpf_map_lookup_elem_proto.func -
			(char *)__bpf_call_base);
	u64 m = (unsigned long)host_map;
	u32 i;

	for (i = 0; i < n; i++) {
		if (p[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    p[i].src_reg == BPF_PSEUDO_MAP_FD) {
			p[i].src_reg = 0;
			p[i].imm = (u32)m;
			p[i + 1].imm = (u32)(m >> 32);
		}
		if (p[i].code == (BPF_JMP | BPF_CALL)) {
			if (p[i].imm != BPF_FUNC_map_lookup_elem ||
			    d != (s32)d)
				return -1;
			p[i].imm = d;
		}
	}
	return 0;
}

/* us to compile @p, median of BATCHES batches of compile-and-free */
static double compile_us(const struct bpf_insn *p, u32 n)
{
	double t[BATCHES];
	unsigned long long t0;
	int i, k;

	for (i = 0; i < BATCHES; i++) {
		t0 = now_ns();
		for (k = 0; k < 20; k++)
			host_jit_prog_free(host_jit_prog(p, n));
		t[i] = (now_ns() - t0) / 20 / 1000.0;
	}
	return median(t, BATCHES);
}

/*
 * us to compile a program of two instructions: what every program costs
 * whatever its length (the allocations, module_alloc(), set_memory_ro()
 * and _x(), module_memfree())
 */
static double compile_fixed_us(void)
{
	const struct bpf_insn empty[] = { I_MOV64K(0, 0), I_EXIT };

	return compile_us(empty, ARRAY_SIZE(empty));
}

/* the packet of LD_ABS/LD_IND on the host: R1 must be its data */
static const void *host_ctx;
static double kernel_empty = -1;
static bool kernel_ok;

static int bench_prog(const struct prog *pr, struct bpf_insn *p, u32 n)
{
	struct bpf_insn *h = calloc(n, sizeof(*h));
	const void *ctx = host_ctx;
	struct bpf_interp_slot *slots;
	struct bpf_prog *fp;
	u64 rj, rn, ri;
	double tj, tn, ti, tk = 0, us, fixed, ratio = -1, ti_k = 0, iratio = -1;
	void *image = NULL;
	u32 image_len = 0;
	int fd, err = 0;

	if (!h)
		return -1;
	memcpy(h, p, n * sizeof(*h));
	if (fix_up(h, n)) {
		printf("# %s: cannot fix up its helper calls\n", pr->name);
		free(h);
		return -1;
	}
	fp = host_jit_prog(h, n);
	if (!fp || !fp->jited) {
		printf("# %s: the JIT refused it\n", pr->name);
		host_jit_prog_free(fp);
		free(h);
		return -1;
	}
	rcu_read_lock();
	rj = host_jit_call(fp, ctx);
	rn = pr->native(ctx);
	ri = host_interp_run(ctx, h, n);
	rcu_read_unlock();
	if ((u32)rj != (u32)ri || (u32)rn != (u32)ri ||
	    (pr->want_known && (u32)rj != pr->want)) {
		printf("# %s: r0 JIT 0x%llx, gcc 0x%llx, interpreter 0x%llx, expected 0x%x\n",
		       pr->name, (unsigned long long)rj,
		       (unsigned long long)rn, (unsigned long long)ri,
		       pr->want);
		err = -1;
		goto out;
	}
	rcu_read_lock();
	tj = time_runs(R_JIT, fp, NULL, NULL, ctx);
	tn = time_runs(R_NATIVE, NULL, pr->native, NULL, ctx);
	slots = host_interp_prepare(h, n);
	ti = time_runs(R_INTERP, NULL, NULL, slots, ctx);
	rcu_read_unlock();
	free(slots);
	us = compile_us(h, n);
	fixed = compile_fixed_us();

	if (kernel_ok) {
		fd = kernel_load(p, n);
		if (fd >= 0) {
			ratio = paired_ratio(fp, ctx, fd, (u32)rj, &tj, &tk);
			if (!calls_out(p, n))
				image = kernel_image(fd, &image_len);
			if (image)
				iratio = image_ratio(fp, ctx, image, (u32)rj,
						     &ti_k);
			close(fd);
			if (ratio < 0) {
				printf("# %s: the kernel's run failed or returned other than 0x%x\n",
				       pr->name, (u32)rj);
				err = -1;
			}
		}
	}

	printf("bench: jit_%s_run %.1f ns/run\n", pr->name, tj);
	if (ratio >= 0) {
		printf("bench: kernel_jit_%s_run %.1f ns/run\n", pr->name, tk);
		printf("bench: jit_vs_kernel_jit_%s %.2f ratio\n", pr->name,
		       ratio);
	}
	if (iratio >= 0) {
		printf("bench: kernel_jit_image_%s_run %.1f ns/run\n", pr->name,
		       ti_k);
		printf("bench: jit_vs_kernel_jit_image_%s %.3f ratio\n",
		       pr->name, iratio);
	} else if (image) {
		printf("# %s: the kernel's image, run here, returned other than 0x%x\n",
		       pr->name, (u32)rj);
	}
	printf("bench: gcc_O2_%s_run %.1f ns/run\n", pr->name, tn);
	printf("bench: jit_vs_gcc_O2_%s %.2f ratio\n", pr->name, tj / tn);
	printf("bench: interp_%s_run %.1f ns/run\n", pr->name, ti);
	printf("bench: interp_vs_jit_%s %.2f ratio\n", pr->name, ti / tj);
	printf("bench: jit_compile_%s %.1f us/1000insns\n", pr->name,
	       us * 1000 / n);
	/* the same, split: the fixed cost (measured just after) and the rest */
	printf("bench: jit_compile_fixed_after_%s %.1f us/prog\n", pr->name,
	       fixed);
	printf("bench: jit_compile_%s_less_fixed %.1f us/1000insns\n",
	       pr->name, (us - fixed) * 1000 / n);
	printf("# %s: %u insns, %u bytes of x86, compiled in %.1f us; r0 0x%x\n",
	       pr->name, n, fp->jited_len, us, (u32)rj);
out:
	if (image)
		module_memfree(image);
	host_jit_prog_free(fp);
	free(h);
	return err;
}

/* ours on the empty program, kept for paired_ratio() */
static int bench_empty(const struct bpf_insn *empty, u32 n)
{
	our_empty = host_jit_prog(empty, n);
	if (!our_empty || !our_empty->jited) {
		printf("# empty: the JIT refused it\n");
		host_jit_prog_free(our_empty);
		our_empty = NULL;
		return -1;
	}
	printf("bench: jit_empty_run %.1f ns/run\n",
	       time_runs(R_JIT, our_empty, NULL, NULL, host_ctx));
	return 0;
}

static int map_setup(void)
{
	union bpf_attr a;
	u32 k;
	u64 v;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_HASH;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 64;
	host_map = bpf_map_new(&a);
	if (IS_ERR(host_map))
		return -1;
	native_map = host_map;
	for (k = 0; k < 8; k++) {
		v = 1000 + k * k;
		if (bpf_map_update_value(host_map, &k, &v, BPF_ANY))
			return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct bpf_insn empty[] = { I_MOV64K(0, 0), I_EXIT };
	struct host_pkt *pkt;
	struct bpf_insn *p;
	u32 i, n, rk;
	int fd, err = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_jit SHARED-DIR OWN-DIR\n");
		return 2;
	}
	bpf_jit_enable = 1;
	rcu_register_thread();
	packet_init();
	if (map_setup()) {
		fprintf(stderr, "bench_jit: cannot set up the map\n");
		return 1;
	}
	pkt = host_pkt_new(packet + 14, sizeof(packet) - 14, 0, 0);
	if (!pkt)
		return 1;
	host_pkt_set_current(pkt);
	host_ctx = pkt->data;

	kernel_ok = !kernel_map_create();
	if (kernel_ok) {
		kernel_empty_fd = kernel_load(empty, ARRAY_SIZE(empty));
		kernel_empty = kernel_empty_fd >= 0 ?
			       kernel_time(kernel_empty_fd, &rk) : -1;
		kernel_ok = kernel_empty >= 0;
	}
	if (kernel_ok)
		printf("bench: kernel_jit_empty_run %.1f ns/run\n", kernel_empty);
	else
		printf("# the kernel's JIT is not reachable (bpf(): %s): no kernel figures\n",
		       strerror(errno));
	if (bench_empty(empty, ARRAY_SIZE(empty)))
		return 1;

	for (i = 0; i < ARRAY_SIZE(progs); i++) {
		p = load_file(progs[i].own ? argv[2] : argv[1], progs[i].name,
			      &n);
		if (!p) {
			printf("# %s skipped: not found\n", progs[i].name);
			continue;
		}
		err |= bench_prog(&progs[i], p, n);
		free(p);
	}
	if (kernel_empty_fd >= 0)
		close(kernel_empty_fd);
	host_jit_prog_free(our_empty);
	host_pkt_set_current(NULL);
	host_pkt_free(pkt);
	bpf_map_free(host_map);
	rcu_barrier();
	rcu_unregister_thread();
	return err ? 1 : 0;
}
