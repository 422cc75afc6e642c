/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the socket filter tests (test_classic, test_sock_bpf) share: the
 * KTAP runner, the CHECK() assertion, and UDP sockets on loopback.
 */
#ifndef _SOCK_TEST_H
#define _SOCK_TEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int test_failed;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			printf("# %s:%d: ", __func__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
			test_failed = 1;				\
		}							\
	} while (0)

struct sock_test {
	const char *name;
	void (*fn)(void);
};

/* Runs @tests with KTAP output; the exit status of the program. */
static int run_sock_tests(const struct sock_test *tests, unsigned int cnt)
{
	unsigned int i, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n1..%u\n", cnt);
	for (i = 0; i < cnt; i++) {
		test_failed = 0;
		tests[i].fn();
		printf("%sok %u %s\n", test_failed ? "not " : "", i + 1,
		       tests[i].name);
		failed += test_failed;
	}
	printf("# %u passed, %u failed\n", cnt - failed, failed);
	return failed ? 1 : 0;
}

/*
 * A UDP socket bound to an ephemeral loopback port, with a short receive
 * timeout; -1 (and the test failed) if it cannot be made.
 */
static inline int udp_socket(struct sockaddr_in *addr)
{
	struct timeval tv = { .tv_usec = 200 * 1000 };
	socklen_t len = sizeof(*addr);
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	CHECK(fd >= 0, "socket: %s", strerror(errno));
	if (fd < 0)
		return -1;
	memset(addr, 0, sizeof(*addr));
	addr->sin_family = AF_INET;
	addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)addr, sizeof(*addr)) ||
	    getsockname(fd, (struct sockaddr *)addr, &len) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		CHECK(0, "udp socket setup: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static inline void send_to(const struct sockaddr_in *addr, const char *payload,
		    size_t len)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || sendto(fd, payload, len, 0, (const struct sockaddr *)addr,
			     sizeof(*addr)) != (ssize_t)len)
		CHECK(0, "sendto: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* Length of the next datagram queued on @fd, or -1 if none arrived. */
static inline ssize_t recv_len(int fd, char *buf, size_t size)
{
	return recv(fd, buf, size, 0);
}

#endif /* _SOCK_TEST_H */
