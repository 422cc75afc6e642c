// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kprobe programs: attached to kprobe events with PERF_EVENT_IOC_SET_BPF,
 * run on every hit by trace_call_bpf(), and the helpers only they may call
 * (probe_read, ktime_get_ns, trace_printk).
 *
 * The programs of one event live in call->prog_array, a NULL-terminated
 * array that readers walk under RCU and writers replace whole under
 * bpf_event_mutex.
 */
#include <linux/bpf.h>
#include <linux/ctype.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/trace.h>
#include <linux/trace_events.h>
#include <linux/uaccess.h>
#include <asm/text-patching.h>

#include "../bpf/prog_types.h"

/* Programs attached to one kprobe event, by as many perf events. */
#define BPF_TRACE_MAX_PROGS	64

static DEFINE_MUTEX(bpf_event_mutex);

/*
 * Is this hit in NMI context?  On x86 the breakpoint handler of a kprobe
 * runs as an NMI itself (irqentry_nmi_enter()), so in_nmi() alone cannot
 * tell: the hit came from NMI context when the NMI nesting is deeper than
 * the breakpoint accounts for.  A probe hit through its breakpoint has a
 * pre_handler and the breakpoint still in the text; jump-optimised probes,
 * whose optimisation may be pending while the flag is already set, and
 * kretprobe returns (the handler-less kprobe_busy) add no level.
 */
static bool bpf_trace_hit_in_nmi(void)
{
	unsigned int nmi = (preempt_count() & NMI_MASK) >> NMI_SHIFT;
	struct kprobe *kp = kprobe_running();
	bool breakpoint = kp && kp->pre_handler &&
			  *kp->addr == INT3_INSN_OPCODE;

	return nmi > (breakpoint ? 1 : 0);
}

/*
 * Runs the programs of @call on a hit with @ctx (the probe's pt_regs).
 * Returns 0 when the event should be dropped: a program returned 0, or the
 * programs could not run here.  They never run in NMI (a program may be
 * holding a map's bucket lock) or nested in another kprobe program or a
 * bpf() map write on this CPU: that hit is dropped rather than recorded
 * unseen by the program.
 */
unsigned int trace_call_bpf(struct trace_event_call *call, void *ctx)
{
	struct bpf_prog_array_item *item;
	struct bpf_prog_array *array;
	unsigned int ret = 0;

	cant_sleep();
	if (bpf_trace_hit_in_nmi())
		return 0;
	if (unlikely(__this_cpu_inc_return(bpf_prog_active) != 1))
		goto out;

	ret = 1;
	rcu_read_lock();
	array = rcu_dereference(call->prog_array);
	if (array) {
		for (item = array->items; item->prog; item++)
			ret &= !!bpf_prog_run(item->prog, ctx);
	}
	rcu_read_unlock();
out:
	__this_cpu_dec(bpf_prog_active);
	return ret;
}

static unsigned int bpf_prog_array_count(struct bpf_prog_array *array)
{
	unsigned int n = 0;

	if (array)
		while (array->items[n].prog)
			n++;
	return n;
}

/*
 * A copy of @old with @add appended (when non-NULL) and @remove left out
 * (when non-NULL); NULL for an empty array.
 */
static struct bpf_prog_array *bpf_prog_array_edit(struct bpf_prog_array *old,
						  struct bpf_prog *add,
						  struct bpf_prog *remove,
						  gfp_t gfp)
{
	unsigned int i, n = 0, cnt = bpf_prog_array_count(old);
	struct bpf_prog_array *new;

	if (!add && cnt <= 1)
		return NULL;
	new = kzalloc(struct_size(new, items, cnt + 2), gfp);
	if (!new)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < cnt; i++)
		if (old->items[i].prog != remove)
			new->items[n++].prog = old->items[i].prog;
	if (add)
		new->items[n].prog = add;
	return new;
}

/*
 * Called by kernel/events/core.c for PERF_EVENT_IOC_SET_BPF on a trace
 * event, after it checked the program's type against the event's kind.
 * On success the event owns the caller's reference to @prog.
 */
