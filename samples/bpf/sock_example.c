// SPDX-License-Identifier: GPL-2.0-only
/*
 * sock_example: a socket filter written as raw eBPF instructions.
 *
 * It runs on a packet socket bound to lo and counts the IPv4 packets it
 * sees per IP protocol in an array map of 256 counters, with an atomic add
 * (BPF_ATOMIC | BPF_ADD, "XADD") on the looked-up value.  The user side
 * pings 127.0.0.1 ten times and sends ten UDP datagrams, then reads the
 * counters: at least 10 ICMP echo requests and replies and 10 UDP
 * datagrams must have been counted.
 */
#include <stddef.h>
#include <linux/ip.h>

#include "sample_user.h"

#define INSN(c, d, s, o, i)						\
	((struct bpf_insn) {						\
		.code = (c), .dst_reg = (d), .src_reg = (s),		\
		.off = (o), .imm = (i) })

static int load_prog(int map_fd)
{
	static char log[16384];
	struct bpf_insn prog[] = {
		/* r6 = skb, which LD_ABS reads from */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),
		/* if (skb->protocol != htons(ETH_P_IP)) return 0 */
		INSN(BPF_LDX | BPF_MEM | BPF_W, 0, 6,
		     offsetof(struct __sk_buff, protocol), 0),
		INSN(BPF_JMP | BPF_JNE | BPF_K, 0, 0, 10, htons(ETH_P_IP)),
		/* r0 = ip->protocol, the map key, on the stack at fp - 4 */
		INSN(BPF_LD | BPF_ABS | BPF_B, 0, 0, 0,
		     ETH_HLEN + offsetof(struct iphdr, protocol)),
		INSN(BPF_STX | BPF_MEM | BPF_W, 10, 0, -4, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -4),
		/* r0 = bpf_map_lookup_elem(map, fp - 4) */
		INSN(BPF_LD | BPF_IMM | BPF_DW, 1, BPF_PSEUDO_MAP_FD, 0,
		     map_fd),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		/* if (r0) lock *(u64 *)r0 += 1 */
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 1),
		INSN(BPF_STX | BPF_ATOMIC | BPF_DW, 0, 1, 0, BPF_ADD),
		/* return 0: the socket itself keeps nothing */
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log,
		    .log_size = sizeof(log), .log_level = 1);
	int fd;

	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", prog,
			   ARRAY_SIZE(prog), &opts);
	if (fd < 0)
		printf("FAIL: BPF_PROG_LOAD: %s\n%s", strerror(errno), log);
	return fd;
}

static unsigned long long count_of(int map_fd, __u32 proto)
{
	unsigned long long v = 0;

	CHECK(!bpf_map_lookup_elem(map_fd, &proto, &v), "lookup %u: %s",
	      proto, strerror(errno));
	return v;
}

int main(void)
{
	unsigned long long icmp, udp, tcp;
	int map_fd, prog_fd, sock, got;

	setvbuf(stdout, NULL, _IOLBF, 0);
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, sizeof(__u32),
				sizeof(__u64), 256, NULL);
	if (map_fd < 0) {
		printf("FAIL: BPF_MAP_CREATE: %s\n", strerror(errno));
		return 1;
	}
	prog_fd = load_prog(map_fd);
	if (prog_fd < 0)
		return 1;
	sock = packet_socket_with(prog_fd);
	if (sock < 0)
		return 1;

	CHECK(ping_lo(10) == 0,
	      "ping -c 10 127.0.0.1 failed");
	got = udp_traffic(INADDR_LOOPBACK, 10, 64);
	CHECK(got == 10, "%d of 10 UDP datagrams arrived", got);

	icmp = count_of(map_fd, IPPROTO_ICMP);
	udp = count_of(map_fd, IPPROTO_UDP);
	tcp = count_of(map_fd, IPPROTO_TCP);
	printf("after ping -c 10 and 10 UDP datagrams on lo: TCP %llu UDP %llu ICMP %llu packets\n",
	       tcp, udp, icmp);
	CHECK(icmp >= 20, "ICMP count %llu, want at least 20 (10 echo requests, 10 replies)",
	      icmp);
	CHECK(udp >= 10, "UDP count %llu, want at least 10", udp);

	close(sock);
	close(prog_fd);
	close(map_fd);
	return sample_exit();
}
