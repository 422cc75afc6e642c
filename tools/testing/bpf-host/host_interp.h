/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host environment of kernel/bpf/interp.c: a packet context for LD_ABS and
 * LD_IND, a few helpers reachable at __bpf_call_base + imm, and a runner
 * that returns the whole 64-bit R0.
 */
#ifndef _BPF_HOST_INTERP_H
#define _BPF_HOST_INTERP_H

#include <linux/types.h>
#include <linux/bpf.h>

#include "interp.h"

/*
 * A packet.  The context handed to the program (R1, and R6 for LD_ABS) is
 * data itself, so programs can also read it with LDX, or the context set
 * with host_pkt_set_ctx().  Offsets >= 0 count from data[data_off] (0 as
 * host_pkt_new() makes it; a socket filter's packet starts past its
 * link-layer header); SKF_NET_OFF + k and SKF_LL_OFF + k count from the
 * network and link-layer (mac) headers, which lie inside data.
 */
struct host_pkt {
	u32 len;
	u32 net_off;
	u32 mac_off;
	u32 data_off;
	u8 data[];
};

/* Allocates a packet holding a copy of @len bytes at @bytes. */
struct host_pkt *host_pkt_new(const void *bytes, u32 len, u32 net_off,
			      u32 mac_off);
void host_pkt_free(struct host_pkt *pkt);

/*
 * The packet LD_ABS/LD_IND may read: bpf_ld_abs_pointer() answers NULL for
 * any other context.
 */
void host_pkt_set_current(const struct host_pkt *pkt);

/*
 * Another context pointer that stands for the current packet (a host
 * sk_buff of the bpf() emulation), or NULL.
 */
void host_pkt_set_ctx(const void *ctx);

/* Helper ids of the host runners (the "func" of a CALL before fix-up). */
enum {
	HOST_HELPER_SUM5 = 1,	/* r1 + 2 r2 + 3 r3 + 4 r4 + 5 r5 */
	HOST_HELPER_MUL = 2,	/* r1 * r2 */
	HOST_HELPER_XOR_HI = 3,	/* r1 ^ (r2 << 32) */
	HOST_HELPER_MAX,
};

/* imm of a fixed-up CALL to helper @id, or 0 with @id unknown. */
bool host_helper_imm(u32 id, s32 *imm);

/* bpf_interp_bad_insn() calls since start (the runners check it). */
extern unsigned long host_bad_insns;

/*
 * bpf_interp_prepare()d slots of @n instructions at @prog, to free(); exits
 * the process when out of memory.
 */
struct bpf_interp_slot *host_interp_prepare(const struct bpf_insn *prog,
					    u32 n);

/* Prepares @n instructions at @prog, runs them with R1 = @ctx, frees. */
unsigned int host_interp_run(const void *ctx, const struct bpf_insn *prog,
			     u32 n);

/*
 * Runs @prog (@n instructions, already fixed up) through bpf_interp_exec()
 * with R1 = @ctx and R2 = @r2 (a 32-bit signed value).  Returns 0 and the
 * full R0 in @r0 when the program reached EXIT; 1 when it ended early with 0
 * (a failed LD_ABS/LD_IND); -1 on a program the wrapping cannot hold.
 * The program is run with a one-instruction prologue setting R2 and each
 * EXIT turned into a jump to an epilogue that records R0.
 */
int host_interp_run64(const struct bpf_insn *prog, u32 n, const void *ctx,
		      s32 r2, u64 *r0);

#endif
