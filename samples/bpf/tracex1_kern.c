// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracex1: a kprobe on __netif_receive_skb, where every received packet
 * enters the stack.  Reads the sk_buff's device, the device's name and the
 * packet's length and protocol with probe_read and, for packets received
 * on lo, prints them with trace_printk to trace_pipe.
 */
#include <linux/ptrace.h>
#include <bpf/bpf_tracing.h>

#include "sample_kern.h"
#include "kernel_offsets.h"

SEC("kprobe/__netif_receive_skb")
int show_lo_rx(struct pt_regs *ctx)
{
	char *skb = (char *)PT_REGS_PARM1(ctx);
	char name[16] = {};
	__u16 proto = 0;
	__u32 len = 0;
	char *dev = 0;

	probe_read_val(dev, skb + SKB_DEV);
	bpf_probe_read(name, sizeof(name), dev + NETDEV_NAME);
	if (name[0] != 'l' || name[1] != 'o' || name[2] != '\0')
		return 0;
	probe_read_val(len, skb + SKB_LEN);
	probe_read_val(proto, skb + SKB_PROTOCOL);
	trace_print("rx lo skb %p len %u proto 0x%x\n", skb, len,
		     bpf_ntohs(proto));
	return 0;
}

char _license[] SEC("license") = "GPL";