int perf_event_attach_bpf_prog(struct perf_event *event, struct bpf_prog *prog,
			       u64 bpf_cookie)
{
	struct trace_event_call *call = event->tp_event;
	struct bpf_prog_array *old, *new;
	int err = 0;

	/* only kprobe events run programs here; there are no BPF links */
	if (!(call->flags & TRACE_EVENT_FL_KPROBE) ||
	    prog->type != BPF_PROG_TYPE_KPROBE || bpf_cookie)
		return -EINVAL;

	mutex_lock(&bpf_event_mutex);
	if (event->prog) {
		err = -EEXIST;
		goto unlock;
	}
	old = rcu_dereference_protected(call->prog_array,
					lockdep_is_held(&bpf_event_mutex));
	if (bpf_prog_array_count(old) >= BPF_TRACE_MAX_PROGS) {
		err = -E2BIG;
		goto unlock;
	}
	new = bpf_prog_array_edit(old, prog, NULL, GFP_KERNEL);
	if (IS_ERR(new)) {
		err = PTR_ERR(new);
		goto unlock;
	}
	rcu_assign_pointer(call->prog_array, new);
	event->prog = prog;
	if (old)
		kfree_rcu(old, rcu);
unlock:
	mutex_unlock(&bpf_event_mutex);
	return err;
}

/* When the event is freed: its program stops running, then is released. */
void perf_event_detach_bpf_prog(struct perf_event *event)
{
	struct trace_event_call *call = event->tp_event;
	struct bpf_prog_array *old, *new;
	struct bpf_prog *prog;

	mutex_lock(&bpf_event_mutex);
	prog = event->prog;
	if (!prog) {
		mutex_unlock(&bpf_event_mutex);
		return;
	}
	old = rcu_dereference_protected(call->prog_array,
					lockdep_is_held(&bpf_event_mutex));
	/* a few pointers: small enough to wait for rather than fail */
	new = bpf_prog_array_edit(old, NULL, prog, GFP_KERNEL | __GFP_NOFAIL);
	rcu_assign_pointer(call->prog_array, new);
	event->prog = NULL;
	mutex_unlock(&bpf_event_mutex);

	/* a hit on another CPU may still be running the program */
	synchronize_rcu();
	kfree(old);
	bpf_prog_put(prog);
}

/*
 * PERF_EVENT_IOC_QUERY_BPF answers with program ids, which programs of
 * this series do not have (there is no BPF_PROG_GET_FD_BY_ID).
 */
int perf_event_query_prog_array(struct perf_event *event, void __user *info)
{
	return -EOPNOTSUPP;
}

/*
 * probe_read(dst, size, unsafe_ptr): copies from any kernel address, or
 * from the current task's memory below TASK_SIZE; a fault zeroes @dst.
 */
BPF_CALL_3(bpf_probe_read, void *, dst, u32, size, const void *, unsafe_ptr)
{
	long err;

	if ((unsigned long)unsafe_ptr < TASK_SIZE)
		err = copy_from_user_nofault(dst, (const void __user *)unsafe_ptr,
					     size);
	else
		err = copy_from_kernel_nofault(dst, unsafe_ptr, size);
	if (unlikely(err < 0)) {
		memset(dst, 0, size);
		return -EFAULT;
	}
	return 0;
}

const struct bpf_func_proto bpf_probe_read_proto = {
	.func		= bpf_probe_read,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_UNINIT_MEM,
	.arg2_type	= ARG_CONST_SIZE,
	.arg3_type	= ARG_ANYTHING,
};

/* NMI-safe and lock-free: the probe may sit inside timekeeping. */
BPF_CALL_0(bpf_ktime_get_ns)
{
	return ktime_get_mono_fast_ns();
}

const struct bpf_func_proto bpf_ktime_get_ns_proto = {
	.func		= bpf_ktime_get_ns,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
};

/* The longest format trace_printk takes, with its terminating NUL. */
#define BPF_TRACE_PRINTK_MAX_FMT	128
#define BPF_TRACE_PRINTK_MAX_ARGS	3

