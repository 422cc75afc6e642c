// SPDX-License-Identifier: GPL-2.0-only
/*
 * JIT images share packs of executable memory (arch/x86/net/bpf_jit_comp.c):
 * threads loading, running and closing programs at once must each keep
 * getting their own programs' results, and every program must go when
 * its fd does.  Four threads each load 300 socket filters of 2 to 101
 * instructions, eight of them live at a time, and run every live one with
 * BPF_PROG_TEST_RUN after each load; a program whose chunks were handed
 * out twice, or turned back into int3 under it, gives another value or
 * traps.  tests.list runs it under with_jit, which turns
 * net.core.bpf_jit_enable on or fails; the debug kernel runs it with
 * lockdep and KASAN watching.
 *
 * KTAP output.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_test.h"

#define THREADS		4
#define ROUNDS		300
#define LIVE		8
#define MAX_INSNS	101
#define ETH_HLEN	14

struct worker {
	unsigned int id;
	char err[200];
};

/* A filter of @n insns returning @want: r0 = want - (n - 2), n - 2 adds of 1 */
static int load(__u32 want, unsigned int n)
{
	struct bpf_insn p[MAX_INSNS];
	union bpf_attr attr;
	unsigned int i;

	p[0] = MOV64_IMM(BPF_REG_0, (int)(want - (n - 2)));
	for (i = 1; i < n - 1; i++)
		p[i] = ADD64_IMM(BPF_REG_0, 1);
	p[n - 1] = EXIT_INSN();
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (unsigned long)p;
	attr.insn_cnt = n;
	attr.license = (unsigned long)"GPL";
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* The value @fd's program returns on a small packet, or -1 (errno) */
static long long run(int fd)
{
	unsigned char packet[ETH_HLEN + 64] = { 0 };
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (unsigned long)packet;
	attr.test.data_size_in = sizeof(packet);
	if (sys_bpf(BPF_PROG_TEST_RUN, &attr))
		return -1;
	return attr.test.retval;
}

static void *work(void *data)
{
	struct worker *w = data;
	int fd[LIVE];
	__u32 want[LIVE];
	unsigned int i, j, k, n;
	long long got;

	for (k = 0; k < LIVE; k++)
		fd[k] = -1;
	for (i = 0; i < ROUNDS; i++) {
		k = i % LIVE;
		if (fd[k] >= 0)
			close(fd[k]);
		n = 2 + (i * 37 + w->id * 11) % (MAX_INSNS - 1);
		want[k] = w->id << 24 | i;
		fd[k] = load(want[k], n);
		if (fd[k] < 0) {
			snprintf(w->err, sizeof(w->err),
				 "round %u: loading %u insns: %s", i, n,
				 strerror(errno));
			goto out;
		}
		for (j = 0; j < LIVE; j++) {
			if (fd[j] < 0)
				continue;
			got = run(fd[j]);
			if (got != want[j]) {
				snprintf(w->err, sizeof(w->err),
					 "round %u: program %u returned %lld (%s), expected %u",
					 i, j, got, got < 0 ? strerror(errno) : "",
					 want[j]);
				goto out;
			}
		}
	}
out:
	for (k = 0; k < LIVE; k++)
		if (fd[k] >= 0)
			close(fd[k]);
	return NULL;
}

int main(void)
{
	struct worker w[THREADS];
	pthread_t t[THREADS];
	unsigned int i, started, failed = 0;
	long long got;
	int fd;

	printf("KTAP version 1\n1..2\n");
	for (started = 0; started < THREADS; started++) {
		w[started].id = started + 1;
		w[started].err[0] = '\0';
		if (pthread_create(&t[started], NULL, work, &w[started]))
			break;
	}
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < started; i++) {
		if (w[i].err[0]) {
			printf("# thread %u: %s\n", w[i].id, w[i].err);
			failed = 1;
		}
	}
	if (started < THREADS) {
		printf("# only %u threads started\n", started);
		failed = 1;
	}
	printf("%s 1 %u threads: %u programs loaded, run and closed at once\n",
	       failed ? "not ok" : "ok", THREADS, THREADS * ROUNDS);

	/* after all that, a program still loads and runs */
	fd = load(0x5a5a, MAX_INSNS);
	got = fd < 0 ? -1 : run(fd);
	if (fd >= 0)
		close(fd);
	if (got != 0x5a5a) {
		printf("# a program afterwards: fd %d, returned %lld\n", fd, got);
		failed |= 2;
	}
	printf("%s 2 a program loaded afterwards runs\n",
	       failed & 2 ? "not ok" : "ok");
	return failed ? 1 : 0;
}
