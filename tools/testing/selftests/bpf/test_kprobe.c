// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kprobe programs at work: loaded with BPF_PROG_LOAD, attached with
 * PERF_EVENT_IOC_SET_BPF to kprobe and kretprobe events made through
 * tracefs and through the perf_kprobe PMU.  They count hits, read pt_regs
 * and kernel memory with probe_read, take the time and print to the trace
 * buffer; their return value decides whether perf records the hit.  Also
 * the attach errors, detaching on close, and that a kprobe program never
 * runs nested in another on one CPU.  KTAP output.
 *
 * The probed function is __x64_sys_getppid: nothing else in the test guest
 * calls getppid(), and its pt_regs argument holds the caller's registers.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "sock_test.h"
#include "bpf_test.h"

#define SUB64_REG(d, s)	INSN(BPF_ALU64 | BPF_SUB | BPF_X, d, s, 0, 0)
#define LDX_DW(d, s, o)	INSN(BPF_LDX | BPF_MEM | BPF_DW, d, s, o, 0)
#define STX_DW(d, s, o)	INSN(BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define ST_DW(d, o, i)	INSN(BPF_ST | BPF_MEM | BPF_DW, d, 0, o, i)

#define TRACEFS		"/sys/kernel/tracing"
#define PROBED		"__x64_sys_getppid"
#define SLOTS		16
#define MAX_INSNS	512

/* pt_regs as kprobe programs see it has the ptrace layout */
#define REGS_DI		offsetof(struct user_regs_struct, rdi)
#define REGS_AX		offsetof(struct user_regs_struct, rax)

static char log_buf[65536];

/* A program being written: instructions appended by the emit_*() calls. */
struct prog {
	struct bpf_insn insns[MAX_INSNS];
	unsigned int cnt;
};

static void emit(struct prog *p, struct bpf_insn insn)
{
	if (p->cnt < MAX_INSNS)
		p->insns[p->cnt++] = insn;
}

static void emit_ld_map(struct prog *p, int reg, int map_fd)
{
	emit(p, INSN(BPF_LD | BPF_IMM | BPF_DW, reg, BPF_PSEUDO_MAP_FD, 0,
		     map_fd));
	emit(p, INSN(0, 0, 0, 0, 0));
}

/*
 * R0 = &slot @slot of @map_fd, or the program exits with @ret when the
 * lookup fails.  Clobbers R1-R5 and the stack word at fp-4.
 */
static void emit_slot_ptr(struct prog *p, int map_fd, int slot, int ret)
{
	emit(p, ST_W(BPF_REG_10, -4, slot));
	emit(p, MOV64_REG(BPF_REG_2, BPF_REG_10));
	emit(p, ADD64_IMM(BPF_REG_2, -4));
	emit_ld_map(p, BPF_REG_1, map_fd);
	emit(p, CALL(BPF_FUNC_map_lookup_elem));
	emit(p, JEQ_IMM(BPF_REG_0, 0, 1));
	/* the next instruction is the caller's; skip over the exit */
	emit(p, INSN(BPF_JMP | BPF_JA, 0, 0, 2, 0));
	emit(p, MOV64_IMM(BPF_REG_0, ret));
	emit(p, EXIT_INSN());
}

/* slot @slot of @map_fd = @reg (R6-R9, which survive the lookup) */
static void emit_store(struct prog *p, int map_fd, int slot, int reg)
{
	emit_slot_ptr(p, map_fd, slot, 0);
	emit(p, STX_DW(BPF_REG_0, reg, 0));
}

/* slot @slot of @map_fd += 1, atomically */
static void emit_count(struct prog *p, int map_fd, int slot)
{
	emit_slot_ptr(p, map_fd, slot, 0);
	emit(p, MOV64_IMM(BPF_REG_1, 1));
	emit(p, XADD_DW(BPF_REG_0, BPF_REG_1, 0));
}

static void emit_exit(struct prog *p, int ret)
{
	emit(p, MOV64_IMM(BPF_REG_0, ret));
	emit(p, EXIT_INSN());
}

/*
 * Writes the string @s with its NUL to the stack just below fp-8, in
 * 4-byte words, and points R1 at it and R2 at its size (whole words).
 */
