// SPDX-License-Identifier: GPL-2.0-only
/*
 * map_bench - cost of one bpf() map operation as seen from userspace.
 *
 * Prints one "bench: guest_NAME VALUE ns/op" line per measurement so that
 * a harness can grep the figures out of a guest's console.
 *
 * Usage: map_bench [-n ITERATIONS] [-s]
 *   -n  operations per measurement (default 10000, well under 10 s in
 *       QEMU TCG for the whole run)
 *   -s  single process only: skip the two-process runs
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PTR(p)		((__u64)(unsigned long)(p))
/* Keys in use at once; small enough for any guest, big enough to hash. */
#define NR_KEYS		1024
#define MAX_KEY_SIZE	64

static long iterations = 10000;

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	long ret = syscall(__NR_bpf, cmd, attr, sizeof(*attr));

	return ret < 0 ? -errno : (int)ret;
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
	return sys_bpf(BPF_MAP_CREATE, &attr);
}

static int elem_op(int cmd, int fd, const void *key, void *value, __u64 flags)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = fd;
	attr.key = PTR(key);
	attr.value = PTR(value);
	attr.flags = flags;
	return sys_bpf(cmd, &attr);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void report(const char *name, double ns, long ops)
{
	printf("bench: guest_%s %.1f ns/op\n", name, ops ? ns / ops : 0.0);
	fflush(stdout);
}

/* Key number @i of a map, spread over the whole key so all bytes hash. */
static void make_key(unsigned char *key, __u32 key_size, __u32 i)
{
	__u32 j;

	memset(key, 0, key_size);
	if (key_size == sizeof(__u32)) {
		memcpy(key, &i, sizeof(i));
		return;
	}
	for (j = 0; j + sizeof(i) <= key_size; j += sizeof(i) * 4)
		memcpy(key + j, &i, sizeof(i));
}

struct map_cfg {
	const char *name;
	__u32 type;
	__u32 key_size;
};

static bool fill(int fd, const struct map_cfg *c, __u32 nr)
{
	unsigned char key[MAX_KEY_SIZE];
	__u64 val = 1;
	__u32 i;
	int ret;

	for (i = 0; i < nr; i++) {
		make_key(key, c->key_size, i);
		ret = elem_op(BPF_MAP_UPDATE_ELEM, fd, key, &val, BPF_ANY);
		if (ret) {
			fprintf(stderr, "%s: populate key %u: %s\n", c->name, i,
				strerror(-ret));
			return false;
		}
	}
	return true;
}

/* Time @n operations @cmd cycling over the first NR_KEYS keys. */
static double time_ops(int fd, const struct map_cfg *c, int cmd, long n,
		       long *errors)
{
	static unsigned char keys[NR_KEYS][MAX_KEY_SIZE];
	__u64 val = 2;
	double t0, t1;
	long i;

	for (i = 0; i < NR_KEYS; i++)
		make_key(keys[i], c->key_size, i);
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (elem_op(cmd, fd, keys[i % NR_KEYS], &val, BPF_ANY))
			(*errors)++;
	t1 = now_ns();
	return t1 - t0;
}

/* Deletes need present keys: refill untimed, then time the deletes. */
static double time_deletes(int fd, const struct map_cfg *c, long n,
			   long *errors)
{
	unsigned char key[MAX_KEY_SIZE];
	double total = 0, t0;
	long done = 0;
	__u32 i, batch;

	while (done < n) {
		batch = n - done < NR_KEYS ? n - done : NR_KEYS;
		if (!fill(fd, c, batch))
			return -1;
		t0 = now_ns();
		for (i = 0; i < batch; i++) {
			make_key(key, c->key_size, i);
			if (elem_op(BPF_MAP_DELETE_ELEM, fd, key, NULL, 0))
				(*errors)++;
		}
		total += now_ns() - t0;
		done += batch;
	}
	return total;
}

static void check_errors(const char *name, long errors)
{
	if (errors)
		fprintf(stderr, "%s: %ld operations failed\n", name, errors);
}

