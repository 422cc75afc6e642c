/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the user halves of the samples share: loading a BPF object that
 * lies next to the executable with libbpf, a packet socket on lo, traffic
 * on loopback (UDP datagrams, ping), the check that kprobe programs can be
 * attached at all, and reading trace_pipe.
 *
 * Exit status of every sample: 0 when its checks pass, 1 when one fails,
 * SAMPLE_SKIP when the running kernel genuinely lacks what it needs.
 */
#ifndef _SAMPLE_USER_H
#define _SAMPLE_USER_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/perf_event.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define SAMPLE_SKIP	77
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int sample_failed;

/* A failed check: say what, and make the sample exit with 1. */
#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("FAIL %s:%d: ", __func__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
			sample_failed = 1;				\
		}							\
	} while (0)

static inline int sample_exit(void)
{
	return sample_failed ? 1 : 0;
}

/*
 * libbpf says only what went wrong, unless SAMPLE_VERBOSE is set.  Its
 * probe for perf links loads a tracepoint program, which this kernel
 * refuses, and libbpf 1.1 warns about the failed probe before it falls
 * back to PERF_EVENT_IOC_SET_BPF, as it should: that one line is dropped.
 */
static inline int sample_libbpf_print(enum libbpf_print_level level,
				      const char *fmt, va_list ap)
{
	char msg[1024];

	/* libbpf's messages start with "libbpf: " already */
	if (getenv("SAMPLE_VERBOSE"))
		return vfprintf(stdout, fmt, ap);
	if (level != LIBBPF_WARN)
		return 0;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (strstr(msg, "Detection of kernel BPF perf link support"))
		return 0;
	return printf("%s", msg);
}

/*
 * Opens and loads @file, which lies in the directory of the running
 * executable; NULL (and a message) on failure.
 */