static void emit_string_arg(struct prog *p, const char *s)
{
	int len = strlen(s) + 1, words = (len + 3) / 4, off, i;
	char buf[256] = { 0 };

	memcpy(buf, s, len);
	off = -8 - words * 4;
	for (i = 0; i < words; i++) {
		__s32 w;

		memcpy(&w, buf + i * 4, 4);
		emit(p, ST_W(BPF_REG_10, off + i * 4, w));
	}
	emit(p, MOV64_REG(BPF_REG_1, BPF_REG_10));
	emit(p, ADD64_IMM(BPF_REG_1, off));
	emit(p, MOV64_IMM(BPF_REG_2, words * 4));
}

static int load_insns(enum bpf_prog_type type, const struct bpf_insn *insns,
		      unsigned int cnt, const char *license)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = cnt;
	attr.license = (unsigned long)license;
	attr.log_buf = (unsigned long)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	attr.kern_version = type == BPF_PROG_TYPE_KPROBE ? kern_version() : 0;
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		printf("# load: %s\n# %s", strerror(errno), log_buf);
	return fd;
}

static int load(struct prog *p)
{
	CHECK(p->cnt < MAX_INSNS, "program too long");
	return load_insns(BPF_PROG_TYPE_KPROBE, p->insns, p->cnt, "GPL");
}

static int slots_create(void)
{
	int fd = map_create_u32_u64(BPF_MAP_TYPE_ARRAY, SLOTS);

	CHECK(fd >= 0, "map create: %s", strerror(errno));
	return fd;
}

static __s64 slot_get(int map_fd, __u32 slot)
{
	__u64 value = 0;
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (unsigned long)&slot;
	attr.value = (unsigned long)&value;
	CHECK(!sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr), "lookup: %s",
	      strerror(errno));
	return value;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND), err = 0;

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		err = -errno;
	if (fd >= 0)
		close(fd);
	return err;
}

/* Makes kprobe event ebpf/@name ("p" or "r" @kind) on @func; its id. */
static int kprobe_event(const char *name, char kind, const char *func)
{
	char line[256], path[256];
	int id = -1, err;
	FILE *f;

	snprintf(line, sizeof(line), "%c:ebpf/%s %s\n", kind, name, func);
	err = write_file(TRACEFS "/kprobe_events", line);
	CHECK(!err, "kprobe_events '%s': %s", line, strerror(-err));
	snprintf(path, sizeof(path), TRACEFS "/events/ebpf/%s/id", name);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%d", &id) != 1)
		CHECK(0, "%s: %s", path, strerror(errno));
	if (f)
		fclose(f);
	return id;
}

static void kprobe_event_remove(const char *name)
{
	char line[256];
	int err;

	snprintf(line, sizeof(line), "-:ebpf/%s\n", name);
	err = write_file(TRACEFS "/kprobe_events", line);
	CHECK(!err, "remove %s: %s", name, strerror(-err));
}

static int perf_open(__u32 type, __u64 config, __u64 config1)
{
	struct perf_event_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.config = config;
	attr.config1 = config1;
	attr.sample_period = 1;
	attr.sample_type = PERF_SAMPLE_RAW;
	/* this task on any CPU: read() then counts the hits perf recorded */
	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	CHECK(fd >= 0, "perf_event_open: %s", strerror(errno));
	return fd;
}

/* Opens tracefs event @id of this task. */
static int perf_open_tp(int id)
{
	return perf_open(PERF_TYPE_TRACEPOINT, id, 0);
}

static __u64 perf_count(int fd)
{
	__u64 count = 0;

	CHECK(read(fd, &count, sizeof(count)) == sizeof(count), "read: %s",
	      strerror(errno));
	return count;
}

static int attach(int event_fd, int prog_fd)
{
	return ioctl(event_fd, PERF_EVENT_IOC_SET_BPF, prog_fd) ? -errno : 0;
}

static void hit(int times, long arg)
{
	while (times--)
		syscall(__NR_getppid, arg);
}

/* A program counting hits in slot 0 and returning @ret. */
static int counting_prog(int map_fd, int ret)
{
	static struct prog p;

	p.cnt = 0;
	emit_count(&p, map_fd, 0);
	emit_exit(&p, ret);
	return load(&p);
}

