/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the BPF halves of the samples share.  They are built with
 * clang -target bpf and loaded with libbpf, for a kernel without BTF and
 * without global data: maps are defined in .maps (libbpf reads their BTF
 * from the object, the kernel never sees it), and nothing may live in
 * .data, .rodata or .bss, so trace_printk formats are built on the stack.
 */
#ifndef _SAMPLE_KERN_H
#define _SAMPLE_KERN_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

/* LD_ABS loads of packet bytes, in host order */
unsigned long long load_byte(void *skb, unsigned long long off)
	asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off)
	asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off)
	asm("llvm.bpf.load.word");

/* bpf_trace_printk with the format in a stack array, not in .rodata */
#define trace_print(fmt, ...)						\
	({								\
		char ____fmt[] = fmt;					\
		bpf_trace_printk(____fmt, sizeof(____fmt), ##__VA_ARGS__); \
	})

/* probe_read of one kernel value of the type of @dst */
#define probe_read_val(dst, src)					\
	bpf_probe_read(&(dst), sizeof(dst), (void *)(src))

/*
 * log2 slot of @v: the index of its highest set bit plus one, 0 for 0, so
 * slot n holds [2^(n-1), 2^n - 1].  Without a loop, which the verifier
 * refuses.
 */
static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 r = 0;

	if (v >> 32) {
		v >>= 32;
		r += 32;
	}
	if (v >> 16) {
		v >>= 16;
		r += 16;
	}
	if (v >> 8) {
		v >>= 8;
		r += 8;
	}
	if (v >> 4) {
		v >>= 4;
		r += 4;
	}
	if (v >> 2) {
		v >>= 2;
		r += 2;
	}
	if (v >> 1) {
		v >>= 1;
		r += 1;
	}
	return r + (__u32)v;
}

#endif /* _SAMPLE_KERN_H */
