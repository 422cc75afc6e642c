// SPDX-License-Identifier: GPL-2.0-only
/*
 * What kernel/bpf/interp.c needs from its surroundings, on the host:
 * bpf_ld_abs_pointer() over struct host_pkt, bpf_interp_bad_insn(),
 * __bpf_call_base and some helpers, plus a 64-bit result runner.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>

#include "interp.h"
#include "host_interp.h"

unsigned long host_bad_insns;
static const struct host_pkt *host_pkt_current;
static const void *host_pkt_ctx;

noinline u64 __bpf_call_base(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return 0;
}

static noinline u64 host_helper_sum5(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return r1 + 2 * r2 + 3 * r3 + 4 * r4 + 5 * r5;
}

static noinline u64 host_helper_mul(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return r1 * r2;
}

static noinline u64 host_helper_xor_hi(u64 r1, u64 r2, u64 r3, u64 r4,
				       u64 r5)
{
	return r1 ^ (r2 << 32);
}

/* R0 of the last program that reached the epilogue, and whether it did. */
static u64 host_r0;
static bool host_r0_set;

static noinline u64 host_record_r0(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	host_r0 = r1;
	host_r0_set = true;
	return r1;
}

typedef u64 (*host_helper_fn)(u64, u64, u64, u64, u64);

static bool host_fn_imm(host_helper_fn fn, s32 *imm)
{
	long d = (long)((char *)fn - (char *)__bpf_call_base);

	if (d < INT32_MIN || d > INT32_MAX)
		return false;
	*imm = (s32)d;
	return true;
}

bool host_helper_imm(u32 id, s32 *imm)
{
	static const host_helper_fn helpers[HOST_HELPER_MAX] = {
		[HOST_HELPER_SUM5] = host_helper_sum5,
		[HOST_HELPER_MUL] = host_helper_mul,
		[HOST_HELPER_XOR_HI] = host_helper_xor_hi,
	};

	if (id >= HOST_HELPER_MAX || !helpers[id])
		return false;
	return host_fn_imm(helpers[id], imm);
}

struct host_pkt *host_pkt_new(const void *bytes, u32 len, u32 net_off,
			      u32 mac_off)
{
	struct host_pkt *pkt = malloc(sizeof(*pkt) + len);

	if (!pkt)
		return NULL;
	pkt->len = len;
	pkt->net_off = net_off;
	pkt->mac_off = mac_off;
	pkt->data_off = 0;
	if (len)
		memcpy(pkt->data, bytes, len);
	return pkt;
}

void host_pkt_free(struct host_pkt *pkt)
{
	free(pkt);
}

void host_pkt_set_current(const struct host_pkt *pkt)
{
	host_pkt_current = pkt;
}

void host_pkt_set_ctx(const void *ctx)
{
	host_pkt_ctx = ctx;
}

const void *bpf_ld_abs_pointer(const void *ctx, int off, unsigned int size,
			       void *buf)
{
	const struct host_pkt *pkt = host_pkt_current;
	s64 pos;

	if (!pkt || (ctx != pkt->data && (!ctx || ctx != host_pkt_ctx)))
		return NULL;
	if (off >= 0)
		pos = (s64)pkt->data_off + off;
	else if (off >= SKF_NET_OFF)
		pos = (s64)pkt->net_off + (off - SKF_NET_OFF);
	else if (off >= SKF_LL_OFF)
		pos = (s64)pkt->mac_off + (off - SKF_LL_OFF);
	else
		return NULL;
	if (pos < 0 || pos + size > pkt->len)
		return NULL;
	return pkt->data + pos;
}

void bpf_interp_bad_insn(u8 code, s32 imm)
{
	host_bad_insns++;
	fprintf(stderr, "# bpf_interp_bad_insn: code 0x%02x imm %d\n", code,
		imm);
}

struct bpf_interp_slot *host_interp_prepare(const struct bpf_insn *prog,
					    u32 n)
{
	struct bpf_interp_slot *slot = calloc(n ? n : 1, sizeof(*slot));

	if (!slot) {
		perror("host_interp_prepare");
		exit(2);
	}
	bpf_interp_prepare(slot, prog, n);
	return slot;
}

unsigned int host_interp_run(const void *ctx, const struct bpf_insn *prog,
			     u32 n)
{
	struct bpf_interp_slot *slot = host_interp_prepare(prog, n);
	unsigned int ret = bpf_interp_exec(ctx, slot);

	free(slot);
	return ret;
}

int host_interp_run64(const struct bpf_insn *prog, u32 n, const void *ctx,
		      s32 r2, u64 *r0)
{
	struct bpf_insn *p;
	u32 i, epi = n + 1;
	unsigned int ret;
	s32 imm;

	/* every EXIT must reach the epilogue with a 16-bit offset */
	if (n > S16_MAX - 2 || !host_fn_imm(host_record_r0, &imm))
		return -1;
	p = calloc(n + 4, sizeof(*p));
	if (!p)
		return -1;
	p[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
	p[0].dst_reg = BPF_REG_2;
	p[0].imm = r2;
	for (i = 0; i < n; i++) {
		p[i + 1] = prog[i];
		if (prog[i].code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < n) {
			/* its second half is data, never an EXIT */
			i++;
			p[i + 1] = prog[i];
			continue;
		}
		if (prog[i].code != (BPF_JMP | BPF_EXIT))
			continue;
		p[i + 1].code = BPF_JMP | BPF_JA;
		p[i + 1].off = epi - (i + 1) - 1;
		p[i + 1].imm = 0;
	}
	p[epi].code = BPF_ALU64 | BPF_MOV | BPF_X;
	p[epi].dst_reg = BPF_REG_1;
	p[epi].src_reg = BPF_REG_0;
	p[epi + 1].code = BPF_JMP | BPF_CALL;
	p[epi + 1].imm = imm;
	p[epi + 2].code = BPF_JMP | BPF_EXIT;

	host_r0_set = false;
	ret = host_interp_run(ctx, p, epi + 3);
	free(p);
	if (!host_r0_set) {
		*r0 = ret;
		return 1;
	}
	*r0 = host_r0;
	/* the kernel's 32-bit return must agree with the recorded R0 */
	return ret == (u32)host_r0 ? 0 : -1;
}