/* Returning 1 lets perf record the hit; 0 drops it; it runs either way. */
static void test_return_value(void)
{
	int ret, map_fd, prog_fd, event_fd, id;

	for (ret = 1; ret >= 0; ret--) {
		map_fd = slots_create();
		prog_fd = counting_prog(map_fd, ret);
		id = kprobe_event("getppid", 'p', PROBED);
		event_fd = perf_open_tp(id);
		CHECK(!attach(event_fd, prog_fd), "attach: %s", strerror(errno));
		hit(10, 0);
		CHECK(slot_get(map_fd, 0) == 10, "ran %lld times, not 10",
		      (long long)slot_get(map_fd, 0));
		CHECK(perf_count(event_fd) == (ret ? 10U : 0U),
		      "returning %d: perf recorded %llu hits", ret,
		      (unsigned long long)perf_count(event_fd));
		close(event_fd);
		close(prog_fd);
		close(map_fd);
		kprobe_event_remove("getppid");
	}
}

/*
 * ctx is the probe's pt_regs: its di is __x64_sys_getppid's argument, the
 * caller's saved registers, whose di probe_read fetches from the kernel
 * stack.  A fault (NULL, a non-canonical address) zeroes the destination
 * and gives -EFAULT.
 */
static void test_ctx_and_probe_read(void)
{
	static const __u64 bad[] = { 0, 0xdead000000000000ULL };
	int map_fd, prog_fd, event_fd, id, i;
	static struct prog p;

	map_fd = slots_create();
	p.cnt = 0;
	emit(&p, LDX_DW(BPF_REG_6, BPF_REG_1, REGS_DI));
	emit(&p, MOV64_REG(BPF_REG_1, BPF_REG_10));
	emit(&p, ADD64_IMM(BPF_REG_1, -16));
	emit(&p, MOV64_IMM(BPF_REG_2, 8));
	emit(&p, MOV64_REG(BPF_REG_3, BPF_REG_6));
	emit(&p, ADD64_IMM(BPF_REG_3, REGS_DI));
	emit(&p, CALL(BPF_FUNC_probe_read));
	emit(&p, MOV64_REG(BPF_REG_7, BPF_REG_0));
	emit(&p, LDX_DW(BPF_REG_8, BPF_REG_10, -16));
	emit_store(&p, map_fd, 0, BPF_REG_8);
	emit_store(&p, map_fd, 1, BPF_REG_7);
	for (i = 0; i < 2; i++) {
		emit(&p, ST_DW(BPF_REG_10, -16, -1));
		emit(&p, MOV64_REG(BPF_REG_1, BPF_REG_10));
		emit(&p, ADD64_IMM(BPF_REG_1, -16));
		emit(&p, MOV64_IMM(BPF_REG_2, 8));
		emit(&p, INSN(BPF_LD | BPF_IMM | BPF_DW, BPF_REG_3, 0, 0,
			      (__u32)bad[i]));
		emit(&p, INSN(0, 0, 0, 0, (__u32)(bad[i] >> 32)));
		emit(&p, CALL(BPF_FUNC_probe_read));
		emit(&p, MOV64_REG(BPF_REG_7, BPF_REG_0));
		emit(&p, LDX_DW(BPF_REG_8, BPF_REG_10, -16));
		emit_store(&p, map_fd, 2 + 2 * i, BPF_REG_7);
		emit_store(&p, map_fd, 3 + 2 * i, BPF_REG_8);
	}
	emit_exit(&p, 1);
	prog_fd = load(&p);

	id = kprobe_event("getppid", 'p', PROBED);
	event_fd = perf_open_tp(id);
	CHECK(!attach(event_fd, prog_fd), "attach: %s", strerror(errno));
	hit(1, 0x1234abcd);
	CHECK(slot_get(map_fd, 0) == 0x1234abcd,
	      "caller's di read as %#llx", (long long)slot_get(map_fd, 0));
	CHECK(slot_get(map_fd, 1) == 0, "probe_read gave %lld",
	      (long long)slot_get(map_fd, 1));
	for (i = 0; i < 2; i++) {
		CHECK(slot_get(map_fd, 2 + 2 * i) == -EFAULT,
		      "probe_read of %#llx gave %lld", (long long)bad[i],
		      (long long)slot_get(map_fd, 2 + 2 * i));
		CHECK(slot_get(map_fd, 3 + 2 * i) == 0,
		      "after a fault at %#llx the buffer holds %#llx",
		      (long long)bad[i], (long long)slot_get(map_fd, 3 + 2 * i));
	}
	close(event_fd);
	close(prog_fd);
	close(map_fd);
	kprobe_event_remove("getppid");
}

