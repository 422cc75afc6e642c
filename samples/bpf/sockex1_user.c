// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockex1: loads sockex1_kern.o with libbpf, attaches its socket filter to
 * a packet socket on lo, pings 127.0.0.1 ten times and sends ten UDP
 * datagrams of 100 bytes, then prints the packets and bytes counted per IP
 * protocol and checks them: at least 10 ICMP and 10 UDP packets, and the
 * UDP bytes at least ten IPv4 + UDP + payload lengths.
 */
#include "sample_user.h"

#define UDP_PAYLOAD	100
/* an Ethernet, IPv4 (no options) and UDP header before the payload */
#define UDP_PACKET_LEN	(14 + 20 + 8 + UDP_PAYLOAD)

struct proto_count {
	__u64 packets;
	__u64 bytes;
};

int main(void)
{
	static const struct {
		__u32 proto;
		const char *name;
	} shown[] = { { IPPROTO_ICMP, "ICMP" }, { IPPROTO_UDP, "UDP" },
		      { IPPROTO_TCP, "TCP" } };
	struct proto_count c[ARRAY_SIZE(shown)];
	struct bpf_program *prog;
	struct bpf_object *obj;
	int map_fd, sock, got;
	unsigned int i;

	obj = sample_load("sockex1_kern.o");
	if (!obj)
		return 1;
	prog = bpf_object__find_program_by_name(obj, "count_bytes");
	map_fd = sample_map_fd(obj, "proto_bytes");
	if (!prog || map_fd < 0)
		return 1;
	sock = packet_socket_with(bpf_program__fd(prog));
	if (sock < 0)
		return 1;

	CHECK(ping_lo(10) == 0,
	      "ping -c 10 127.0.0.1 failed");
	got = udp_traffic(INADDR_LOOPBACK, 10, UDP_PAYLOAD);
	CHECK(got == 10, "%d of 10 UDP datagrams arrived", got);

	printf("leaving lo after ping -c 10 and 10 UDP datagrams of %d bytes:\n",
	       UDP_PAYLOAD);
	for (i = 0; i < ARRAY_SIZE(shown); i++) {
		memset(&c[i], 0, sizeof(c[i]));
		CHECK(!bpf_map_lookup_elem(map_fd, &shown[i].proto, &c[i]),
		      "lookup: %s", strerror(errno));
		printf("  %-4s %4llu packets %7llu bytes\n", shown[i].name,
		       c[i].packets, c[i].bytes);
	}
	CHECK(c[0].packets >= 10, "ICMP packets %llu, want at least 10",
	      c[0].packets);
	CHECK(c[1].packets >= 10, "UDP packets %llu, want at least 10",
	      c[1].packets);
	CHECK(c[1].bytes >= 10 * UDP_PACKET_LEN,
	      "UDP bytes %llu, want at least %d", c[1].bytes,
	      10 * UDP_PACKET_LEN);

	close(sock);
	bpf_object__close(obj);
	return sample_exit();
}
