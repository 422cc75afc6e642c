/* SPDX-License-Identifier: GPL-2.0-only */
/* What bpf2c's C (bench_jit's native programs) needs. */
#ifndef _BPF_HOST_BENCH_NATIVE_H
#define _BPF_HOST_BENCH_NATIVE_H

#include <linux/types.h>

/* bpf2c labels every instruction */
#pragma GCC diagnostic ignored "-Wunused-label"
#pragma GCC diagnostic ignored "-Wunused-variable"
#pragma GCC diagnostic ignored "-Wunused-but-set-variable"

/* an immediate gcc cannot see through */
#define OPQ(v) ({ u64 __v = (v); asm("" : "+r"(__v)); __v; })

#define be16(x)	((u64)__builtin_bswap16((u16)(x)))
#define be32(x)	((u64)__builtin_bswap32((u32)(x)))
#define be64(x)	__builtin_bswap64(x)
#define le16(x)	((u64)(u16)(x))
#define le32(x)	((u64)(u32)(x))
#define le64(x)	(x)

/* the programs bpf2c makes into C */
u64 native_alu_chain(const void *ctx);
u64 native_branchy(const void *ctx);
u64 native_memory(const void *ctx);
u64 native_map_lookup(const void *ctx);
u64 native_parser(const void *ctx);

extern void *native_map;
u64 native_helper(int id, u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
const void *bpf_ld_abs_pointer(const void *ctx, int off, unsigned int size,
			       void *buf);

#endif