static __u64 mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* ktime_get_ns is CLOCK_MONOTONIC, and it moves forward. */
static void test_ktime_get_ns(void)
{
	int map_fd, prog_fd, event_fd, id;
	static struct prog p;
	__u64 before, after, t;

	map_fd = slots_create();
	p.cnt = 0;
	emit(&p, CALL(BPF_FUNC_ktime_get_ns));
	emit(&p, MOV64_REG(BPF_REG_6, BPF_REG_0));
	emit(&p, CALL(BPF_FUNC_ktime_get_ns));
	emit(&p, MOV64_REG(BPF_REG_7, BPF_REG_0));
	emit(&p, SUB64_REG(BPF_REG_7, BPF_REG_6));
	emit_store(&p, map_fd, 0, BPF_REG_6);
	emit_store(&p, map_fd, 1, BPF_REG_7);
	emit_exit(&p, 1);
	prog_fd = load(&p);

	id = kprobe_event("getppid", 'p', PROBED);
	event_fd = perf_open_tp(id);
	CHECK(!attach(event_fd, prog_fd), "attach: %s", strerror(errno));
	before = mono_ns();
	hit(1, 0);
	after = mono_ns();
	t = slot_get(map_fd, 0);
	CHECK(before <= t && t <= after, "ktime %llu not within [%llu, %llu]",
	      (unsigned long long)t, (unsigned long long)before,
	      (unsigned long long)after);
	CHECK(slot_get(map_fd, 1) >= 0 && slot_get(map_fd, 1) < 1000000000,
	      "two calls %lld ns apart", (long long)slot_get(map_fd, 1));
	close(event_fd);
	close(prog_fd);
	close(map_fd);
	kprobe_event_remove("getppid");
}

