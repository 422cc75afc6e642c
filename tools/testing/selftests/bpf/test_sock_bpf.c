// SPDX-License-Identifier: GPL-2.0-only
/*
 * eBPF socket filters on real sockets: programs loaded with BPF_PROG_LOAD
 * and attached with SO_ATTACH_BPF decide which UDP datagrams sent over
 * loopback reach the socket, read __sk_buff fields and packet bytes, and
 * count in a map.  Also the errors of SO_ATTACH_BPF and the lifetime of an
 * attached program.  KTAP output.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "sock_test.h"
#include "bpf_test.h"

#define LDX_W(d, s, o)	INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define JGE_IMM(d, i, o) INSN(BPF_JMP | BPF_JGE | BPF_K, d, 0, o, i)
#define LD_ABS_B(i)	INSN(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0, i)
/* a map fd load is two instructions: LD_MAP_FD, then LD_IMM_HI */
#define LD_MAP_FD(d, fd)						\
	INSN(BPF_LD | BPF_IMM | BPF_DW, d, BPF_PSEUDO_MAP_FD, 0, fd)
#define LD_IMM_HI(i)	INSN(0, 0, 0, 0, i)

/* SKF_NET_OFF, from linux/filter.h, which clashes with linux/bpf.h */
#define NET_OFF		(-0x100000)

static char log_buf[65536];

static int prog_load(enum bpf_prog_type type, const struct bpf_insn *insns,
		     unsigned int cnt)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = type;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = cnt;
	attr.license = (unsigned long)"GPL";
	attr.log_buf = (unsigned long)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	attr.kern_version = kern_version();
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		printf("# load: %s\n# %s", strerror(errno), log_buf);
	return fd;
}

static long long array_get(int map_fd)
{
	unsigned long long value = 0;
	unsigned int key = 0;
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = map_fd;
	attr.key = (unsigned long)&key;
	attr.value = (unsigned long)&value;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr))
		return -1;
	return value;
}

static int attach(int sock, int prog_fd)
{
	return setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &prog_fd,
			  sizeof(prog_fd));
}

static int detach(int sock)
{
	int unused = 0;

	return setsockopt(sock, SOL_SOCKET, SO_DETACH_BPF, &unused,
			  sizeof(unused));
}

/*
 * Keep datagrams of at least 100 bytes: __sk_buff->len, converted by the
 * verifier into a load of sk_buff->len, counts the UDP header too.
 */
static const struct bpf_insn len_filter[] = {
	LDX_W(2, 1, offsetof(struct __sk_buff, len)),
	MOV64_IMM(0, 0),
	JGE_IMM(2, 100, 1),
	EXIT_INSN(),
	MOV64_IMM(0, -1),
	EXIT_INSN(),
};

static void test_len_filter(void)
{
	char small[50] = "small", big[200] = "big", buf[512];
	struct sockaddr_in addr;
	int sock, prog;

	sock = udp_socket(&addr);
	prog = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, len_filter,
			 ARRAY_SIZE(len_filter));
	CHECK(prog >= 0, "load failed");
	if (sock < 0 || prog < 0)
		goto out;
	CHECK(!attach(sock, prog), "SO_ATTACH_BPF: %s", strerror(errno));
	send_to(&addr, small, sizeof(small));
	send_to(&addr, big, sizeof(big));
	send_to(&addr, small, sizeof(small));
	CHECK(recv_len(sock, buf, sizeof(buf)) == sizeof(big),
	      "the 200-byte datagram should be the only one kept");
	CHECK(recv_len(sock, buf, sizeof(buf)) < 0,
	      "a small datagram got through");

	CHECK(!detach(sock), "SO_DETACH_BPF: %s", strerror(errno));
	send_to(&addr, small, sizeof(small));
	CHECK(recv_len(sock, buf, sizeof(buf)) == sizeof(small),
	      "after detach the small datagram should arrive");
out:
	if (prog >= 0)
		close(prog);
	if (sock >= 0)
		close(sock);
}

/*
 * Keep datagrams whose first payload byte is 'A' (LD_ABS from the network
 * header: 20 bytes of IP, 8 of UDP), and count every packet seen in an
 * array map with an atomic add.
 */
