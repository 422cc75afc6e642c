// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockex2: loads sockex2_kern.o, attaches its flow dissector to a packet
 * socket on lo, pings 127.0.0.1 ten times and sends 10 UDP datagrams to
 * 127.0.0.1 and 20 to 127.0.0.2, then prints the hash map per destination
 * and checks the counts, the bytes and the dissected protocol and ports.
 */
#include "sample_user.h"

#define PAYLOAD		50
#define UDP_PACKET_LEN	(14 + 20 + 8 + PAYLOAD)
#define LO2		0x7f000002	/* 127.0.0.2 */

struct dst_stats {
	__u64 packets;
	__u64 bytes;
	__u32 src;
	__u16 sport;
	__u16 dport;
	__u32 proto;
};

static const char *ip_str(__u32 host_order, char *buf)
{
	struct in_addr a = { .s_addr = htonl(host_order) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

static const char *proto_str(__u32 proto)
{
	switch (proto) {
	case IPPROTO_ICMP:
		return "ICMP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_TCP:
		return "TCP";
	default:
		return "other";
	}
}

static void show_map(int map_fd)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	__u32 key, next, *prev = NULL;
	struct dst_stats s;

	while (!bpf_map_get_next_key(map_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(map_fd, &key, &s))
			continue;
		printf("  to %-11s %4llu packets %6llu bytes, last %s from %s",
		       ip_str(key, a), s.packets, s.bytes, proto_str(s.proto),
		       ip_str(s.src, b));
		if (s.proto == IPPROTO_UDP || s.proto == IPPROTO_TCP)
			printf(" port %u -> %u", s.sport, s.dport);
		printf("\n");
	}
}

int main(void)
{
	__u32 lo = INADDR_LOOPBACK, lo2 = LO2;
	struct dst_stats s1 = {}, s2 = {};
	struct bpf_program *prog;
	struct bpf_object *obj;
	int map_fd, sock, got;

	obj = sample_load("sockex2_kern.o");
	if (!obj)
		return 1;
	prog = bpf_object__find_program_by_name(obj, "flow_stats");
	map_fd = sample_map_fd(obj, "dst_map");
	if (!prog || map_fd < 0)
		return 1;
	sock = packet_socket_with(bpf_program__fd(prog));
	if (sock < 0)
		return 1;

	CHECK(ping_lo(10) == 0, "ping -c 10 127.0.0.1 failed");
	got = udp_traffic(lo, 10, PAYLOAD);
	CHECK(got == 10, "%d of 10 UDP datagrams to 127.0.0.1 arrived", got);
	got = udp_traffic(lo2, 20, PAYLOAD);
	CHECK(got == 20, "%d of 20 UDP datagrams to 127.0.0.2 arrived", got);

	printf("flows leaving lo per destination (ping -c 10, 10 + 20 UDP datagrams):\n");
	show_map(map_fd);
	CHECK(!bpf_map_lookup_elem(map_fd, &lo, &s1), "no entry for 127.0.0.1");
	CHECK(!bpf_map_lookup_elem(map_fd, &lo2, &s2), "no entry for 127.0.0.2");
	CHECK(s1.packets >= 20, "127.0.0.1: %llu packets, want at least 20",
	      s1.packets);
	CHECK(s2.packets == 20, "127.0.0.2: %llu packets, want 20",
	      s2.packets);
	CHECK(s2.bytes == 20 * UDP_PACKET_LEN,
	      "127.0.0.2: %llu bytes, want %d", s2.bytes, 20 * UDP_PACKET_LEN);
	CHECK(s2.proto == IPPROTO_UDP && s2.src == INADDR_LOOPBACK &&
	      s2.sport && s2.dport,
	      "127.0.0.2: last flow proto %u from %x ports %u -> %u",
	      s2.proto, s2.src, s2.sport, s2.dport);

	close(sock);
	bpf_object__close(obj);
	return sample_exit();
}