/* Does the trace buffer hold a line ending in @text? */
static int trace_has(const char *text)
{
	char line[512];
	int found = 0;
	FILE *f;

	f = fopen(TRACEFS "/trace", "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, text))
			found = 1;
	fclose(f);
	return found;
}

/*
 * trace_printk: %d %i %u %x with l/ll, %p and %% print; anything else,
 * more than three conversions, or a format without its NUL inside
 * fmt_size fails with -EINVAL, checked at the call.
 */
static void test_trace_printk(void)
{
	static const char * const bad[] = {
		"ebpf %s\n", "ebpf %d %d %d %d\n", "ebpf %5d\n", "ebpf %lld %c\n",
	};
	int map_fd, prog_fd, event_fd, id, i;
	static struct prog p;

	write_file(TRACEFS "/trace", "");	/* O_APPEND: no truncation */
	map_fd = slots_create();
	p.cnt = 0;
	for (i = 0; i < 4; i++) {
		emit_string_arg(&p, bad[i]);
		emit(&p, CALL(BPF_FUNC_trace_printk));
		emit(&p, MOV64_REG(BPF_REG_6, BPF_REG_0));
		emit_store(&p, map_fd, i, BPF_REG_6);
	}
	/* "ebpf\n" without its NUL inside fmt_size */
	emit_string_arg(&p, "ebpf\n");
	emit(&p, MOV64_IMM(BPF_REG_2, 5));
	emit(&p, CALL(BPF_FUNC_trace_printk));
	emit(&p, MOV64_REG(BPF_REG_6, BPF_REG_0));
	emit_store(&p, map_fd, 4, BPF_REG_6);
	emit_exit(&p, 1);
	prog_fd = load(&p);

	id = kprobe_event("getppid", 'p', PROBED);
	event_fd = perf_open_tp(id);
	CHECK(!attach(event_fd, prog_fd), "attach: %s", strerror(errno));
	hit(1, 0);
	for (i = 0; i < 5; i++)
		CHECK(slot_get(map_fd, i) == -EINVAL,
		      "bad format %d gave %lld", i, (long long)slot_get(map_fd, i));
	close(event_fd);
	close(prog_fd);

	/* and one that prints */
	p.cnt = 0;
	emit_string_arg(&p, "ebpf says %d %u %x %%\n");
	emit(&p, MOV64_IMM(BPF_REG_3, -5));
	emit(&p, MOV64_IMM(BPF_REG_4, -1));
	emit(&p, MOV64_IMM(BPF_REG_5, 255));
	emit(&p, CALL(BPF_FUNC_trace_printk));
	emit(&p, MOV64_REG(BPF_REG_6, BPF_REG_0));
	emit_store(&p, map_fd, 0, BPF_REG_6);
	emit_exit(&p, 1);
	prog_fd = load(&p);
	event_fd = perf_open_tp(id);
	CHECK(!attach(event_fd, prog_fd), "attach: %s", strerror(errno));
	hit(1, 0);
	CHECK(slot_get(map_fd, 0) > 0, "trace_printk gave %lld",
	      (long long)slot_get(map_fd, 0));
	CHECK(trace_has("ebpf says -5 4294967295 ff %"),
	      "no 'ebpf says -5 4294967295 ff %%' in " TRACEFS "/trace");
	close(event_fd);
	close(prog_fd);
	close(map_fd);
	kprobe_event_remove("getppid");
}

/* kretprobe: ctx->ax is the probed function's return value. */
static void test_kretprobe(void)
{
	int map_fd, prog_fd, event_fd, id, ppid;
	static struct prog p;

	map_fd = slots_create();
	p.cnt = 0;
	emit(&p, LDX_DW(BPF_REG_6, BPF_REG_1, REGS_AX));
	emit_store(&p, map_fd, 0, BPF_REG_6);
	emit_count(&p, map_fd, 1);
	emit_exit(&p, 1);
	prog_fd = load(&p);

	ppid = getppid();
	id = kprobe_event("getppid_ret", 'r', PROBED);
	event_fd = perf_open_tp(id);
	CHECK(!attach(event_fd, prog_fd), "attach: %s", strerror(errno));
	hit(3, 0);
	CHECK(slot_get(map_fd, 0) == ppid, "returned %lld, getppid() %d",
	      (long long)slot_get(map_fd, 0), ppid);
	CHECK(slot_get(map_fd, 1) == 3, "ran %lld times, not 3",
	      (long long)slot_get(map_fd, 1));
	CHECK(perf_count(event_fd) == 3, "perf recorded %llu",
	      (unsigned long long)perf_count(event_fd));
	close(event_fd);
	close(prog_fd);
	close(map_fd);
	kprobe_event_remove("getppid_ret");
}

/* The perf_kprobe PMU: a kprobe (and a kretprobe) made by perf_event_open. */
static void test_perf_kprobe_pmu(void)
{
	int map_fd, prog_fd, event_fd, type = -1, retprobe;
	FILE *f;

	f = fopen("/sys/bus/event_source/devices/kprobe/type", "r");
	if (!f || fscanf(f, "%d", &type) != 1)
		CHECK(0, "no perf_kprobe PMU: %s", strerror(errno));
	if (f)
		fclose(f);
	if (type < 0)
		return;
	for (retprobe = 0; retprobe < 2; retprobe++) {
		map_fd = slots_create();
		prog_fd = counting_prog(map_fd, 1);
		/* config bit 0 asks for a kretprobe; config1 is the name */
		event_fd = perf_open(type, retprobe,
				     (unsigned long)PROBED);
		CHECK(!attach(event_fd, prog_fd), "attach: %s", strerror(errno));
		hit(4, 0);
		CHECK(slot_get(map_fd, 0) == 4, "%s ran %lld times, not 4",
		      retprobe ? "kretprobe" : "kprobe",
		      (long long)slot_get(map_fd, 0));
		close(event_fd);
		close(prog_fd);
		close(map_fd);
	}
}

/*
 * One program per event (EEXIST); only kprobe programs on kprobe events;
 * bad fds.  Two events of one kprobe each run their program.
 */
static void test_attach_errors(void)
{
	static const struct bpf_insn sock_prog[] = {
		MOV64_IMM(BPF_REG_0, 0),
		EXIT_INSN(),
	};
	int map_fd, prog_fd, prog2_fd, sock_fd, event_fd, event2_fd, sw_fd;
	int many[64], id, err, i;

	map_fd = slots_create();
	prog_fd = counting_prog(map_fd, 1);
	prog2_fd = counting_prog(map_fd, 1);
	sock_fd = load_insns(BPF_PROG_TYPE_SOCKET_FILTER, sock_prog,
			     ARRAY_SIZE(sock_prog), "GPL");
	id = kprobe_event("getppid", 'p', PROBED);
	event_fd = perf_open_tp(id);
	event2_fd = perf_open_tp(id);

	err = attach(event_fd, sock_fd);
	CHECK(err == -EINVAL, "socket filter on a kprobe: %d", err);
	err = attach(event_fd, map_fd);
	CHECK(err == -EINVAL, "map fd: %d", err);
	err = attach(event_fd, 9999);
	CHECK(err == -EBADF, "closed fd: %d", err);
	err = attach(event_fd, prog_fd);
	CHECK(!err, "attach: %d", err);
	err = attach(event_fd, prog2_fd);
	CHECK(err == -EEXIST, "second program: %d", err);
	err = attach(event2_fd, prog2_fd);
	CHECK(!err, "program on a second event: %d", err);
	hit(5, 0);
	CHECK(slot_get(map_fd, 0) == 10, "two programs ran %lld times, not 10",
	      (long long)slot_get(map_fd, 0));

	/*
	 * Not a trace event: perf's own BPF handler, which is for
	 * BPF_PROG_TYPE_PERF_EVENT programs, not part of this series.
	 */
	sw_fd = perf_open(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, 0);
	err = attach(sw_fd, prog_fd);
	CHECK(err == -EOPNOTSUPP, "kprobe program on a software event: %d",
	      err);

	/* at most 64 programs run on one kprobe */
	for (i = 0; i < 64; i++) {
		many[i] = perf_open_tp(id);
		err = attach(many[i], prog_fd);
		if (err)
			break;
	}
	CHECK(i == 62 && err == -E2BIG,
	      "program %d on one kprobe gave %d, not E2BIG at 65", i + 3, err);
	for (; i >= 0; i--)
		close(many[i]);

	close(sw_fd);
	close(event2_fd);
	close(event_fd);
	close(sock_fd);
	close(prog2_fd);
	close(prog_fd);
	close(map_fd);
	kprobe_event_remove("getppid");
}

/* A function for a uprobe: its first instruction is a plain nop. */
void uprobe_target(void);
__asm__(".text\n"
	".globl uprobe_target\n"
	".type uprobe_target, @function\n"
	"uprobe_target:\n"
	"\tnop\n"
	"\tret\n"
	".size uprobe_target, . - uprobe_target\n");

/* The file and offset of this program's uprobe_target; 0 if not found. */
static int uprobe_target_location(char *file, size_t size,
				  unsigned long *offset)
{
	unsigned long addr = (unsigned long)uprobe_target, start, end, pgoff;
	char line[512], path[256];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %255s", &start, &end,
			   &pgoff, path) != 4 || addr < start || addr >= end)
			continue;
		snprintf(file, size, "%s", path);
		*offset = addr - start + pgoff;
		found = 1;
	}
	fclose(f);
	return found;
}

