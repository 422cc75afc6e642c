// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockex1: the per-protocol counter of sock_example, written in C.  For
 * each IPv4 packet that leaves through the device the socket is bound to,
 * adds one packet and its length in bytes to the slot of its IP protocol.
 */
#include <stddef.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>

#include "sample_kern.h"

struct proto_count {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct proto_count);
} proto_bytes SEC(".maps");

SEC("socket")
int count_bytes(struct __sk_buff *skb)
{
	struct proto_count *c;
	__u32 proto;

	/* lo shows each packet twice: once leaving, once arriving */
	if (skb->pkt_type != PACKET_OUTGOING ||
	    skb->protocol != bpf_htons(ETH_P_IP))
		return 0;
	proto = load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol));
	c = bpf_map_lookup_elem(&proto_bytes, &proto);
	if (!c)
		return 0;
	__sync_fetch_and_add(&c->packets, 1);
	__sync_fetch_and_add(&c->bytes, skb->len);
	return 0;
}

char _license[] SEC("license") = "GPL";
