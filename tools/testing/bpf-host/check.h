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

#endif