/*
 * Trace events that are not kprobe events take no kprobe program (EINVAL):
 * a tracepoint, refused by perf before it asks us, and a uprobe, which
 * perf hands to perf_event_attach_bpf_prog().  The refused event keeps
 * working without a program, and the program never runs.
 */
static void test_attach_other_events(void)
{
	static const char * const tracepoints[] = {
		"sched/sched_process_fork", "sched/sched_process_exit",
	};
	char path[256], file[256], line[600];
	int map_fd, prog_fd, event_fd, id = -1, err, i;
	unsigned long offset;
	FILE *f;

	map_fd = slots_create();
	prog_fd = counting_prog(map_fd, 1);

	for (i = 0; i < (int)ARRAY_SIZE(tracepoints) && id < 0; i++) {
		snprintf(path, sizeof(path), TRACEFS "/events/%s/id",
			 tracepoints[i]);
		f = fopen(path, "r");
		if (f && fscanf(f, "%d", &id) != 1)
			id = -1;
		if (f)
			fclose(f);
	}
	CHECK(id >= 0, "no sched tracepoint in " TRACEFS "/events");
	if (id >= 0) {
		event_fd = perf_open_tp(id);
		err = attach(event_fd, prog_fd);
		CHECK(err == -EINVAL, "kprobe program on a tracepoint: %d", err);
		close(event_fd);
	}

	if (access(TRACEFS "/uprobe_events", W_OK)) {
		printf("# no uprobe_events: the uprobe case is not tried\n");
	} else if (!uprobe_target_location(file, sizeof(file), &offset)) {
		CHECK(0, "uprobe_target not in /proc/self/maps");
	} else {
		snprintf(line, sizeof(line), "p:ebpf/target %s:0x%lx\n", file,
			 offset);
		err = write_file(TRACEFS "/uprobe_events", line);
		CHECK(!err, "uprobe_events '%s': %s", line, strerror(-err));
		f = fopen(TRACEFS "/events/ebpf/target/id", "r");
		id = -1;
		if (!f || fscanf(f, "%d", &id) != 1)
			CHECK(0, "uprobe event id: %s", strerror(errno));
		if (f)
			fclose(f);
		if (id >= 0) {
			event_fd = perf_open_tp(id);
			err = attach(event_fd, prog_fd);
			CHECK(err == -EINVAL, "kprobe program on a uprobe: %d",
			      err);
			for (i = 0; i < 3; i++)
				uprobe_target();
			CHECK(perf_count(event_fd) == 3,
			      "the uprobe recorded %llu hits, not 3",
			      (unsigned long long)perf_count(event_fd));
			close(event_fd);
		}
		err = write_file(TRACEFS "/uprobe_events", "-:ebpf/target\n");
		CHECK(!err, "remove the uprobe: %s", strerror(-err));
	}

	CHECK(slot_get(map_fd, 0) == 0, "the refused program ran %lld times",
	      (long long)slot_get(map_fd, 0));
	close(prog_fd);
	close(map_fd);
}