/*
 * trace_printk's format rewritten so that every conversion takes a 64-bit
 * argument: "%d" becomes "%lld" of the sign-extended value, and so on.
 * Kprobe programs do not nest on a CPU (bpf_prog_active), so one buffer
 * per CPU is enough; the rewrite grows a conversion by at most two bytes.
 */
struct bpf_trace_printk_buf {
	char fmt[BPF_TRACE_PRINTK_MAX_FMT + 2 * BPF_TRACE_PRINTK_MAX_ARGS];
};

static DEFINE_PER_CPU(struct bpf_trace_printk_buf, bpf_trace_printk_buf);

/*
 * Rewrites @fmt into @out and converts @args in place.  Only %d %i %u %x
 * (each with l or ll) and %p take arguments, at most three; %% prints a
 * percent sign.  Returns -EINVAL for anything else.
 */
static int bpf_trace_printk_rewrite(const char *fmt, char *out, u64 *args)
{
	unsigned int n = 0, mod;
	const char *conv;
	size_t len;
	char *o = out;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (!isprint(*fmt) && !isspace(*fmt))
				return -EINVAL;
			*o++ = *fmt;
			continue;
		}
		if (fmt[1] == '%') {
			*o++ = '%';
			*o++ = '%';
			fmt++;
			continue;
		}
		if (n == BPF_TRACE_PRINTK_MAX_ARGS)
			return -EINVAL;
		fmt++;
		for (mod = 0; *fmt == 'l' && mod < 2; fmt++)
			mod++;
		switch (*fmt) {
		case 'p':
			if (mod)
				return -EINVAL;
			conv = "%p";
			break;
		case 'd':
		case 'i':
			conv = "%lld";
			if (!mod)
				args[n] = (s64)(s32)args[n];
			break;
		case 'u':
			conv = "%llu";
			if (!mod)
				args[n] = (u32)args[n];
			break;
		case 'x':
			conv = "%llx";
			if (!mod)
				args[n] = (u32)args[n];
			break;
		default:
			return -EINVAL;
		}
		len = strlen(conv);
		memcpy(o, conv, len);
		o += len;
		n++;
	}
	*o = '\0';
	return 0;
}

/*
 * trace_printk(fmt, fmt_size, arg1, arg2, arg3): writes to the trace
 * buffer (trace_pipe).  The format is checked here, at each call.
 */
BPF_CALL_5(bpf_trace_printk, char *, fmt, u32, fmt_size, u64, arg1, u64, arg2,
	   u64, arg3)
{
	u64 args[BPF_TRACE_PRINTK_MAX_ARGS] = { arg1, arg2, arg3 };
	struct bpf_trace_printk_buf *buf;
	int err;

	if (fmt[fmt_size - 1] != '\0' ||
	    strlen(fmt) >= BPF_TRACE_PRINTK_MAX_FMT)
		return -EINVAL;

	buf = this_cpu_ptr(&bpf_trace_printk_buf);
	err = bpf_trace_printk_rewrite(fmt, buf->fmt, args);
	if (err)
		return err;
	/*
	 * %p reads its argument as a pointer: the same 64-bit slot on
	 * x86-64, where this series runs.
	 */
	return __trace_printk(_THIS_IP_, buf->fmt, args[0], args[1], args[2]);
}

const struct bpf_func_proto bpf_trace_printk_proto = {
	.func		= bpf_trace_printk,
	.gpl_only	= true,
	.ret_type	= RET_INTEGER,
	.arg1_type	= ARG_PTR_TO_MEM,
	.arg2_type	= ARG_CONST_SIZE,
};

/*
 * The helpers only kprobe programs may call.  Looked up while a program
 * is verified, so that is when trace_printk's buffers are set up.
 */
const struct bpf_func_proto *bpf_tracing_helper_proto(enum bpf_func_id func_id)
{
	switch (func_id) {
	case BPF_FUNC_probe_read:
		return &bpf_probe_read_proto;
	case BPF_FUNC_ktime_get_ns:
		return &bpf_ktime_get_ns_proto;
	case BPF_FUNC_trace_printk:
		trace_printk_init_buffers();
		return &bpf_trace_printk_proto;
	default:
		return NULL;
	}
}
