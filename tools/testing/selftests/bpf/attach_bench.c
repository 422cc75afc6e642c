// SPDX-License-Identifier: GPL-2.0-only
/*
 * attach_bench - what an attached program costs where it runs.
 *
 * Kprobe: ns per getppid() call with no probe, with a kprobe event whose
 * perf event records each hit, and with a program attached that counts
 * the hit in an array map and drops it (returns 0).  Socket: ns per UDP
 * datagram sent and received over loopback with no filter and with a
 * socket filter that counts it in an array map and keeps it.
 *
 * Only the raw bpf() ABI is used, so the same binary measures any kernel
 * (ours, or Linux with its own BPF).  Prints "bench: guest_NAME VALUE
 * ns/op" lines (-p replaces "guest"); -n sets the getppid() calls per measurement (a quarter as
 * many datagrams).  The guest's clock may tick coarsely: the defaults keep
 * each measurement to many ticks.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bpf_test.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* What the figures' names start with: -p stock marks a stock kernel's. */
static const char *prefix = "guest";
#define TRACEFS		"/sys/kernel/tracing"

static void die(const char *what)
{
	fprintf(stderr, "attach_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int array_create(void)
{
	int fd = map_create_u32_u64(BPF_MAP_TYPE_ARRAY, 1);

	if (fd < 0)
		die("map create");
	return fd;
}

/*
 * A program counting in slot 0 of @map_fd and returning @ret, or for a
 * socket filter (@ret < 0) the packet's length.
 */
static int count_prog(enum bpf_prog_type type, int map_fd, int ret)
{
	struct bpf_insn insns[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0),
		INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4),
		INSN(BPF_LD | BPF_IMM | BPF_DW, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0,
		     map_fd),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 2, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_1, 0, 0, 1),
		INSN(BPF_STX | BPF_ATOMIC | BPF_DW, BPF_REG_0, BPF_REG_1, 0,
		     BPF_ADD),
		ret < 0 ?
		INSN(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_0, BPF_REG_6,
		     offsetof(struct __sk_buff, len), 0) :
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, ret),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = ARRAY_SIZE(insns);
	attr.license = (unsigned long)"GPL";
	attr.kern_version = kern_version();
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		die("program load");
	return fd;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* @n getppid() calls, in ns per call. */
static double time_getppid(long n)
{
	double t = now_ns();
	long i;

	for (i = 0; i < n; i++)
		syscall(__NR_getppid);
	return (now_ns() - t) / n;
}

static double min_of(double best, double t)
{
	return best == 0 || t < best ? t : best;
}

static int kprobe_event_open(void)
{
	const char *def = "p:ebpf_bench/getppid __x64_sys_getppid\n";
	struct perf_event_attr attr;
	int fd, id = -1;
	FILE *f;

	fd = open(TRACEFS "/kprobe_events", O_WRONLY | O_APPEND);
	if (fd < 0 || write(fd, def, strlen(def)) != (ssize_t)strlen(def))
		die("kprobe_events");
	close(fd);
	f = fopen(TRACEFS "/events/ebpf_bench/getppid/id", "r");
	if (!f || fscanf(f, "%d", &id) != 1)
		die("kprobe event id");
	fclose(f);

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = id;
	attr.sample_period = 1;
	attr.sample_type = PERF_SAMPLE_RAW;
	fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0)
		die("perf_event_open");
	return fd;
}

/*
 * Each setting is measured five times, interleaved with the others so
 * that a noisy host weighs on all alike, and the best run counts.
 */
static void kprobe_event_remove(void)
{
	const char *def = "-:ebpf_bench/getppid\n";
	int fd;

	fd = open(TRACEFS "/kprobe_events", O_WRONLY | O_APPEND);
	if (fd < 0 || write(fd, def, strlen(def)) != (ssize_t)strlen(def))
		die("kprobe_events removal");
	close(fd);
}

static void bench_kprobe(long n)
{
	double none = 0, perf_only = 0, prog = 0;
	int map_fd, prog_fd, event_fd, run;

	map_fd = array_create();
	prog_fd = count_prog(BPF_PROG_TYPE_KPROBE, map_fd, 0);
	for (run = 0; run < 5; run++) {
		none = min_of(none, time_getppid(n));
		event_fd = kprobe_event_open();
		perf_only = min_of(perf_only, time_getppid(n));
		if (ioctl(event_fd, PERF_EVENT_IOC_SET_BPF, prog_fd))
			die("PERF_EVENT_IOC_SET_BPF");
		prog = min_of(prog, time_getppid(n));
		close(event_fd);
		kprobe_event_remove();
	}
	close(prog_fd);
	close(map_fd);

	printf("bench: %s_getppid_no_kprobe %.0f ns/op\n", prefix, none);
	printf("bench: %s_getppid_kprobe_perf %.0f ns/op\n", prefix, perf_only);
	printf("bench: %s_getppid_kprobe_prog %.0f ns/op\n", prefix, prog);
	printf("bench: %s_kprobe_hit_perf %.0f ns/op\n", prefix, perf_only - none);
	printf("bench: %s_kprobe_hit_prog %.0f ns/op\n", prefix, prog - none);
}

/* @n datagrams sent to and read from @rx, in ns per datagram. */
static double time_datagrams(int tx, int rx, long n)
{
	double t = now_ns();
	char buf[64];
	long i;

	for (i = 0; i < n; i++) {
		if (send(tx, "ebpf-bench", 10, 0) != 10 ||
		    recv(rx, buf, sizeof(buf), 0) != 10)
			die("datagram");
	}
	return (now_ns() - t) / n;
}

static void bench_socket(long n)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	socklen_t len = sizeof(addr);
	int rx, tx, map_fd, prog_fd, run;
	double none = 0, prog = 0;

	rx = socket(AF_INET, SOCK_DGRAM, 0);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (rx < 0 || tx < 0 ||
	    bind(rx, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(rx, (struct sockaddr *)&addr, &len) ||
	    connect(tx, (struct sockaddr *)&addr, sizeof(addr)))
		die("udp sockets");

	map_fd = array_create();
	prog_fd = count_prog(BPF_PROG_TYPE_SOCKET_FILTER, map_fd, -1);
	for (run = 0; run < 5; run++) {
		none = min_of(none, time_datagrams(tx, rx, n));
		if (setsockopt(rx, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd,
			       sizeof(prog_fd)))
			die("SO_ATTACH_BPF");
		prog = min_of(prog, time_datagrams(tx, rx, n));
		/* every SOL_SOCKET option takes at least an int */
		if (setsockopt(rx, SOL_SOCKET, SO_DETACH_BPF, &prog_fd,
			       sizeof(prog_fd)))
			die("SO_DETACH_BPF");
	}
	close(prog_fd);
	close(map_fd);
	close(tx);
	close(rx);

	printf("bench: %s_udp_no_filter %.0f ns/op\n", prefix, none);
	printf("bench: %s_udp_filter %.0f ns/op\n", prefix, prog);
	printf("bench: %s_socket_filter_packet %.0f ns/op\n", prefix, prog - none);
}

int main(int argc, char **argv)
{
	long n = 100000;
	int opt;

	while ((opt = getopt(argc, argv, "n:p:")) != -1) {
		if (opt == 'n') {
			n = atol(optarg);
		} else if (opt == 'p') {
			prefix = optarg;
		} else {
			fprintf(stderr, "usage: attach_bench [-n CALLS] [-p PREFIX]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	bench_kprobe(n);
	bench_socket(n / 4);
	return 0;
}