/*
 * The event holds the program: it runs after its fd is closed, and stops
 * when the event goes.
 */
static void test_detach_on_close(void)
{
	int map_fd, prog_fd, event_fd, id;

	map_fd = slots_create();
	prog_fd = counting_prog(map_fd, 1);
	id = kprobe_event("getppid", 'p', PROBED);
	event_fd = perf_open_tp(id);
	CHECK(!attach(event_fd, prog_fd), "attach: %s", strerror(errno));
	close(prog_fd);
	hit(3, 0);
	CHECK(slot_get(map_fd, 0) == 3, "after closing the program fd: %lld",
	      (long long)slot_get(map_fd, 0));
	close(event_fd);
	hit(3, 0);
	CHECK(slot_get(map_fd, 0) == 3, "after closing the event: %lld",
	      (long long)slot_get(map_fd, 0));
	close(map_fd);
	kprobe_event_remove("getppid");
}

/*
 * A kprobe program never runs nested in another on one CPU: the outer
 * one (on getppid) looks up a map, which goes through the probed
 * array_map_lookup_elem; the inner one (there) counts only lookups that
 * bpf() makes from userspace.
 */
static void test_no_nesting(void)
{
	int outer_map, inner_map, outer_fd, inner_fd, ev_outer, ev_inner, id;
	__s64 before, after;

	outer_map = slots_create();
	inner_map = slots_create();
	outer_fd = counting_prog(outer_map, 1);
	inner_fd = counting_prog(inner_map, 1);
	id = kprobe_event("getppid", 'p', PROBED);
	ev_outer = perf_open_tp(id);
	id = kprobe_event("lookup", 'p', "array_map_lookup_elem");
	ev_inner = perf_open_tp(id);
	CHECK(!attach(ev_outer, outer_fd), "attach outer: %s", strerror(errno));
	CHECK(!attach(ev_inner, inner_fd), "attach inner: %s", strerror(errno));

	before = slot_get(inner_map, 0);
	CHECK(before >= 1, "a lookup from bpf() did not run the inner program");
	hit(5, 0);
	after = slot_get(inner_map, 0);
	CHECK(after == before + 1, "inner program ran %lld times, not once",
	      (long long)(after - before));
	CHECK(slot_get(outer_map, 0) == 5, "outer program ran %lld times",
	      (long long)slot_get(outer_map, 0));

	close(ev_inner);
	close(ev_outer);
	close(inner_fd);
	close(outer_fd);
	close(inner_map);
	close(outer_map);
	kprobe_event_remove("lookup");
	kprobe_event_remove("getppid");
}

static int hash_create(void)
{
	int fd = map_create_u32_u64(BPF_MAP_TYPE_HASH, 16);

	CHECK(fd >= 0, "hash create: %s", strerror(errno));
	return fd;
}