static inline struct bpf_object *sample_load(const char *file)
{
	char path[PATH_MAX], *slash;
	struct bpf_object *obj;
	ssize_t n;
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(sample_libbpf_print);
	n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n < 0)
		n = 0;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (slash)
		slash[1] = '\0';
	else
		strcpy(path, "./");
	if (strlen(path) + strlen(file) >= sizeof(path))
		return NULL;
	strcat(path, file);

	obj = bpf_object__open_file(path, NULL);
	err = libbpf_get_error(obj);
	if (err) {
		printf("FAIL: cannot open %s: %s\n", path, strerror(-err));
		return NULL;
	}
	err = bpf_object__load(obj);
	if (err) {
		printf("FAIL: cannot load %s: %s\n", path, strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}

static inline int sample_map_fd(struct bpf_object *obj, const char *name)
{
	int fd = bpf_object__find_map_fd_by_name(obj, name);

	CHECK(fd >= 0, "no map %s", name);
	return fd;
}

/* A packet socket that sees every packet on @ifname, both directions. */
static inline int open_packet_socket(const char *ifname)
{
	struct sockaddr_ll sll;
	int fd;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (fd < 0) {
		printf("FAIL: packet socket: %s\n", strerror(errno));
		return -1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(ifname);
	sll.sll_protocol = htons(ETH_P_ALL);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		printf("FAIL: bind to %s: %s\n", ifname, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Attaches @prog_fd with SO_ATTACH_BPF to a new packet socket on lo. */
static inline int packet_socket_with(int prog_fd)
{
	int fd = open_packet_socket("lo");

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd,
		       sizeof(prog_fd))) {
		printf("FAIL: SO_ATTACH_BPF: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Sends @count UDP datagrams of @len payload bytes from 127.0.0.1 to a
 * socket bound on @dst (host order, in 127/8) and receives them; the number
 * received.
 */
static inline int udp_traffic(unsigned int dst, int count, size_t len)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	struct timeval tv = { .tv_usec = 500 * 1000 };
	socklen_t alen = sizeof(addr);
	int rx, tx, i, got = 0;
	char buf[2048];

	if (len > sizeof(buf))
		len = sizeof(buf);
	memset(buf, 'x', len);
	addr.sin_addr.s_addr = htonl(dst);
	rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (rx < 0 || tx < 0 || bind(rx, (struct sockaddr *)&addr, alen) ||
	    getsockname(rx, (struct sockaddr *)&addr, &alen) ||
	    setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		printf("FAIL: udp sockets: %s\n", strerror(errno));
		goto out;
	}
	for (i = 0; i < count; i++) {
		if (sendto(tx, buf, len, 0, (struct sockaddr *)&addr,
			   sizeof(addr)) != (ssize_t)len)
			break;
		if (recv(rx, buf, sizeof(buf), 0) >= 0)
			got++;
	}
out:
	if (rx >= 0)
		close(rx);
	if (tx >= 0)
		close(tx);
	return got;
}

/* Runs a shell command quietly; its exit status. */
static inline int run_quiet(const char *cmd)
{
	char line[256];
	int st;

	snprintf(line, sizeof(line), "%s >/dev/null 2>&1", cmd);
	st = system(line);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ping -c @count 127.0.0.1 quickly (busybox's ping where no other is) */
static inline int ping_lo(int count)
{
	char cmd[128];
	int st;

	snprintf(cmd, sizeof(cmd), "ping -c %d -i 0.1 -W 2 127.0.0.1", count);
	st = run_quiet(cmd);
	if (st == 127) {
		snprintf(cmd, sizeof(cmd),
			 "busybox ping -c %d -i 0.1 -W 2 127.0.0.1", count);
		st = run_quiet(cmd);
	}
	return st;
}

static inline unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The kernel's version as kprobe programs must state it. */
static inline __u32 kernel_version(void)
{
	unsigned int a, b, c = 0;
	struct utsname u;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

#ifndef ENOTSUPP
#define ENOTSUPP	524
#endif

static inline int perf_kprobe_type(void)
{
	FILE *f = fopen("/sys/bus/event_source/devices/kprobe/type", "r");
	int type = -1;

	if (f) {
		if (fscanf(f, "%d", &type) != 1)
			type = -1;
		fclose(f);
	}
	return type;
}

/*
 * Whether this kernel runs kprobe programs at all: loads a program that
 * calls probe_read and attaches it with PERF_EVENT_IOC_SET_BPF to a kprobe
 * of the perf_kprobe PMU on @func.  0 and the reason in @why when the
 * kernel lacks them (no kprobe events, no kprobe program type or helper,
 * or an ioctl that says "not supported"); 1 when they work.
 */
static inline int kprobes_supported(const char *func, const char **why)
{
	struct bpf_insn insns[] = {
		/* *(u64 *)(r10 - 8) = 0; probe_read(r10 - 8, 8, 0) */
		{ .code = BPF_ST | BPF_MEM | BPF_DW, .dst_reg = 10, .off = -8 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = 1,
		  .src_reg = 10 },
		{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 1, .imm = -8 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 2, .imm = 8 },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 3 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_probe_read },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .kern_version = kernel_version());
	struct perf_event_attr attr;
	int type, prog, pfd, ret = 1;

	type = perf_kprobe_type();
	if (type < 0) {
		*why = "no perf_kprobe PMU";
		return 0;
	}
	prog = bpf_prog_load(BPF_PROG_TYPE_KPROBE, NULL, "GPL", insns,
			     ARRAY_SIZE(insns), &opts);
	if (prog < 0) {
		static char msg[96];

		snprintf(msg, sizeof(msg),
			 "no kprobe programs calling probe_read (load: %s)",
			 strerror(errno));
		*why = msg;
		return 0;
	}
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.config1 = (unsigned long)func;
	pfd = syscall(__NR_perf_event_open, &attr, -1, 0, -1,
		      PERF_FLAG_FD_CLOEXEC);
	if (pfd < 0) {
		printf("FAIL: perf_event_open kprobe %s: %s\n", func,
		       strerror(errno));
		close(prog);
		return -1;
	}
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog)) {
		if (errno == EOPNOTSUPP || errno == ENOTSUPP ||
		    errno == ENOENT) {
			*why = "no kprobe programs (PERF_EVENT_IOC_SET_BPF refused)";
			ret = 0;
		} else {
			printf("FAIL: PERF_EVENT_IOC_SET_BPF: %s\n",
			       strerror(errno));
			ret = -1;
		}
	}
	close(pfd);
	close(prog);
	return ret;
}

/*
 * Exits with SAMPLE_SKIP (saying why) when the kernel lacks kprobe
 * programs, with 1 when the check itself failed.
 */
static inline void require_kprobes(const char *func)
{
	const char *why = "";
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = kprobes_supported(func, &why);
	if (ret == 0) {
		printf("SKIP: %s\n", why);
		exit(SAMPLE_SKIP);
	}
	if (ret < 0)
		exit(1);
}

/* Attaches every program of @obj by its section name; 0 or -1. */
static inline int attach_all(struct bpf_object *obj,
			     struct bpf_link **links, int max)
{
	struct bpf_program *prog;
	int n = 0;

	bpf_object__for_each_program(prog, obj) {
		if (n == max)
			return -1;
		links[n] = bpf_program__attach(prog);
		if (libbpf_get_error(links[n])) {
			printf("FAIL: attach %s: %s\n",
			       bpf_program__section_name(prog),
			       strerror(-libbpf_get_error(links[n])));
			links[n] = NULL;
			return -1;
		}
		n++;
	}
	return 0;
}

static inline void detach_all(struct bpf_link **links, int max)
{
	int i;

	for (i = 0; i < max; i++)
		if (links[i])
			bpf_link__destroy(links[i]);
}

/* Reads what is in trace_pipe @fd now and forgets it. */
static inline void drain_trace_pipe(int fd)
{
	char buf[4096];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/*
 * trace_pipe, opened non-blocking and emptied of what earlier programs
 * left there; -1 (and a message) if there is none.
 */
static inline int open_trace_pipe(void)
{
	static const char * const paths[] = {
		"/sys/kernel/tracing/trace_pipe",
		"/sys/kernel/debug/tracing/trace_pipe",
	};
	unsigned int i;
	int fd = -1;

	for (i = 0; i < ARRAY_SIZE(paths) && fd < 0; i++)
		fd = open(paths[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		printf("FAIL: cannot open trace_pipe: %s\n", strerror(errno));
		return -1;
	}
	drain_trace_pipe(fd);
	return fd;
}

/*
 * Reads whole lines from trace_pipe @fd for at most @ms milliseconds or
 * until @max lines came, calling @fn on each; the number of lines.
 */
static inline int read_trace_lines(int fd, int ms, int max,
				   void (*fn)(const char *line, void *arg),
				   void *arg)
{
	unsigned long long end = now_ns() + ms * 1000000ULL;
	char buf[8192], *nl, *start;
	size_t have = 0;
	int lines = 0;
	ssize_t n;

	while (lines < max && now_ns() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		poll(&p, 1, 50);
		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n <= 0)
			continue;
		have += n;
		buf[have] = '\0';
		start = buf;
		while (lines < max && (nl = strchr(start, '\n'))) {
			*nl = '\0';
			fn(start, arg);
			lines++;
			start = nl + 1;
		}
		have -= start - buf;
		memmove(buf, start, have);
		if (have == sizeof(buf) - 1)
			have = 0;
	}
	return lines;
}

struct ksym {
	unsigned long long addr;
	char name[128];
};

static struct ksym *ksyms;
static int ksym_cnt;

static inline int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Reads the text symbols of /proc/kallsyms, sorted by address. */
static inline void load_kallsyms(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256], name[128], type;
	unsigned long long addr;
	int cap = 0;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %127s", &addr, &type, name) != 3 ||
		    (type != 't' && type != 'T') || !addr)
			continue;
		if (ksym_cnt == cap) {
			struct ksym *k;

			cap = cap ? cap * 2 : 4096;
			k = realloc(ksyms, cap * sizeof(*k));
			if (!k)
				break;
			ksyms = k;
		}
		ksyms[ksym_cnt].addr = addr;
		snprintf(ksyms[ksym_cnt].name, sizeof(ksyms[0].name), "%s",
			 name);
		ksym_cnt++;
	}
	fclose(f);
	qsort(ksyms, ksym_cnt, sizeof(*ksyms), ksym_cmp);
}

/* "symbol+0xoff" for a kernel text address, or the address in hex. */
static inline const char *ksym_str(unsigned long long addr, char *buf,
				   size_t size)
{
	int lo = 0, hi = ksym_cnt - 1, mid, best = -1;

	while (lo <= hi) {
		mid = (lo + hi) / 2;
		if (ksyms[mid].addr <= addr) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (best < 0)
		snprintf(buf, size, "0x%llx", addr);
	else
		snprintf(buf, size, "%.96s+0x%llx", ksyms[best].name,
			 addr - ksyms[best].addr);
	return buf;
}

/* The index of the highest set bit of @v plus one, 0 for 0. */
static inline int log2_slot(unsigned long long v)
{
	int n = 0;

	while (v) {
		v >>= 1;
		n++;
	}
	return n;
}

/* Prints a log2 histogram row per slot: range, count and a bar. */
static inline void print_log2_hist(const char *unit,
				   const unsigned long long *cnt, int slots)
{
	unsigned long long max = 0;
	int i, first = -1, last = -1, bar, j;

	for (i = 0; i < slots; i++) {
		if (cnt[i] && first < 0)
			first = i;
		if (cnt[i])
			last = i;
		if (cnt[i] > max)
			max = cnt[i];
	}
	if (first < 0) {
		printf("  (empty)\n");
		return;
	}
	printf("  %21s %-3s : %-8s\n", unit, "", "count");
	for (i = first; i <= last; i++) {
		unsigned long long lo = i ? 1ULL << (i - 1) : 0;
		unsigned long long hi = i ? (1ULL << i) - 1 : 0;

		/* two or more empty slots in a row: one "..." row */
		if (!cnt[i] && !cnt[i + 1]) {
			while (!cnt[i + 1])
				i++;
			printf("  %21s\n", "...");
			continue;
		}
		printf("  %10llu -> %-10llu : %-8llu |", lo, hi, cnt[i]);
		bar = max ? (int)(cnt[i] * 30 / max) : 0;
		if (cnt[i] && !bar)
			bar = 1;
		for (j = 0; j < 30; j++)
			putchar(j < bar ? '*' : ' ');
		printf("|\n");
	}
}

#endif /* _SAMPLE_USER_H */
