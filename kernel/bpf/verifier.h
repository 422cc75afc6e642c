/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The verifier's interface.  verifier.c proves a program safe and rewrites
 * it for the runtime; it builds both in the kernel and on the host against
 * tools/testing/bpf-host/, so it knows nothing of file descriptors, user
 * memory or struct bpf_prog: the caller (syscall.c, or a host harness)
 * copies the program and the log in and out and owns map references.
 */
#ifndef _KERNEL_BPF_VERIFIER_H
#define _KERNEL_BPF_VERIFIER_H

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/types.h>

/* Paths longer than this in processed instructions end with E2BIG. */
#define BPF_VERIFIER_MAX_PROCESSED	131072

/*
 * States kept at one instruction, each compared on every visit there:
 * past this many, no more are kept there (slower, never unsound).
 */
#define BPF_VERIFIER_MAX_STATES_PER_INSN	64

/* Memory for states kept for pruning; past it, no more are kept. */
#define BPF_VERIFIER_MAX_STATE_BYTES	(64U << 20)

/* Smallest and largest log_size accepted with a log_level. */
#define BPF_VERIFIER_LOG_MIN		128
#define BPF_VERIFIER_LOG_MAX		(UINT_MAX >> 8)

/*
 * One readable field of a context that the program sees through a stable
 * layout (struct __sk_buff) while the kernel object (struct sk_buff) has
 * another.  A load of exactly @size bytes at @off becomes a load of
 * @target_size bytes at @target_off, then a right shift by @shift and an
 * and with @mask when they are non-zero.
 */
struct bpf_ctx_field {
	u16 off;
	u8 size;
	u8 target_size;
	u16 target_off;
	u8 shift;
	u32 mask;
};

/* What the verifier needs to know of a program type. */
struct bpf_prog_type_info {
	const char *name;
	/* The helper @func_id as this type may call it, or NULL. */
	const struct bpf_func_proto *(*func_proto)(enum bpf_func_id func_id);
	/*
	 * The context is either a table of converted fields (loads only), or
	 * with no table @ctx_size bytes read in place with aligned loads.
	 */
	const struct bpf_ctx_field *ctx_fields;
	u32 ctx_field_cnt;
	u32 ctx_size;
	/* BPF_LD | BPF_ABS/BPF_IND on the context held in R6 */
	bool ld_abs;
};

/* A log in kernel memory; the caller copies it out. */
struct bpf_vlog {
	char *buf;		/* NUL-terminated, or NULL when level is 0 */
	u32 size;		/* of buf, at least BPF_VERIFIER_LOG_MIN */
	u32 len;		/* bytes used, without the NUL */
	u32 level;		/* 0 none, 1 instructions and errors, 2 + states */
	bool truncated;		/* something did not fit */
};

struct bpf_verify_args {
	const struct bpf_prog_type_info *type;
	/*
	 * The program as loaded.  The verifier replaces the fd of each
	 * BPF_LD_IMM64 with src_reg BPF_PSEUDO_MAP_FD by the map pointer
	 * that map_from_fd() gives (which must take the reference the
	 * caller keeps while the program lives, or return an ERR_PTR).
	 */
	struct bpf_insn *insns;
	u32 len;
	bool gpl_compatible;
	struct bpf_map *(*map_from_fd)(void *priv, int fd);
	void *priv;
	struct bpf_vlog *log;	/* may be NULL */

	/*
	 * On success: the program to run (kvmalloc()ed, the caller frees it
	 * with kvfree()), with context loads converted, map pointers in the
	 * LD_IMM64 pairs and helper calls as __bpf_call_base offsets.
	 */
	struct bpf_insn *out;
	u32 out_len;
	/*
	 * Bytes of stack below R10 the program may touch, on any path (all
	 * reads are of bytes written before): prog->aux->stack_depth.
	 */
	u32 stack_depth;

	/* Statistics, set on success and failure. */
	u32 insn_processed;	/* instructions walked over all paths */
	u32 states_stored;	/* states kept for pruning */
	u32 peak_state_bytes;	/* most memory held for states at once */
};

/*
 * Proves args->insns safe for args->type.  Returns 0, or a negative errno
 * with the reason in the log: -EINVAL for an unsafe or malformed program,
 * -EACCES for an unsafe access, -E2BIG when the processed-instruction
 * limit is reached, -ENOMEM, -ENOSPC when the program is safe but the log
 * was too small for it, or map_from_fd()'s error.  A GPL-only helper
 * called from a non-GPL program is -EINVAL, as in Linux.
 */
int bpf_verify(struct bpf_verify_args *args);

/*
 * Writes the Linux verifier notation of @insn ("r1 += -8",
 * "if r0 == 0x0 goto pc+1", "call 1", ...) to @buf; returns its length.
 * LD_IMM64 reads the second half at insn[1].
 */
int bpf_insn_print(char *buf, size_t size, const struct bpf_insn *insn);

#endif /* _KERNEL_BPF_VERIFIER_H */