/* hash[1] = @value through map_update_elem; R0 its result.  Keeps R6-R9. */
static void emit_hash_update(struct prog *p, int hash_fd, int value)
{
	emit(p, ST_W(BPF_REG_10, -4, 1));
	emit(p, ST_DW(BPF_REG_10, -16, value));
	emit_ld_map(p, BPF_REG_1, hash_fd);
	emit(p, MOV64_REG(BPF_REG_2, BPF_REG_10));
	emit(p, ADD64_IMM(BPF_REG_2, -4));
	emit(p, MOV64_REG(BPF_REG_3, BPF_REG_10));
	emit(p, ADD64_IMM(BPF_REG_3, -16));
	emit(p, MOV64_IMM(BPF_REG_4, BPF_ANY));
	emit(p, CALL(BPF_FUNC_map_update_elem));
}

/*
 * A hash map write that a probe interrupts inside its bucket lock: a
 * socket filter updates key 1, whose lookup in the chain calls memcmp();
 * a kprobe program there updates the same key.  Its write must fail with
 * EBUSY (the bucket lock is held on this CPU) instead of deadlocking.
 */
static void test_hash_update_reentry(void)
{
	int hash_fd, map_fd, filter_fd, kprobe_fd, event_fd, sock, id, i;
	unsigned int skip;
	static struct prog filter, p;
	struct sockaddr_in addr;
	__u64 value = 1;
	__u32 key = 1;
	union bpf_attr attr;
	char buf[64];

	hash_fd = hash_create();
	map_fd = slots_create();
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = hash_fd;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)&value;
	CHECK(!sys_bpf(BPF_MAP_UPDATE_ELEM, &attr), "insert: %s",
	      strerror(errno));

	filter.cnt = 0;
	emit(&filter, MOV64_REG(BPF_REG_6, BPF_REG_1));
	emit_hash_update(&filter, hash_fd, 5);
	emit(&filter, INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_0, BPF_REG_6,
			   offsetof(struct __sk_buff, len), 0));
	emit(&filter, EXIT_INSN());
	filter_fd = load_insns(BPF_PROG_TYPE_SOCKET_FILTER, filter.insns,
			       filter.cnt, "GPL");

	p.cnt = 0;
	emit_hash_update(&p, hash_fd, 7);
	emit(&p, MOV64_REG(BPF_REG_6, BPF_REG_0));
	emit(&p, JEQ_IMM(BPF_REG_6, -EBUSY, 1));
	skip = p.cnt;
	emit(&p, INSN(BPF_JMP | BPF_JA, 0, 0, 0, 0));
	emit_count(&p, map_fd, 0);
	p.insns[skip].off = p.cnt - skip - 1;
	emit_exit(&p, 0);
	kprobe_fd = load(&p);

	id = kprobe_event("memcmp", 'p', "memcmp");
	event_fd = perf_open_tp(id);
	CHECK(!attach(event_fd, kprobe_fd), "attach: %s", strerror(errno));

	sock = udp_socket(&addr);
	CHECK(!setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &filter_fd,
			  sizeof(filter_fd)), "SO_ATTACH_BPF: %s", strerror(errno));
	for (i = 0; i < 10; i++) {
		send_to(&addr, "ping", 4);
		CHECK(recv_len(sock, buf, sizeof(buf)) == 4,
		      "datagram %d lost", i);
	}
	CHECK(slot_get(map_fd, 0) >= 1,
	      "no probe write inside the filter's write failed with EBUSY");

	close(event_fd);
	close(sock);
	close(kprobe_fd);
	close(filter_fd);
	close(map_fd);
	close(hash_fd);
	kprobe_event_remove("memcmp");
}

int main(void)
{
	static const struct sock_test tests[] = {
		{ "return_value", test_return_value },
		{ "ctx_and_probe_read", test_ctx_and_probe_read },
		{ "ktime_get_ns", test_ktime_get_ns },
		{ "trace_printk", test_trace_printk },
		{ "kretprobe", test_kretprobe },
		{ "perf_kprobe_pmu", test_perf_kprobe_pmu },
		{ "attach_errors", test_attach_errors },
		{ "attach_other_events", test_attach_other_events },
		{ "detach_on_close", test_detach_on_close },
		{ "no_nesting", test_no_nesting },
		{ "hash_update_reentry", test_hash_update_reentry },
	};

	return run_sock_tests(tests, ARRAY_SIZE(tests));
}
