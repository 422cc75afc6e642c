// SPDX-License-Identifier: GPL-2.0-only
/*
 * Classic socket filters (SO_ATTACH_FILTER) on real sockets: upstream's
 * net/core/filter.c converts them to eBPF, and our interpreter runs them.
 * Each test sends datagrams over loopback and checks which ones the filter
 * let through.  KTAP output.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "sock_test.h"

/* SOL_SOCKET options all take an int-sized value, even when unused. */
static int detach(int fd)
{
	int unused = 0;

	return setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, &unused,
			  sizeof(unused));
}

static int attach(int fd, struct sock_filter *insns, unsigned short len)
{
	struct sock_fprog prog = { .len = len, .filter = insns };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
			  sizeof(prog));
}

/* A UDP socket as udp_socket() with @insns attached; -1 (test failed) if not. */
static int filtered_udp_socket(struct sockaddr_in *addr,
			       struct sock_filter *insns, unsigned short len)
{
	int fd = udp_socket(addr);

	if (fd >= 0 && attach(fd, insns, len)) {
		CHECK(0, "attach: %s", strerror(errno));
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Accept datagrams of at least 100 bytes (skb->len counts the UDP header). */
static void test_len_filter(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 100, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	char small[50] = "small", big[200] = "big", buf[512];
	struct sockaddr_in addr;
	int fd = filtered_udp_socket(&addr, insns, ARRAY_SIZE(insns));

	if (fd < 0)
		return;
	send_to(&addr, small, sizeof(small));
	send_to(&addr, big, sizeof(big));
	send_to(&addr, small, sizeof(small));
	CHECK(recv_len(fd, buf, sizeof(buf)) == sizeof(big),
	      "the 200-byte datagram should be the only one kept");
	CHECK(recv_len(fd, buf, sizeof(buf)) < 0, "a small datagram got through");

	/* without the filter everything arrives */
	CHECK(!detach(fd), "detach: %s", strerror(errno));
	send_to(&addr, small, sizeof(small));
	CHECK(recv_len(fd, buf, sizeof(buf)) == sizeof(small),
	      "after detach the small datagram should arrive");
	close(fd);
}

/*
 * Negative offsets: SKF_NET_OFF reaches the IP header whatever the socket
 * type.  Keep UDP datagrams whose first payload byte is 'A'.
 */
static void test_net_offset_filter(void)
{
	struct sock_filter insns[] = {
		/* IP protocol must be UDP */
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 9),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 3),
		/* first payload byte, after 20 bytes of IP and 8 of UDP */
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 28),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 'A', 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sockaddr_in addr;
	char buf[64];
	int fd = filtered_udp_socket(&addr, insns, ARRAY_SIZE(insns));

	if (fd < 0)
		return;
	send_to(&addr, "Bravo", 5);
	send_to(&addr, "Alpha", 5);
	send_to(&addr, "Charlie", 7);
	CHECK(recv_len(fd, buf, sizeof(buf)) == 5 && buf[0] == 'A',
	      "only the datagram starting with 'A' should arrive");
	CHECK(recv_len(fd, buf, sizeof(buf)) < 0, "a filtered datagram arrived");
	close(fd);
}

/* A load past the end of the packet ends the filter with 0: drop. */
static void test_load_past_end(void)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 60000),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
	};
	struct sockaddr_in addr;
	char buf[64];
	int fd = filtered_udp_socket(&addr, insns, ARRAY_SIZE(insns));

	if (fd < 0)
		return;
	send_to(&addr, "x", 1);
	CHECK(recv_len(fd, buf, sizeof(buf)) < 0,
	      "a load past the end should drop the packet");
	close(fd);
}

/*
 * A packet socket on lo sees Ethernet frames: keep IPv4 UDP to one port.
 * Uses the IP-header-length idiom (ldxb 4*([14]&0xf)) and an indexed load.
 */
static void test_packet_socket_filter(void)
{
	struct sockaddr_in to, other;
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 6),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 4),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 14),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 16),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),	/* port */
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct timeval tv = { .tv_usec = 200 * 1000 };
	struct sockaddr_ll ll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
		.sll_ifindex = (int)if_nametoindex("lo"),
	};
	int rx1 = udp_socket(&to), rx2 = udp_socket(&other);
	int seen_to = 0, seen_other = 0, n;
	struct sockaddr_ll from;
	socklen_t fromlen = sizeof(from);
	char buf[2048];
	int fd;

	CHECK(rx1 >= 0 && rx2 >= 0, "udp sockets: %s", strerror(errno));
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	CHECK(fd >= 0, "packet socket: %s", strerror(errno));
	if (fd < 0 || rx1 < 0 || rx2 < 0)
		goto out;
	insns[6].k = ntohs(to.sin_port);
	CHECK(!attach(fd, insns, ARRAY_SIZE(insns)), "attach: %s",
	      strerror(errno));
	CHECK(!bind(fd, (struct sockaddr *)&ll, sizeof(ll)), "bind lo: %s",
	      strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	send_to(&other, "other", 5);
	send_to(&to, "to", 2);
	send_to(&other, "other", 5);
	send_to(&to, "to", 2);
	/* lo shows each frame twice: count the received copy only */
	while ((n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
			     &fromlen)) > 0) {
		unsigned int ihl = (buf[14] & 0xf) * 4;
		unsigned short dport;

		fromlen = sizeof(from);
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		memcpy(&dport, buf + 14 + ihl + 2, 2);
		if (dport == to.sin_port)
			seen_to++;
		else if (dport == other.sin_port)
			seen_other++;
		else
			CHECK(0, "unexpected frame of %d bytes", n);
	}
	CHECK(seen_to == 2, "expected 2 frames to the port, saw %d", seen_to);
	CHECK(seen_other == 0, "%d frames to the other port got through",
	      seen_other);
out:
	if (fd >= 0)
		close(fd);
	if (rx1 >= 0)
		close(rx1);
	if (rx2 >= 0)
		close(rx2);
}

/* A locked filter cannot be replaced or removed. */
static void test_locked_filter(void)
{
	struct sock_filter accept_all[] = { BPF_STMT(BPF_RET | BPF_K, 0xffff) };
	struct sockaddr_in addr;
	int one = 1;
	int fd = filtered_udp_socket(&addr, accept_all, 1);

	if (fd < 0)
		return;
	CHECK(!setsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, &one, sizeof(one)),
	      "lock: %s", strerror(errno));
	CHECK(attach(fd, accept_all, 1) && errno == EPERM,
	      "replacing a locked filter should give EPERM");
	CHECK(detach(fd) && errno == EPERM,
	      "detaching a locked filter should give EPERM");
	close(fd);
}

static const struct sock_test tests[] = {
	{ "classic_len_filter", test_len_filter },
	{ "classic_net_offset_filter", test_net_offset_filter },
	{ "classic_load_past_end", test_load_past_end },
	{ "classic_packet_socket_filter", test_packet_socket_filter },
	{ "classic_locked_filter", test_locked_filter },
};

int main(void)
{
	return run_sock_tests(tests, ARRAY_SIZE(tests));
}
