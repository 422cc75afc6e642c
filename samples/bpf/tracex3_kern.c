// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracex3: a latency heat map.  The guest has no block device, so instead
 * of block request latency it measures the loopback path: from
 * loopback_xmit, where lo takes a packet to send, to ip_rcv, where the
 * same sk_buff enters IPv4 on the receive side after the backlog queue and
 * the receive softirq.  The start time (ktime_get_ns) is kept per sk_buff
 * in a hash map; the latency goes into a log2 histogram in microseconds.
 */
#include <linux/ptrace.h>
#include <bpf/bpf_tracing.h>

#include "sample_kern.h"

#define LAT_SLOTS	32

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, __u64);
} xmit_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LAT_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} lat_us SEC(".maps");

SEC("kprobe/loopback_xmit")
int lo_xmit(struct pt_regs *ctx)
{
	__u64 skb = PT_REGS_PARM1(ctx);
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&xmit_start, &skb, &ts, BPF_ANY);
	return 0;
}

SEC("kprobe/ip_rcv")
int lo_ip_rcv(struct pt_regs *ctx)
{
	__u64 skb = PT_REGS_PARM1(ctx);
	__u64 *start, *n, delta;
	__u32 slot;

	start = bpf_map_lookup_elem(&xmit_start, &skb);
	if (!start)
		return 0;
	delta = bpf_ktime_get_ns() - *start;
	bpf_map_delete_elem(&xmit_start, &skb);
	slot = log2_slot(delta / 1000);
	if (slot >= LAT_SLOTS)
		slot = LAT_SLOTS - 1;
	n = bpf_map_lookup_elem(&lat_us, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
