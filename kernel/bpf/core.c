// SPDX-License-Identifier: GPL-2.0-only
/*
 * Program lifetime and runtime selection: what the rest of the kernel
 * (net/core/filter.c for classic filters, lib/test_bpf.c, our syscall)
 * calls to allocate, grow, run and free a struct bpf_prog.
 */
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/skbuff.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "interp.h"

/* Never called: its address is the base that helper-call immediates offset. */
noinline u64 __bpf_call_base(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return 0;
}
EXPORT_SYMBOL_GPL(__bpf_call_base);

/* Program statistics are not collected; the key stays off. */
DEFINE_STATIC_KEY_FALSE(bpf_stats_enabled_key);
EXPORT_SYMBOL(bpf_stats_enabled_key);

struct bpf_prog *bpf_prog_alloc_no_stats(unsigned int size,
					 gfp_t gfp_extra_flags)
{
	gfp_t gfp_flags = GFP_KERNEL | __GFP_ZERO | gfp_extra_flags;
	struct bpf_prog_aux *aux;
	struct bpf_prog *fp;

	size = round_up(size, PAGE_SIZE);
	fp = __vmalloc(size, gfp_flags);
	if (!fp)
		return NULL;

	aux = kzalloc(sizeof(*aux), GFP_KERNEL | gfp_extra_flags);
	if (!aux) {
		vfree(fp);
		return NULL;
	}
	fp->pages = size / PAGE_SIZE;
	fp->aux = aux;
	aux->prog = fp;
	return fp;
}
EXPORT_SYMBOL_GPL(bpf_prog_alloc_no_stats);

struct bpf_prog *bpf_prog_alloc(unsigned int size, gfp_t gfp_extra_flags)
{
	return bpf_prog_alloc_no_stats(size, gfp_extra_flags);
}
EXPORT_SYMBOL_GPL(bpf_prog_alloc);

struct bpf_prog *bpf_prog_realloc(struct bpf_prog *fp_old, unsigned int size,
				  gfp_t gfp_extra_flags)
{
	gfp_t gfp_flags = GFP_KERNEL | __GFP_ZERO | gfp_extra_flags;
	struct bpf_prog *fp;

	size = round_up(size, PAGE_SIZE);
	if (size <= fp_old->pages * PAGE_SIZE)
		return fp_old;

	fp = __vmalloc(size, gfp_flags);
	if (!fp)
		return NULL;
	memcpy(fp, fp_old, fp_old->pages * PAGE_SIZE);
	fp->pages = size / PAGE_SIZE;
	fp->aux->prog = fp;
	/* the aux structure moved to the new program; free only the old body */
	fp_old->aux = NULL;
	vfree(fp_old);
	return fp;
}

void __bpf_prog_free(struct bpf_prog *fp)
{
	kfree(fp->aux);
	vfree(fp);
}
EXPORT_SYMBOL_GPL(__bpf_prog_free);

static void bpf_prog_free_deferred(struct work_struct *work)
{
	struct bpf_prog_aux *aux = container_of(work, struct bpf_prog_aux, work);

#ifdef CONFIG_EBPF_JIT
	bpf_jit_free(aux->prog);
#endif
	__bpf_prog_free(aux->prog);
}

/*
 * Callers include RCU callbacks of socket filters (softirq), so the vfree()
 * and anything a JIT image needs happen from a workqueue.
 */
void bpf_prog_free(struct bpf_prog *fp)
{
	struct bpf_prog_aux *aux = fp->aux;

	INIT_WORK(&aux->work, bpf_prog_free_deferred);
	schedule_work(&aux->work);
}
EXPORT_SYMBOL_GPL(bpf_prog_free);

/*
 * A program on the interpreter carries its slots (interp.h) in the same
 * allocation, after its instructions, so they go when the program goes.
 */
static size_t bpf_prog_slots_offset(u32 len)
{
	return ALIGN(bpf_prog_size(len), sizeof(struct bpf_interp_slot));
}

static const struct bpf_interp_slot *bpf_prog_slots(const struct bpf_prog *fp)
{
	return (const void *)fp + bpf_prog_slots_offset(fp->len);
}

/* prog->bpf_func of a program on the interpreter */
static unsigned int bpf_prog_run_interp(const void *ctx,
					const struct bpf_insn *insn)
{
	const struct bpf_prog *fp = container_of(insn, struct bpf_prog,
						 insnsi[0]);

	return bpf_interp_exec(ctx, bpf_prog_slots(fp));
}

static struct bpf_prog *bpf_prog_select_interp(struct bpf_prog *fp, int *err)
{
	size_t size = bpf_prog_slots_offset(fp->len) +
		      array_size(fp->len, sizeof(struct bpf_interp_slot));
	struct bpf_prog *grown;

	if (size > U32_MAX) {
		*err = -E2BIG;
		return fp;
	}
	grown = bpf_prog_realloc(fp, size, 0);
	if (!grown) {
		*err = -ENOMEM;
		return fp;
	}
	bpf_interp_prepare((void *)bpf_prog_slots(grown), grown->insnsi,
			   grown->len);
	grown->bpf_func = bpf_prog_run_interp;
	*err = 0;
	return grown;
}

/*
 * The JIT when net.core.bpf_jit_enable says so; whatever it cannot
 * compile stays on the interpreter.  Only running out of memory for the
 * interpreter's slots fails a load.
 */
struct bpf_prog *bpf_prog_select_runtime(struct bpf_prog *fp, int *err)
{
	fp->jited = 0;
#ifdef CONFIG_EBPF_JIT
	if (READ_ONCE(bpf_jit_enable))
		fp = bpf_int_jit_compile(fp);
	if (fp->jited) {
		*err = 0;
		return fp;
	}
#endif
	return bpf_prog_select_interp(fp, err);
}
EXPORT_SYMBOL_GPL(bpf_prog_select_runtime);

/* There is no classic-BPF JIT on x86-64; classic filters are converted. */
void __weak bpf_jit_compile(struct bpf_prog *prog)
{
}

/*
 * Negative offsets of classic and eBPF packet loads: SKF_NET_OFF + k is k
 * bytes into the network header, SKF_LL_OFF + k into the link-layer header.
 * Only bytes in the linear area can be reached this way.
 */
void *bpf_internal_load_pointer_neg_helper(const struct sk_buff *skb, int k,
					   unsigned int size)
{
	u8 *ptr;

	if (k >= SKF_NET_OFF) {
		ptr = skb_network_header(skb) + k - SKF_NET_OFF;
	} else if (k >= SKF_LL_OFF) {
		if (unlikely(!skb_mac_header_was_set(skb)))
			return NULL;
		ptr = skb_mac_header(skb) + k - SKF_LL_OFF;
	} else {
		return NULL;
	}
	if (ptr >= skb->head && ptr + size <= skb_tail_pointer(skb))
		return ptr;
	return NULL;
}

const void *bpf_ld_abs_pointer(const void *ctx, int off, unsigned int size,
			       void *buf)
{
	const struct sk_buff *skb = ctx;

	if (off >= 0)
		return skb_header_pointer(skb, off, size, buf);
	return bpf_internal_load_pointer_neg_helper(skb, off, size);
}

void bpf_interp_bad_insn(u8 code, s32 imm)
{
	pr_err_ratelimited("bpf: unknown opcode 0x%02x (imm %d)\n", code, imm);
}

/* Tracepoints that upstream's XDP code expects the core to instantiate. */
#define CREATE_TRACE_POINTS
#include <trace/events/xdp.h>
