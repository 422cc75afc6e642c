/* SPDX-License-Identifier: GPL-2.0-only */
/* What the host benchmarks share: a clock, a median, the loader of .bpf files. */
#ifndef _BPF_HOST_BENCH_H
#define _BPF_HOST_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <linux/filter.h>

static inline unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* the median of @n values, which it sorts */
static inline double median(double *v, int n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

/*
 * The raw little-endian instructions of the file at @path, malloc()ed,
 * their number in @n; NULL when it cannot be read or is not whole
 * instructions.
 */
static inline struct bpf_insn *load_bpf_file(const char *path, u32 *n)
{
	struct bpf_insn *p;
	FILE *f = fopen(path, "rb");
	long len;

	if (!f)
		return NULL;
	len = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (len <= 0 || len % sizeof(*p) || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	p = malloc(len);
	if (p && fread(p, 1, len, f) != (size_t)len) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*n = len / sizeof(*p);
	return p;
}

#endif
