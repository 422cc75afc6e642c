// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockex2: a small flow dissector.  For each packet leaving through the
 * device, walks the Ethernet header, up to two VLAN tags, the IPv4 header
 * (and one IPv4-in-IPv4 header inside it), then the TCP or UDP ports of
 * an unfragmented packet, and keeps per destination address the packets,
 * bytes and the last flow seen in a hash map.
 */
#include <stddef.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/in.h>
#include <linux/ip.h>

#include "sample_kern.h"

#define IP_MF		0x2000
#define IP_OFFSET	0x1fff

struct flow {
	__u32 src;		/* addresses and ports in host order */
	__u32 dst;
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 frag;
};

struct dst_stats {
	__u64 packets;
	__u64 bytes;
	__u32 src;		/* the last flow to this destination */
	__u16 sport;
	__u16 dport;
	__u32 proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct dst_stats);
} dst_map SEC(".maps");

/* The IPv4 header at *@nhoff into @f; moves *@nhoff past it. */
static __always_inline int parse_ipv4(struct __sk_buff *skb, __u64 *nhoff,
				      struct flow *f)
{
	__u64 off = *nhoff;
	__u32 verlen = load_byte(skb, off);
	__u32 ihl = (verlen & 0xf) * 4;

	if ((verlen >> 4) != 4 || ihl < sizeof(struct iphdr))
		return 0;
	f->frag = !!(load_half(skb, off + offsetof(struct iphdr, frag_off)) &
		     (IP_MF | IP_OFFSET));
	f->proto = load_byte(skb, off + offsetof(struct iphdr, protocol));
	f->src = load_word(skb, off + offsetof(struct iphdr, saddr));
	f->dst = load_word(skb, off + offsetof(struct iphdr, daddr));
	*nhoff = off + ihl;
	return 1;
}

/* The flow of the packet in @skb into @f; 0 if it is not IPv4. */
static __always_inline int dissect(struct __sk_buff *skb, struct flow *f)
{
	__u64 nhoff = ETH_HLEN;
	__u32 proto = load_half(skb, offsetof(struct ethhdr, h_proto));
	__u32 ports;

	if (proto == ETH_P_8021AD || proto == ETH_P_8021Q) {
		proto = load_half(skb, nhoff + 2);
		nhoff += 4;
	}
	if (proto == ETH_P_8021Q) {
		proto = load_half(skb, nhoff + 2);
		nhoff += 4;
	}
	if (proto != ETH_P_IP || !parse_ipv4(skb, &nhoff, f))
		return 0;
	if (f->proto == IPPROTO_IPIP && !f->frag &&
	    !parse_ipv4(skb, &nhoff, f))
		return 0;
	if (!f->frag && (f->proto == IPPROTO_TCP || f->proto == IPPROTO_UDP)) {
		ports = load_word(skb, nhoff);
		f->sport = ports >> 16;
		f->dport = ports & 0xffff;
	}
	return 1;
}

SEC("socket")
int flow_stats(struct __sk_buff *skb)
{
	struct dst_stats *s, init = {};
	struct flow f = {};
	__u32 key;

	if (skb->pkt_type != PACKET_OUTGOING || !dissect(skb, &f))
		return 0;
	key = f.dst;
	s = bpf_map_lookup_elem(&dst_map, &key);
	if (s) {
		__sync_fetch_and_add(&s->packets, 1);
		__sync_fetch_and_add(&s->bytes, skb->len);
		s->src = f.src;
		s->sport = f.sport;
		s->dport = f.dport;
		s->proto = f.proto;
	} else {
		init.packets = 1;
		init.bytes = skb->len;
		init.src = f.src;
		init.sport = f.sport;
		init.dport = f.dport;
		init.proto = f.proto;
		bpf_map_update_elem(&dst_map, &key, &init, BPF_ANY);
	}
	return 0;
}

char _license[] SEC("license") = "GPL";
