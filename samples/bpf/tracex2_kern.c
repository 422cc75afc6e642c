// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracex2: two kprobes.  On kfree_skb_reason (what kfree_skb() calls when
 * a packet is dropped) it counts drops per call site, the return address
 * on top of the stack at the probe; on vfs_write it keeps a log2
 * histogram of the sizes written.
 */
#include <linux/ptrace.h>
#include <bpf/bpf_tracing.h>

#include "sample_kern.h"

#define HIST_SLOTS	64

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u64);
	__type(value, __u64);
} drop_sites SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HIST_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} write_sizes SEC(".maps");

SEC("kprobe/kfree_skb_reason")
int count_drops(struct pt_regs *ctx)
{
	__u64 site = 0, one = 1, *n;

	/* at the first instruction, the stack pointer is at the return address */
	probe_read_val(site, PT_REGS_SP(ctx));
	n = bpf_map_lookup_elem(&drop_sites, &site);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&drop_sites, &site, &one, BPF_NOEXIST);
	return 0;
}

SEC("kprobe/vfs_write")
int write_size_hist(struct pt_regs *ctx)
{
	__u32 slot = log2_slot(PT_REGS_PARM3(ctx));
	__u64 *n;

	if (slot >= HIST_SLOTS)
		slot = HIST_SLOTS - 1;
	n = bpf_map_lookup_elem(&write_sizes, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