static int bench_map(const struct map_cfg *c)
{
	char name[64];
	long errors = 0;
	double ns;
	int fd;

	fd = map_create(c->type, c->key_size, sizeof(__u64), NR_KEYS);
	if (fd < 0) {
		fprintf(stderr, "%s: create: %s\n", c->name, strerror(-fd));
		return 1;
	}
	if (!fill(fd, c, NR_KEYS))
		return 1;

	ns = time_ops(fd, c, BPF_MAP_LOOKUP_ELEM, iterations, &errors);
	snprintf(name, sizeof(name), "%s_lookup", c->name);
	report(name, ns, iterations);
	check_errors(name, errors);

	/* replaces an existing element, the steady state of most users */
	ns = time_ops(fd, c, BPF_MAP_UPDATE_ELEM, iterations, &errors);
	snprintf(name, sizeof(name), "%s_update", c->name);
	report(name, ns, iterations);
	check_errors(name, errors);

	/* array elements cannot be deleted */
	if (c->type == BPF_MAP_TYPE_HASH) {
		ns = time_deletes(fd, c, iterations, &errors);
		snprintf(name, sizeof(name), "%s_delete", c->name);
		report(name, ns, iterations);
		check_errors(name, errors);
	}
	close(fd);
	return errors ? 1 : 0;
}

/*
 * Two processes hammering the same map: reports wall time divided by the
 * operations of one process, i.e. what one caller sees under contention.
 */
static int bench_parallel(const struct map_cfg *c, int cmd, const char *op)
{
	double t0, t1;
	char name[64];
	int fd, i, status, failed = 0;
	pid_t pid[2];

	fd = map_create(c->type, c->key_size, sizeof(__u64), NR_KEYS);
	if (fd < 0 || !fill(fd, c, NR_KEYS))
		return 1;
	fflush(stdout);
	t0 = now_ns();
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			long errors = 0;

			time_ops(fd, c, cmd, iterations, &errors);
			_exit(errors ? 1 : 0);
		}
	}
	for (i = 0; i < 2; i++) {
		if (pid[i] < 0 || waitpid(pid[i], &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	}
	t1 = now_ns();
	close(fd);
	snprintf(name, sizeof(name), "%s_%s_2proc", c->name, op);
	report(name, t1 - t0, iterations);
	if (failed)
		fprintf(stderr, "%s: %d processes failed\n", name, failed);
	return failed ? 1 : 0;
}

/* The dispatcher alone: an unknown command fails before any map work. */
static void bench_dispatch(void)
{
	union bpf_attr attr;
	double t0;
	long i;

	memset(&attr, 0, sizeof(attr));
	t0 = now_ns();
	for (i = 0; i < iterations; i++)
		sys_bpf(1000, &attr);
	report("bpf_einval", now_ns() - t0, iterations);
}

int main(int argc, char **argv)
{
	static const struct map_cfg cfgs[] = {
		{ "hash4", BPF_MAP_TYPE_HASH, 4 },
		{ "hash64", BPF_MAP_TYPE_HASH, 64 },
		{ "array", BPF_MAP_TYPE_ARRAY, 4 },
	};
	bool parallel = true;
	int opt, ret = 0;
	unsigned int i;

	while ((opt = getopt(argc, argv, "n:s")) != -1) {
		switch (opt) {
		case 'n':
			iterations = strtol(optarg, NULL, 0);
			break;
		case 's':
			parallel = false;
			break;
		default:
			fprintf(stderr, "usage: %s [-n iterations] [-s]\n",
				argv[0]);
			return 2;
		}
	}
	if (iterations <= 0)
		iterations = 1;

	bench_dispatch();
	for (i = 0; i < ARRAY_SIZE(cfgs); i++)
		ret |= bench_map(&cfgs[i]);
	if (parallel) {
		ret |= bench_parallel(&cfgs[0], BPF_MAP_LOOKUP_ELEM, "lookup");
		ret |= bench_parallel(&cfgs[0], BPF_MAP_UPDATE_ELEM, "update");
		ret |= bench_parallel(&cfgs[2], BPF_MAP_LOOKUP_ELEM, "lookup");
	}
	return ret;
}