static void test_ld_abs_and_map(void)
{
	struct sockaddr_in addr;
	int sock, prog = -1, map;
	char buf[64];

	map = map_create_u32_u64(BPF_MAP_TYPE_ARRAY, 1);
	CHECK(map >= 0, "map: %s", strerror(errno));
	sock = udp_socket(&addr);
	if (map >= 0) {
		struct bpf_insn insns[] = {
			MOV64_REG(6, 1),
			ST_W(10, -4, 0),
			MOV64_REG(2, 10),
			ADD64_IMM(2, -4),
			LD_MAP_FD(1, map),
			LD_IMM_HI(0),
			CALL(BPF_FUNC_map_lookup_elem),
			JEQ_IMM(0, 0, 2),
			MOV64_IMM(1, 1),
			XADD_DW(0, 1, 0),
			LD_ABS_B(NET_OFF + 28),
			MOV64_REG(2, 0),
			MOV64_IMM(0, 0),
			JEQ_IMM(2, 'A', 1),
			EXIT_INSN(),
			MOV64_IMM(0, -1),
			EXIT_INSN(),
		};

		prog = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, insns,
				 ARRAY_SIZE(insns));
		CHECK(prog >= 0, "load failed");
	}
	if (sock < 0 || prog < 0)
		goto out;
	CHECK(!attach(sock, prog), "SO_ATTACH_BPF: %s", strerror(errno));

	/* the socket holds the program: the fd is no longer needed */
	close(prog);
	prog = -1;
	send_to(&addr, "Bravo", 5);
	send_to(&addr, "Alpha", 5);
	send_to(&addr, "Charlie", 7);
	CHECK(recv_len(sock, buf, sizeof(buf)) == 5 && buf[0] == 'A',
	      "only the datagram starting with 'A' should arrive");
	CHECK(recv_len(sock, buf, sizeof(buf)) < 0,
	      "a filtered datagram arrived");
	CHECK(array_get(map) == 3, "the program counted %lld packets, not 3",
	      array_get(map));
out:
	if (prog >= 0)
		close(prog);
	if (sock >= 0)
		close(sock);
	if (map >= 0)
		close(map);
}

static void test_attach_errors(void)
{
	const struct bpf_insn ret0[] = { MOV64_IMM(0, 0), EXIT_INSN() };
	struct sockaddr_in addr;
	int sock, map, kprobe, prog, bad;

	sock = udp_socket(&addr);
	map = map_create_u32_u64(BPF_MAP_TYPE_ARRAY, 1);
	kprobe = prog_load(BPF_PROG_TYPE_KPROBE, ret0, ARRAY_SIZE(ret0));
	prog = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, ret0, ARRAY_SIZE(ret0));
	CHECK(map >= 0 && kprobe >= 0 && prog >= 0, "setup failed");
	if (sock < 0 || map < 0 || kprobe < 0 || prog < 0)
		goto out;

	errno = 0;
	CHECK(attach(sock, map) && errno == EINVAL,
	      "a map fd: %s, expected EINVAL", strerror(errno));
	errno = 0;
	CHECK(attach(sock, kprobe) && errno == EINVAL,
	      "a kprobe program: %s, expected EINVAL", strerror(errno));
	bad = dup(prog);
	close(bad);
	errno = 0;
	CHECK(attach(sock, bad) && errno == EBADF,
	      "a closed fd: %s, expected EBADF", strerror(errno));
	errno = 0;
	CHECK(attach(sock, 0) && errno == EINVAL,
	      "stdin: %s, expected EINVAL", strerror(errno));

	/* a locked filter cannot be replaced */
	CHECK(!attach(sock, prog), "SO_ATTACH_BPF: %s", strerror(errno));
	{
		int one = 1;

		CHECK(!setsockopt(sock, SOL_SOCKET, SO_LOCK_FILTER, &one,
				  sizeof(one)), "SO_LOCK_FILTER: %s",
		      strerror(errno));
	}
	errno = 0;
	CHECK(attach(sock, prog) && errno == EPERM,
	      "attach to a locked socket: %s, expected EPERM",
	      strerror(errno));
out:
	if (prog >= 0)
		close(prog);
	if (kprobe >= 0)
		close(kprobe);
	if (map >= 0)
		close(map);
	if (sock >= 0)
		close(sock);
}

/*
 * Many sockets share one program, then go away in any order: the
 * program and its map live exactly as long as the last holder.
 */
static void test_shared_program(void)
{
	struct sockaddr_in addr[8];
	int sock[8], prog, i;
	char buf[512], big[200] = "big";

	prog = prog_load(BPF_PROG_TYPE_SOCKET_FILTER, len_filter,
			 ARRAY_SIZE(len_filter));
	CHECK(prog >= 0, "load failed");
	if (prog < 0)
		return;
	for (i = 0; i < 8; i++) {
		sock[i] = udp_socket(&addr[i]);
		if (sock[i] >= 0)
			CHECK(!attach(sock[i], prog), "attach %d: %s", i,
			      strerror(errno));
	}
	close(prog);
	for (i = 0; i < 8; i += 2)
		if (sock[i] >= 0)
			close(sock[i]);
	for (i = 1; i < 8; i += 2) {
		if (sock[i] < 0)
			continue;
		send_to(&addr[i], "tiny", 4);
		send_to(&addr[i], big, sizeof(big));
		CHECK(recv_len(sock[i], buf, sizeof(buf)) == sizeof(big),
		      "socket %d: the big datagram should arrive", i);
		CHECK(recv_len(sock[i], buf, sizeof(buf)) < 0,
		      "socket %d: the tiny datagram got through", i);
		close(sock[i]);
	}
}

static const struct sock_test tests[] = {
	{ "SO_ATTACH_BPF: __sk_buff len filter, detach", test_len_filter },
	{ "SO_ATTACH_BPF: LD_ABS filter counting in a map", test_ld_abs_and_map },
	{ "SO_ATTACH_BPF: errors", test_attach_errors },
	{ "SO_ATTACH_BPF: one program on many sockets", test_shared_program },
};

int main(void)
{
	return run_sock_tests(tests, ARRAY_SIZE(tests));
}
