// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracex4: sk_buff lifetimes with a kprobe and a kretprobe.  The kprobe on
 * __alloc_skb notes the requested size and the caller on this CPU; the
 * kretprobe on its return keys the new sk_buff's address to its birth time
 * (ktime_get_ns), size and caller; the kprobe on kfree_skbmem, where every
 * sk_buff ends, adds its lifetime to a log2 histogram and forgets it.
 * What stays in the map is alive.
 */
#include <linux/ptrace.h>
#include <bpf/bpf_tracing.h>

#include "sample_kern.h"

#define LIFE_SLOTS	32

struct birth {
	__u64 ts;
	__u64 caller;
	__u64 size;
};

/* from the kprobe on __alloc_skb to its kretprobe, per CPU */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct birth);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct birth);
} alive SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LIFE_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} life_us SEC(".maps");

SEC("kprobe/__alloc_skb")
int alloc_enter(struct pt_regs *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct birth *b;
	__u64 caller = 0;

	/* the return address, on top of the stack at the first instruction */
	probe_read_val(caller, PT_REGS_SP(ctx));
	b = bpf_map_lookup_elem(&pending, &cpu);
	if (!b)
		return 0;
	b->size = PT_REGS_PARM1(ctx);
	b->caller = caller;
	return 0;
}

SEC("kretprobe/__alloc_skb")
int alloc_return(struct pt_regs *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 skb = PT_REGS_RC(ctx);
	struct birth *b, new = {};

	if (!skb)
		return 0;
	b = bpf_map_lookup_elem(&pending, &cpu);
	if (b) {
		new.caller = b->caller;
		new.size = b->size;
	}
	new.ts = bpf_ktime_get_ns();
	bpf_map_update_elem(&alive, &skb, &new, BPF_ANY);
	return 0;
}

SEC("kprobe/kfree_skbmem")
int skb_free(struct pt_regs *ctx)
{
	__u64 skb = PT_REGS_PARM1(ctx);
	struct birth *b;
	__u64 *n;
	__u32 slot;

	b = bpf_map_lookup_elem(&alive, &skb);
	if (!b)
		return 0;
	slot = log2_slot((bpf_ktime_get_ns() - b->ts) / 1000);
	bpf_map_delete_elem(&alive, &skb);
	if (slot >= LIFE_SLOTS)
		slot = LIFE_SLOTS - 1;
	n = bpf_map_lookup_elem(&life_us, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

char _license[] SEC("license") = "GPL";
