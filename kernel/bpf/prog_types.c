// SPDX-License-Identifier: GPL-2.0-only
/*
 * The program types: which helpers each may call and how its context is
 * read.  The verifier applies these descriptions; nothing here runs when a
 * program does.
 */
#include <linux/bitfield.h>
#include <linux/bpf.h>
#include <linux/build_bug.h>
#include <linux/filter.h>
#include <linux/limits.h>
#include <linux/ptrace.h>
#include <linux/skbuff.h>
#include <linux/stddef.h>

#include "prog_types.h"

/* Helpers that need nothing of the context, so any type may call them. */
static const struct bpf_func_proto *
bpf_common_helper_proto(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_map_update_elem:
		return &bpf_map_update_elem_proto;
	case BPF_FUNC_map_delete_elem:
		return &bpf_map_delete_elem_proto;
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	default:
		return NULL;
	}
}

static const struct bpf_func_proto *
bpf_socket_filter_helper_proto(enum bpf_func_id func_id)
{
	return bpf_common_helper_proto(func_id);
}

#ifdef CONFIG_BPF_EVENTS
/* probe_read, ktime_get_ns and trace_printk live in kernel/trace/bpf_trace.c */
static const struct bpf_func_proto *
bpf_kprobe_helper_proto(enum bpf_func_id func_id)
{
	const struct bpf_func_proto *fn = bpf_tracing_helper_proto(func_id);

	return fn ?: bpf_common_helper_proto(func_id);
}
#endif

/*
 * Every __sk_buff field is a u32, so a kernel field wider than that cannot
 * be given; target_off must fit an instruction's s16 offset (checked once
 * for the whole sk_buff).
 */
#define SKB_TARGET_SIZE(field)						\
	(sizeof_field(struct sk_buff, field) +				\
	 BUILD_BUG_ON_ZERO(sizeof_field(struct sk_buff, field) > sizeof(u32)))

#define SKB_FIELD(uapi_field, field)					\
	{								\
		.off		= offsetof(struct __sk_buff, uapi_field), \
		.size		= sizeof(u32),				\
		.target_size	= SKB_TARGET_SIZE(field),		\
		.target_off	= offsetof(struct sk_buff, field),	\
	}

/*
 * A bitfield: the byte that holds it, shifted down and masked.  @byte_mask
 * is the field's mask within that byte, whose position depends on the
 * bitfield order of the architecture, hence the shift derived from it.
 */
#define SKB_BITFIELD(uapi_field, byte_off, byte_mask)			\
	{								\
		.off		= offsetof(struct __sk_buff, uapi_field), \
		.size		= sizeof(u32),				\
		.target_size	= sizeof(u8),				\
		.target_off	= (byte_off),				\
		.shift		= __bf_shf(byte_mask),			\
		.mask		= (byte_mask) >> __bf_shf(byte_mask),	\
	}

/*
 * The fields of struct __sk_buff that socket filters had from the start.
 * protocol and vlan_proto stay in network order: __sk_buff defines them so.
 */
static const struct bpf_ctx_field bpf_socket_filter_ctx_fields[] = {
	SKB_FIELD(len, len),
	SKB_BITFIELD(pkt_type, PKT_TYPE_OFFSET, PKT_TYPE_MAX),
	SKB_FIELD(mark, mark),
	SKB_FIELD(queue_mapping, queue_mapping),
	SKB_FIELD(protocol, protocol),
	SKB_BITFIELD(vlan_present, PKT_VLAN_PRESENT_OFFSET,
		     BIT(PKT_VLAN_PRESENT_BIT)),
	SKB_FIELD(vlan_tci, vlan_tci),
	SKB_FIELD(vlan_proto, vlan_proto),
	SKB_FIELD(priority, priority),
};

const struct bpf_prog_type_info bpf_socket_filter_type_info = {
	.name		= "socket_filter",
	.func_proto	= bpf_socket_filter_helper_proto,
	.ctx_fields	= bpf_socket_filter_ctx_fields,
	.ctx_field_cnt	= ARRAY_SIZE(bpf_socket_filter_ctx_fields),
	/* the original __sk_buff ended with priority */
	.ctx_size	= offsetofend(struct __sk_buff, priority),
	.ld_abs		= true,
};

#ifdef CONFIG_BPF_EVENTS
/* The registers at the probe, read in place; the verifier forbids writes. */
const struct bpf_prog_type_info bpf_kprobe_type_info = {
	.name		= "kprobe",
	.func_proto	= bpf_kprobe_helper_proto,
	.ctx_size	= sizeof(struct pt_regs),
	.ld_abs		= false,
};
#endif

const struct bpf_prog_type_info *bpf_prog_type_info(enum bpf_prog_type type)
{
	/*
	 * The converted load's offset, of any sk_buff field, bitfields
	 * included, goes into an instruction's s16 offset.
	 */
	BUILD_BUG_ON(sizeof(struct sk_buff) > S16_MAX);
	BUILD_BUG_ON(offsetofend(struct __sk_buff, priority) > U16_MAX);

	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return &bpf_socket_filter_type_info;
#ifdef CONFIG_BPF_EVENTS
	/* without kprobe events there is nothing to attach them to */
	case BPF_PROG_TYPE_KPROBE:
		return &bpf_kprobe_type_info;
#endif
	default:
		return NULL;
	}
}
