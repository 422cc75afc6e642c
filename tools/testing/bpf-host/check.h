/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Assertions of the host unit tests: a failing check records its message
 * in fail_msg and returns -1 from the test, which the KTAP runner reports.
 */
#ifndef _BPF_HOST_CHECK_H
#define _BPF_HOST_CHECK_H

#include <stdio.h>

static char fail_msg[512];

#define FAIL(...)							\
	do {								\
		snprintf(fail_msg, sizeof(fail_msg), __VA_ARGS__);	\
		return -1;						\
	} while (0)

#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			FAIL("%s:%d: %s", __FILE__, __LINE__, #cond);	\
	} while (0)

/* A test of the KTAP runner: T(test_foo) is reported as "foo". */
struct test {
	const char *name;
	int (*fn)(void);
};

#define T(fn) { #fn + 5, fn }

/* Runs the @n @tests as KTAP, names after @prefix; returns the failures. */
static inline unsigned int run_tests(const struct test *tests, unsigned int n,
				     const char *prefix)
{
	unsigned int i, failed = 0;

	printf("KTAP version 1\n1..%u\n", n);
	for (i = 0; i < n; i++) {
		fail_msg[0] = '\0';
		if (tests[i].fn()) {
			failed++;
			printf("not ok %u %s%s # %s\n", i + 1, prefix,
			       tests[i].name, fail_msg);
		} else {
			printf("ok %u %s%s\n", i + 1, prefix, tests[i].name);
		}
		fflush(stdout);
	}
	return failed;
}

#endif
