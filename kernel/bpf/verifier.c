// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verifier: nothing runs unless it is proven safe here.
 *
 * Pass 1 checks every instruction's encoding and turns map fds into maps.
 * Pass 2 checks the control flow graph: jumps in range, no loops, nothing
 * unreachable, no falling off the end.  Pass 3 walks every path from the
 * first instruction with a type for each register and each stack byte,
 * checking each memory access and helper call; a path reaching a jump
 * target in a state that a state already proven safe there covers is cut
 * short.  Pass 4 rewrites the program for the runtime: context loads,
 * map pointers, helper addresses.
 */
#include <linux/bpf.h>
#include <linux/err.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "verifier.h"

/* Register types, as the log names them. */
enum reg_type {
	RT_NOT_INIT,
	RT_SCALAR,			/* a number; "known" says whether its value is */
	RT_CTX,
	RT_MAP_PTR,
	RT_MAP_VALUE,
	RT_MAP_VALUE_OR_NULL,
	RT_STACK,		/* fp + off */
};

static const char * const reg_type_str[] = {
	[RT_NOT_INIT]			= "?",
	[RT_SCALAR]			= "scalar",
	[RT_CTX]			= "ctx",
	[RT_MAP_PTR]		= "map_ptr",
	[RT_MAP_VALUE]		= "map_value",
	[RT_MAP_VALUE_OR_NULL]	= "map_value_or_null",
	[RT_STACK]			= "fp",
};

struct reg_state {
	u8 type;
	bool known;		/* RT_SCALAR: val is its value */
	u32 id;			/* OR_NULL: registers sharing it share a check */
	s32 off;		/* pointers: offset from the object's start */
	u64 val;
	struct bpf_map *map;	/* map pointers and map values */
};

/* Each stack byte is one of these. */
enum {
	STACK_INVALID,		/* never written */
	STACK_SPILL,		/* part of a register saved whole */
	STACK_MISC,		/* data */
};

/* Registers are spilled to the stack in 8-byte slots. */
#define SLOT_SIZE	8
#define STACK_SLOTS	(MAX_BPF_STACK / SLOT_SIZE)

struct vstate {
	struct reg_state regs[MAX_BPF_REG];
	u32 lo;					/* stack[lo..] may be valid */
	u8 stack[MAX_BPF_STACK];		/* byte i is fp - 512 + i */
	struct reg_state spilled[STACK_SLOTS];	/* slot i is fp - 512 + 8 i */
};

/*
 * A state kept aside: a branch still to explore, or a state already proven
 * safe from a jump target.  Only the part of the stack the path has
 * written is kept, as most programs use a few slots of it.
 */
struct vsaved {
	struct vsaved *next;	/* states kept at the same instruction */
	u32 idx;		/* branches: where to resume */
	u32 from;		/* branches: the jump that left it */
	u32 lo;			/* the stack from byte lo follows */
	u32 prev;		/* branches: offset of the one below */
	struct reg_state regs[MAX_BPF_REG];
	/* spilled[lo / 8 ..], then stack[lo ..] */
	struct reg_state data[];
};

/* What the walk learns about one instruction, for the rewrite. */
struct insn_aux {
	struct bpf_map *map;		/* LD_IMM64 of a map fd */
	const struct bpf_ctx_field *field;	/* context load to convert */
	const struct bpf_func_proto *proto;	/* helper call */
	u8 ptr_kind;			/* loads/stores: 1 ctx, 2 other */
	bool prune_point;
	bool seen;
	u8 cfg_state;			/* pass 2: 0 new, 1 on stack, 2 done */
	u16 live_regs;			/* read on some path from here */
	u16 explored_cnt;
	struct vsaved *explored;
};

struct verifier_env {
	struct bpf_verify_args *args;
	const struct bpf_prog_type_info *type;
	struct bpf_insn *insns;
	u32 len;
	struct insn_aux *aux;
	struct vstate cur;
	struct vstate scratch;		/* the other side of a NULL check */
	/*
	 * Branches to explore are a stack of variable-sized states in one
	 * buffer; kept states come from chunks freed all at once at the end.
	 */
	u8 *branches;
	u32 branch_top;			/* offset of the top one, or U32_MAX */
	u32 branch_used;
	u32 branch_cap;
	struct state_chunk *chunks;
	u32 processed;
	u64 state_bytes;
	u64 peak_state_bytes;
	u32 states_stored;
	u32 last_saved;			/* processed count at the last kept state */
	u32 idx;			/* the instruction being checked */
	u32 stack_lo;			/* lowest stack byte written, any path */
	char tmp[128];
};

static __printf(2, 3) void verbose(struct verifier_env *env,
				   const char *fmt, ...)
{
	struct bpf_vlog *log = env->args->log;
	va_list args;
	u32 room;
	int n;

	if (!log || !log->level || !log->buf)
		return;
	room = log->size - log->len;
	if (room <= 1) {
		log->truncated = true;
		return;
	}
	va_start(args, fmt);
	n = vsnprintf(log->buf + log->len, room, fmt, args);
	va_end(args);
	if (n < 0)
		return;
	if (n >= room) {
		log->truncated = true;
		n = room - 1;
	}
	log->len += n;
}

static bool log_on(struct verifier_env *env, u32 level)
{
	struct bpf_vlog *log = env->args->log;

	return log && log->buf && log->level >= level;
}

static void print_insn(struct verifier_env *env, u32 idx)
{
	bpf_insn_print(env->tmp, sizeof(env->tmp), &env->insns[idx]);
	verbose(env, "%d: (%02x) %s\n", idx, env->insns[idx].code, env->tmp);
}

static void print_reg(struct verifier_env *env, const struct reg_state *reg)
{
	switch (reg->type) {
	case RT_SCALAR:
		if (reg->known)
			verbose(env, "%lld", (long long)reg->val);
		else
			verbose(env, "scalar");
		break;
	case RT_STACK:
		verbose(env, "fp%d", reg->off);
		break;
	case RT_MAP_PTR:
		verbose(env, "map_ptr(ks=%u,vs=%u)", reg->map->key_size,
			reg->map->value_size);
		break;
	case RT_MAP_VALUE:
	case RT_MAP_VALUE_OR_NULL:
		verbose(env, "%s(", reg_type_str[reg->type]);
		if (reg->type == RT_MAP_VALUE_OR_NULL)
			verbose(env, "id=%u,", reg->id);
		else
			verbose(env, "off=%d,", reg->off);
		verbose(env, "ks=%u,vs=%u)", reg->map->key_size,
			reg->map->value_size);
		break;
	default:
		verbose(env, "%s", reg_type_str[reg->type]);
	}
}

static void print_state(struct verifier_env *env, const struct vstate *st)
{
	int i;

	for (i = 0; i < MAX_BPF_REG; i++) {
		if (st->regs[i].type == RT_NOT_INIT)
			continue;
		verbose(env, " R%d=", i);
		print_reg(env, &st->regs[i]);
	}
	for (i = 0; i < STACK_SLOTS; i++) {
		const u8 *b = &st->stack[i * SLOT_SIZE];
		int j;

		if (b[0] == STACK_SPILL) {
			verbose(env, " fp%d=", (i - STACK_SLOTS) * SLOT_SIZE);
			print_reg(env, &st->spilled[i]);
			continue;
		}
		for (j = 0; j < SLOT_SIZE && b[j] == STACK_INVALID; j++)
			;
		if (j == SLOT_SIZE)
			continue;
		verbose(env, " fp%d=", (i - STACK_SLOTS) * SLOT_SIZE);
		for (j = 0; j < SLOT_SIZE; j++)
			verbose(env, "%c", b[j] == STACK_MISC ? 'm' : '?');
	}
	verbose(env, "\n");
}

/* ---- pass 1: encodings ---------------------------------------------- */

static bool is_ld_imm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static int check_alu_fields(struct verifier_env *env,
			    const struct bpf_insn *insn)
{
	u8 op = BPF_OP(insn->code);
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	bool x = BPF_SRC(insn->code) == BPF_X;

	if (op > BPF_END) {
		verbose(env, "unknown opcode %02x\n", insn->code);
		return -EINVAL;
	}
	if (op == BPF_NEG) {
		if (x || insn->src_reg || insn->off || insn->imm) {
			verbose(env, "BPF_NEG uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	}
	if (op == BPF_END) {
		if (is64) {
			verbose(env, "unknown opcode %02x\n", insn->code);
			return -EINVAL;
		}
		if (insn->src_reg || insn->off ||
		    (insn->imm != 16 && insn->imm != 32 && insn->imm != 64)) {
			verbose(env, "BPF_END uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	}
	if (insn->off || (x ? insn->imm != 0 : insn->src_reg != 0)) {
		verbose(env, "%s uses reserved fields\n",
			op == BPF_MOV ? "BPF_MOV" : "BPF_ALU");
		return -EINVAL;
	}
	if (x)
		return 0;
	if ((op == BPF_DIV || op == BPF_MOD) && insn->imm == 0) {
		verbose(env, "div by zero\n");
		return -EINVAL;
	}
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
	    (insn->imm < 0 || insn->imm >= (is64 ? 64 : 32))) {
		verbose(env, "invalid shift %d\n", insn->imm);
		return -EINVAL;
	}
	return 0;
}

static int check_jmp_fields(struct verifier_env *env,
			    const struct bpf_insn *insn)
{
	u8 op = BPF_OP(insn->code);
	bool x = BPF_SRC(insn->code) == BPF_X;

	if (op == BPF_JA || op == BPF_CALL || op == BPF_EXIT) {
		if (BPF_CLASS(insn->code) == BPF_JMP32 || x) {
			verbose(env, "unknown opcode %02x\n", insn->code);
			return -EINVAL;
		}
	}
	switch (op) {
	case BPF_JA:
		if (insn->src_reg || insn->dst_reg || insn->imm) {
			verbose(env, "BPF_JA uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case BPF_CALL:
		if (insn->src_reg || insn->dst_reg || insn->off) {
			verbose(env, "BPF_CALL uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case BPF_EXIT:
		if (insn->src_reg || insn->dst_reg || insn->off || insn->imm) {
			verbose(env, "BPF_EXIT uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case 0xe0:
	case 0xf0:
		verbose(env, "unknown opcode %02x\n", insn->code);
		return -EINVAL;
	}
	if (x ? insn->imm != 0 : insn->src_reg != 0) {
		verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
		return -EINVAL;
	}
	return 0;
}

static int check_ld_imm64(struct verifier_env *env, u32 idx)
{
	struct bpf_insn *insn = &env->insns[idx];
	struct bpf_map *map;

	if (idx + 1 >= env->len || insn[1].code || insn[1].dst_reg ||
	    insn[1].src_reg || insn[1].off || insn->off ||
	    (insn->src_reg && insn->src_reg != BPF_PSEUDO_MAP_FD)) {
		verbose(env, "invalid BPF_LD_IMM insn\n");
		return -EINVAL;
	}
	if (insn->src_reg != BPF_PSEUDO_MAP_FD)
		return 0;
	if (insn[1].imm) {
		verbose(env, "invalid BPF_LD_IMM insn\n");
		return -EINVAL;
	}
	if (!env->args->map_from_fd) {
		verbose(env, "fd %d is not pointing to valid bpf_map\n",
			insn->imm);
		return -EBADF;
	}
	map = env->args->map_from_fd(env->args->priv, insn->imm);
	if (IS_ERR(map)) {
		verbose(env, "fd %d is not pointing to valid bpf_map\n",
			insn->imm);
		return PTR_ERR(map);
	}
	env->aux[idx].map = map;
	return 0;
}

static int check_insn_fields(struct verifier_env *env, u32 idx)
{
	const struct bpf_insn *insn = &env->insns[idx];
	u8 mode = BPF_MODE(insn->code);
	u8 size = BPF_SIZE(insn->code);

	if (insn->dst_reg >= MAX_BPF_REG) {
		verbose(env, "R%d is invalid\n", insn->dst_reg);
		return -EINVAL;
	}
	if (insn->src_reg >= MAX_BPF_REG) {
		verbose(env, "R%d is invalid\n", insn->src_reg);
		return -EINVAL;
	}

	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return check_alu_fields(env, insn);
	case BPF_JMP:
	case BPF_JMP32:
		return check_jmp_fields(env, insn);
	case BPF_LDX:
		if (mode != BPF_MEM)
			break;
		if (insn->imm) {
			verbose(env, "BPF_LDX uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case BPF_STX:
		if (mode == BPF_MEM) {
			if (insn->imm) {
				verbose(env, "BPF_STX uses reserved fields\n");
				return -EINVAL;
			}
			return 0;
		}
		if (mode != BPF_ATOMIC || (size != BPF_W && size != BPF_DW))
			break;
		if (insn->imm != BPF_ADD) {
			verbose(env, "BPF_ATOMIC uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case BPF_ST:
		if (mode != BPF_MEM)
			break;
		if (insn->src_reg) {
			verbose(env, "BPF_ST uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	case BPF_LD:
		if (mode == BPF_IMM && size == BPF_DW)
			return check_ld_imm64(env, idx);
		if ((mode != BPF_ABS && mode != BPF_IND) || size == BPF_DW)
			break;
		if (insn->dst_reg || insn->off ||
		    (mode == BPF_ABS && insn->src_reg)) {
			verbose(env, "BPF_LD_[ABS|IND] uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	}
	verbose(env, "unknown opcode %02x\n", insn->code);
	return -EINVAL;
}

static int check_encodings(struct verifier_env *env)
{
	u32 i;
	int err;

	for (i = 0; i < env->len; i++) {
		err = check_insn_fields(env, i);
		if (err) {
			verbose(env, "at insn %u\n", i);
			return err;
		}
		if (is_ld_imm64(&env->insns[i]))
			i++;
	}
	return 0;
}

/* ---- pass 2: control flow ------------------------------------------- */

/*
 * Up to two successors of @idx in @succ; returns how many, or -EINVAL
 * with the reason logged.
 */
static int insn_successors(struct verifier_env *env, u32 idx, u32 *succ)
{
	const struct bpf_insn *insn = &env->insns[idx];
	u8 class = BPF_CLASS(insn->code);
	u8 op = BPF_OP(insn->code);
	s64 target;
	u32 next = idx + (is_ld_imm64(insn) ? 2 : 1);
	int n = 0;

	if (class == BPF_JMP && op == BPF_EXIT)
		return 0;
	if ((class == BPF_JMP || class == BPF_JMP32) && op != BPF_CALL) {
		target = (s64)idx + insn->off + 1;
		if (target < 0 || target >= env->len) {
			verbose(env, "jump out of range from insn %u to %lld\n",
				idx, target);
			return -EINVAL;
		}
		succ[n++] = target;
		if (op == BPF_JA)
			return n;
		if (next >= env->len) {
			verbose(env, "jump out of range from insn %u to %u\n",
				idx, next);
			return -EINVAL;
		}
		succ[n++] = next;
		return n;
	}
	if (next >= env->len) {
		verbose(env, "last insn is not an exit or jmp\n");
		return -EINVAL;
	}
	succ[n++] = next;
	return n;
}

/*
 * Registers @idx reads, and those it writes, for the liveness that lets
 * pruning ignore registers nothing reads again.
 */
static void insn_regs(const struct bpf_insn *insn, u16 *use, u16 *def)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	u16 dst = 1 << insn->dst_reg, src = 1 << insn->src_reg;
	bool x = BPF_SRC(insn->code) == BPF_X;

	*use = 0;
	*def = 0;
	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		*def = dst;
		if (op != BPF_MOV)
			*use |= dst;
		if (x && op != BPF_END && op != BPF_NEG)
			*use |= src;
		break;
	case BPF_LDX:
		*use = src;
		*def = dst;
		break;
	case BPF_STX:
		*use = dst | src;
		break;
	case BPF_ST:
		*use = dst;
		break;
	case BPF_LD:
		if (is_ld_imm64(insn)) {
			*def = dst;
			break;
		}
		/* LD_ABS/IND: the context in R6, R0-R5 clobbered */
		*use = 1 << BPF_REG_6 |
		       (BPF_MODE(insn->code) == BPF_IND ? src : 0);
		*def = 0x3f;
		break;
	default:
		if (op == BPF_CALL) {
			*use = 0x3e;
			*def = 0x3f;
		} else if (op == BPF_EXIT) {
			*use = 1 << BPF_REG_0;
		} else if (op != BPF_JA) {
			*use = dst | (x ? src : 0);
		}
	}
}

static u16 live_regs_in(struct verifier_env *env, u32 idx, const u32 *succ,
			int n)
{
	u16 use, def, out = 0;
	int i;

	for (i = 0; i < n; i++)
		out |= env->aux[succ[i]].live_regs;
	insn_regs(&env->insns[idx], &use, &def);
	/* R10 is always readable and never changes: keep it out */
	return (use | (out & ~def)) & ~(1 << BPF_REG_10);
}

static int check_cfg(struct verifier_env *env)
{
	u32 *stack, *pos, sp = 0, succ[2], i;
	int n, err = 0;

	/* mark the second halves of LD_IMM64 so no jump lands in them */
	for (i = 0; i + 1 < env->len; i++)
		if (is_ld_imm64(&env->insns[i]))
			env->aux[++i].cfg_state = 3;
	for (i = 0; i < env->len; i++) {
		const struct bpf_insn *insn = &env->insns[i];
		u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
		s64 t;

		if (class != BPF_JMP && class != BPF_JMP32)
			continue;
		if (op == BPF_CALL || op == BPF_EXIT)
			continue;
		t = (s64)i + insn->off + 1;
		if (t >= 0 && t < env->len && env->aux[t].cfg_state == 3) {
			verbose(env, "jump into the middle of ldimm64 insn %lld\n",
				t - 1);
			return -EINVAL;
		}
	}

	stack = kvcalloc(env->len, sizeof(*stack), GFP_KERNEL);
	pos = kvcalloc(env->len, sizeof(*pos), GFP_KERNEL);
	if (!stack || !pos) {
		err = -ENOMEM;
		goto out;
	}

	/* iterative depth-first search; pos[] is the next successor to take */
	stack[sp++] = 0;
	env->aux[0].cfg_state = 1;
	while (sp) {
		u32 idx = stack[sp - 1];

		n = insn_successors(env, idx, succ);
		if (n < 0) {
			err = n;
			goto out;
		}
		/* jump targets and what follows a conditional jump */
		if (!pos[idx] && (n == 2 || (n == 1 && succ[0] != idx + 1 &&
					     succ[0] != idx + 2)))
			env->aux[succ[0]].prune_point = true;
		if (!pos[idx] && n == 2)
			env->aux[succ[1]].prune_point = true;
		if (pos[idx] < n) {
			u32 t = succ[pos[idx]++];

			if (env->aux[t].cfg_state == 1) {
				verbose(env, "back-edge from insn %u to %u\n",
					idx, t);
				err = -EINVAL;
				goto out;
			}
			if (env->aux[t].cfg_state == 0) {
				env->aux[t].cfg_state = 1;
				stack[sp++] = t;
			}
			continue;
		}
		env->aux[idx].cfg_state = 2;
		/* successors finish first: no loops */
		env->aux[idx].live_regs = live_regs_in(env, idx, succ, n);
		sp--;
	}

	for (i = 0; i < env->len; i++) {
		if (env->aux[i].cfg_state == 3)
			continue;
		if (env->aux[i].cfg_state != 2) {
			verbose(env, "unreachable insn %u\n", i);
			err = -EINVAL;
			goto out;
		}
	}
out:
	kvfree(stack);
	kvfree(pos);
	return err;
}

/* ---- pass 3: the walk ----------------------------------------------- */

static void mark_unknown(struct reg_state *reg)
{
	memset(reg, 0, sizeof(*reg));
	reg->type = RT_SCALAR;
}

static void mark_known(struct reg_state *reg, u64 val)
{
	mark_unknown(reg);
	reg->known = true;
	reg->val = val;
}

static int check_reg_read(struct verifier_env *env, u32 regno)
{
	if (env->cur.regs[regno].type == RT_NOT_INIT) {
		verbose(env, "R%u !read_ok\n", regno);
		return -EACCES;
	}
	return 0;
}

static int check_reg_write(struct verifier_env *env, u32 regno)
{
	if (regno == BPF_REG_10) {
		verbose(env, "frame pointer is read only\n");
		return -EACCES;
	}
	return 0;
}

static bool is_pointer(const struct reg_state *reg)
{
	return reg->type != RT_NOT_INIT && reg->type != RT_SCALAR;
}

/* Moves pointer @reg by @delta, keeping the offset in a sane range. */
/* Pointers move by less than this, so offsets never overflow. */
#define POINTER_OFF_LIMIT	(1LL << 29)

/* Moves pointer @reg by @delta (as a 64-bit two's complement number). */
static int pointer_add(struct verifier_env *env, u32 regno,
		       struct reg_state *reg, u64 delta)
{
	s64 d = (s64)delta;

	if (reg->type != RT_STACK && reg->type != RT_MAP_VALUE) {
		verbose(env, "R%u pointer arithmetic prohibited\n", regno);
		return -EACCES;
	}
	if (d < -POINTER_OFF_LIMIT || d > POINTER_OFF_LIMIT ||
	    reg->off + d < -POINTER_OFF_LIMIT ||
	    reg->off + d > POINTER_OFF_LIMIT) {
		verbose(env, "R%u pointer arithmetic out of range\n", regno);
		return -EACCES;
	}
	reg->off += d;
	return 0;
}

static int check_alu(struct verifier_env *env, const struct bpf_insn *insn)
{
	struct reg_state *dst = &env->cur.regs[insn->dst_reg];
	struct reg_state *src = &env->cur.regs[insn->src_reg];
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u8 op = BPF_OP(insn->code);
	/* END keeps its byte order where other operations have BPF_X */
	bool x = op != BPF_END && BPF_SRC(insn->code) == BPF_X;
	struct reg_state s;
	int err;

	if (x) {
		err = check_reg_read(env, insn->src_reg);
		if (err)
			return err;
		s = *src;
	} else {
		mark_known(&s, is64 ? (u64)(s64)insn->imm : (u32)insn->imm);
	}
	if (op != BPF_MOV) {
		err = check_reg_read(env, insn->dst_reg);
		if (err)
			return err;
	}
	err = check_reg_write(env, insn->dst_reg);
	if (err)
		return err;

	if (op == BPF_MOV) {
		if (is64) {
			*dst = s;
		} else if (is_pointer(&s)) {
			/* the low half of an address is just a number */
			mark_unknown(dst);
		} else if (s.known) {
			mark_known(dst, (u32)s.val);
		} else {
			mark_unknown(dst);
		}
		return 0;
	}

	if (op == BPF_END || op == BPF_NEG) {
		if (is_pointer(dst)) {
			verbose(env, "R%d pointer arithmetic prohibited\n",
				insn->dst_reg);
			return -EACCES;
		}
		mark_unknown(dst);
		return 0;
	}

	if (is_pointer(dst) || is_pointer(&s)) {
		/* ptr += K, ptr -= K, and K + ptr with K a known scalar */
		if (is64 && op == BPF_ADD && is_pointer(dst) && !is_pointer(&s) &&
		    s.known)
			return pointer_add(env, insn->dst_reg, dst, s.val);
		if (is64 && op == BPF_SUB && is_pointer(dst) && !is_pointer(&s) &&
		    s.known)
			return pointer_add(env, insn->dst_reg, dst, 0 - s.val);
		if (is64 && op == BPF_ADD && !is_pointer(dst) && dst->known) {
			u64 k = dst->val;

			*dst = s;
			return pointer_add(env, insn->dst_reg, dst, k);
		}
		verbose(env, "R%d pointer arithmetic prohibited\n",
			is_pointer(dst) ? insn->dst_reg : insn->src_reg);
		return -EACCES;
	}

	/*
	 * Arithmetic forgets constants (only moves and loads of immediates
	 * keep them): paths that differ only in a counter then meet in
	 * equal states at the next join, where pruning cuts one short.
	 */
	mark_unknown(dst);
	return 0;
}

static int stack_byte(s32 off)
{
	return MAX_BPF_STACK + off;
}

static void stack_write(struct verifier_env *env, s32 off, int size,
			const struct reg_state *value)
{
	struct vstate *st = &env->cur;
	int i, b = stack_byte(off);

	st->lo = min_t(u32, st->lo, b & ~(SLOT_SIZE - 1));
	env->stack_lo = min_t(u32, env->stack_lo, st->lo);
	if (size == SLOT_SIZE && value) {
		memset(&st->stack[b], STACK_SPILL, SLOT_SIZE);
		st->spilled[b / SLOT_SIZE] = *value;
		return;
	}
	/* a partly overwritten spill is data from now on */
	for (i = b & ~(SLOT_SIZE - 1); i < b + size; i += SLOT_SIZE) {
		if (st->stack[i] == STACK_SPILL) {
			memset(&st->stack[i], STACK_MISC, SLOT_SIZE);
			mark_unknown(&st->spilled[i / SLOT_SIZE]);
		}
	}
	memset(&st->stack[b], STACK_MISC, size);
}

static int check_stack_bounds(struct verifier_env *env, s32 off, s64 size)
{
	if (off < -MAX_BPF_STACK || off + size > 0 || size <= 0) {
		verbose(env, "invalid stack off=%d size=%lld\n", off, size);
		return -EACCES;
	}
	return 0;
}

/*
 * A load of @size bytes at fp + @off into register @value_regno (or a
 * read-modify-write with value_regno < 0).
 */
static int stack_read(struct verifier_env *env, s32 off, int size,
		      int value_regno)
{
	struct vstate *st = &env->cur;
	int i, b = stack_byte(off);

	if (st->stack[b] == STACK_SPILL) {
		const struct reg_state *sp = &st->spilled[b / SLOT_SIZE];

		if (size == SLOT_SIZE && value_regno >= 0) {
			env->cur.regs[value_regno] = *sp;
			return 0;
		}
		if (is_pointer(sp)) {
			verbose(env, "invalid size of register fill\n");
			return -EACCES;
		}
	}
	for (i = 0; i < size; i++) {
		if (st->stack[b + i] == STACK_INVALID) {
			verbose(env, "invalid read from stack off %d size %d\n",
				off, size);
			return -EACCES;
		}
		if (st->stack[b + i] == STACK_SPILL &&
		    is_pointer(&st->spilled[(b + i) / SLOT_SIZE])) {
			verbose(env, "invalid size of register fill\n");
			return -EACCES;
		}
	}
	if (value_regno >= 0)
		mark_unknown(&env->cur.regs[value_regno]);
	return 0;
}

static int check_map_value_access(struct verifier_env *env,
				  const struct reg_state *reg, s32 off,
				  int size)
{
	s64 o = (s64)reg->off + off;

	if (o < 0 || size <= 0 || o + size > reg->map->value_size) {
		verbose(env, "invalid access to map value, value_size=%u off=%lld size=%d\n",
			reg->map->value_size, o, size);
		return -EACCES;
	}
	return 0;
}

static int check_ctx_access(struct verifier_env *env, s32 off, int size)
{
	const struct bpf_prog_type_info *t = env->type;
	u32 i;

	if (t->ctx_fields) {
		for (i = 0; i < t->ctx_field_cnt; i++) {
			const struct bpf_ctx_field *f = &t->ctx_fields[i];

			if (f->off == off && f->size == size) {
				env->aux[env->idx].field = f;
				return 0;
			}
		}
	} else if (off >= 0 && off + size <= t->ctx_size && off % size == 0) {
		return 0;
	}
	verbose(env, "invalid bpf_context access off=%d size=%d\n", off, size);
	return -EACCES;
}

/*
 * Each load and store instruction runs with one kind of base pointer: a
 * context access is rewritten and any other must not be.
 */
static int check_ptr_kind(struct verifier_env *env, const struct reg_state *reg)
{
	u8 kind = reg->type == RT_CTX ? 1 : 2;
	struct insn_aux *aux = &env->aux[env->idx];

	if (aux->ptr_kind && aux->ptr_kind != kind) {
		verbose(env, "same insn cannot be used with different pointers\n");
		return -EINVAL;
	}
	aux->ptr_kind = kind;
	return 0;
}

static int insn_bytes(u8 code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return 1;
	case BPF_H: return 2;
	case BPF_W: return 4;
	}
	return 8;
}

enum mem_op { ACC_READ, ACC_WRITE, ACC_XADD };

/*
 * An access of @size bytes at R@regno + @off; @value_regno is the register
 * loaded or stored (-1 for ST's immediate).
 */
static int check_mem_access(struct verifier_env *env, u32 regno, s32 off,
			    int size, enum mem_op op, int value_regno)
{
	struct reg_state *reg = &env->cur.regs[regno];
	struct reg_state *val = value_regno >= 0 ?
				&env->cur.regs[value_regno] : NULL;
	s32 o;
	int err;

	if (reg->type != RT_STACK && reg->type != RT_MAP_VALUE &&
	    reg->type != RT_CTX) {
		verbose(env, "R%u invalid mem access '%s'\n", regno,
			reg_type_str[reg->type]);
		return -EACCES;
	}
	err = check_ptr_kind(env, reg);
	if (err)
		return err;
	if (op != ACC_READ && val && is_pointer(val) &&
	    (op == ACC_XADD || reg->type != RT_STACK)) {
		verbose(env, "R%d leaks addr into %s\n", value_regno,
			reg->type == RT_STACK ? "stack" :
			reg->type == RT_CTX ? "ctx" : "map value");
		return -EACCES;
	}

	switch (reg->type) {
	case RT_STACK:
		o = reg->off + off;
		err = check_stack_bounds(env, o, size);
		if (err)
			return err;
		if (o % size) {
			verbose(env, "misaligned stack access off %d size %d\n",
				o, size);
			return -EACCES;
		}
		if (op == ACC_WRITE) {
			if (val && is_pointer(val) && size != SLOT_SIZE) {
				verbose(env, "invalid size of register spill\n");
				return -EACCES;
			}
			if (val && size == SLOT_SIZE) {
				stack_write(env, o, size, val);
			} else if (!val && size == SLOT_SIZE) {
				struct reg_state k;

				mark_known(&k, (u64)(s64)env->insns[env->idx].imm);
				stack_write(env, o, size, &k);
			} else {
				stack_write(env, o, size, NULL);
			}
			return 0;
		}
		if (op == ACC_XADD) {
			err = stack_read(env, o, size, -1);
			if (err)
				return err;
			stack_write(env, o, size, NULL);
			return 0;
		}
		return stack_read(env, o, size, value_regno);
	case RT_MAP_VALUE:
		err = check_map_value_access(env, reg, off, size);
		if (err)
			return err;
		/* a locked operation must not straddle two cache lines */
		if (op == ACC_XADD && (reg->off + off) % size) {
			verbose(env, "misaligned atomic access off %d size %d\n",
				reg->off + off, size);
			return -EACCES;
		}
		break;
	case RT_CTX:
		if (op != ACC_READ) {
			verbose(env, "R%u cannot write into ctx\n", regno);
			return -EACCES;
		}
		err = check_ctx_access(env, off, size);
		if (err)
			return err;
		break;
	}
	if (op == ACC_READ)
		mark_unknown(&env->cur.regs[value_regno]);
	return 0;
}

static int check_load_store(struct verifier_env *env,
			    const struct bpf_insn *insn)
{
	int size = insn_bytes(insn->code);
	int err;

	switch (BPF_CLASS(insn->code)) {
	case BPF_LDX:
		err = check_reg_read(env, insn->src_reg);
		if (!err)
			err = check_reg_write(env, insn->dst_reg);
		if (err)
			return err;
		return check_mem_access(env, insn->src_reg, insn->off, size,
					ACC_READ, insn->dst_reg);
	case BPF_STX:
		err = check_reg_read(env, insn->src_reg);
		if (!err)
			err = check_reg_read(env, insn->dst_reg);
		if (err)
			return err;
		return check_mem_access(env, insn->dst_reg, insn->off, size,
					BPF_MODE(insn->code) == BPF_ATOMIC ?
					ACC_XADD : ACC_WRITE, insn->src_reg);
	default: /* BPF_ST */
		err = check_reg_read(env, insn->dst_reg);
		if (err)
			return err;
		return check_mem_access(env, insn->dst_reg, insn->off, size,
					ACC_WRITE, -1);
	}
}

static int check_ld_abs(struct verifier_env *env, const struct bpf_insn *insn)
{
	int i, err;

	if (!env->type->ld_abs) {
		verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
		return -EINVAL;
	}
	if (env->cur.regs[BPF_REG_6].type != RT_CTX) {
		verbose(env, "at the time of BPF_LD_ABS|IND R6 != pointer to skb\n");
		return -EINVAL;
	}
	if (BPF_MODE(insn->code) == BPF_IND) {
		err = check_reg_read(env, insn->src_reg);
		if (err)
			return err;
		if (is_pointer(&env->cur.regs[insn->src_reg])) {
			verbose(env, "R%d type=%s expected=scalar\n",
				insn->src_reg,
				reg_type_str[env->cur.regs[insn->src_reg].type]);
			return -EACCES;
		}
	}
	/* like a helper call: R1-R5 are clobbered, R0 holds the data */
	for (i = BPF_REG_1; i <= BPF_REG_5; i++)
		env->cur.regs[i].type = RT_NOT_INIT;
	mark_unknown(&env->cur.regs[BPF_REG_0]);
	return 0;
}

/*
 * Helper memory arguments: @size bytes at R@regno, which must be stack or
 * a map value, initialised unless @uninit (the helper fills them).
 */
static int check_helper_mem(struct verifier_env *env, u32 regno, s64 size,
			    bool uninit, const char *expected)
{
	struct reg_state *reg = &env->cur.regs[regno];
	int i, b;

	if (reg->type == RT_MAP_VALUE)
		return size ? check_map_value_access(env, reg, 0, size) : 0;
	if (reg->type != RT_STACK) {
		verbose(env, "R%u type=%s expected=%s\n", regno,
			reg_type_str[reg->type], expected);
		return -EACCES;
	}
	if (!size)
		return 0;
	if (check_stack_bounds(env, reg->off, size))
		return -EACCES;
	b = stack_byte(reg->off);
	if (uninit) {
		stack_write(env, reg->off, size, NULL);
		return 0;
	}
	for (i = 0; i < size; i++) {
		if (env->cur.stack[b + i] == STACK_INVALID) {
			verbose(env, "invalid indirect read from stack off %d size %lld\n",
				reg->off + i, size);
			return -EACCES;
		}
	}
	return 0;
}

static int check_call(struct verifier_env *env, const struct bpf_insn *insn)
{
	const struct bpf_func_proto *fn = NULL;
	struct bpf_map *map = NULL;
	struct reg_state *r0;
	int i, err;

	if (env->type->func_proto && insn->imm > 0)
		fn = env->type->func_proto(insn->imm);
	if (!fn || !fn->func) {
		verbose(env, "unknown func %d\n", insn->imm);
		return -EINVAL;
	}
	if (fn->gpl_only && !env->args->gpl_compatible) {
		verbose(env, "cannot call GPL-restricted function from non-GPL compatible program\n");
		return -EINVAL;
	}

	for (i = 0; i < 5; i++) {
		enum bpf_arg_type t = fn->arg_type[i];
		u32 regno = BPF_REG_1 + i;
		struct reg_state *reg = &env->cur.regs[regno];
		struct reg_state *next = &env->cur.regs[regno + 1];
		s64 size;

		if (t == ARG_DONTCARE)
			break;
		err = check_reg_read(env, regno);
		if (err)
			return err;
		switch (t) {
		case ARG_ANYTHING:
			break;
		case ARG_CONST_MAP_PTR:
			if (reg->type != RT_MAP_PTR) {
				verbose(env, "R%u type=%s expected=map_ptr\n",
					regno, reg_type_str[reg->type]);
				return -EACCES;
			}
			map = reg->map;
			break;
		case ARG_PTR_TO_MAP_KEY:
		case ARG_PTR_TO_MAP_VALUE:
			if (!map) {
				verbose(env, "R%u: no map argument before it\n",
					regno);
				return -EFAULT;
			}
			err = check_helper_mem(env, regno,
					       t == ARG_PTR_TO_MAP_KEY ?
					       map->key_size : map->value_size,
					       false, "fp");
			if (err)
				return err;
			break;
		case ARG_PTR_TO_CTX:
			if (reg->type != RT_CTX || reg->off) {
				verbose(env, "R%u type=%s expected=ctx\n",
					regno, reg_type_str[reg->type]);
				return -EACCES;
			}
			break;
		case ARG_PTR_TO_MEM:
		case ARG_PTR_TO_UNINIT_MEM:
			/* the size is the next argument; check it first */
			if (i == 4 || (fn->arg_type[i + 1] != ARG_CONST_SIZE &&
				       fn->arg_type[i + 1] !=
				       ARG_CONST_SIZE_OR_ZERO)) {
				verbose(env, "R%u: helper has no size argument\n",
					regno);
				return -EFAULT;
			}
			err = check_reg_read(env, regno + 1);
			if (err)
				return err;
			if (next->type != RT_SCALAR || !next->known) {
				verbose(env, "R%u size must be a known constant\n",
					regno + 1);
				return -EACCES;
			}
			size = (s64)next->val;
			if (size < 0 || size > MAX_BPF_STACK + 0LL ||
			    (!size && fn->arg_type[i + 1] == ARG_CONST_SIZE)) {
				verbose(env, "R%u invalid size %lld\n",
					regno + 1, size);
				return -EACCES;
			}
			err = check_helper_mem(env, regno, size,
					       t == ARG_PTR_TO_UNINIT_MEM,
					       "fp");
			if (err)
				return err;
			break;
		case ARG_CONST_SIZE:
		case ARG_CONST_SIZE_OR_ZERO:
			/* checked with the memory argument before it */
			break;
		default:
			verbose(env, "R%u: unsupported argument type %d\n",
				regno, t);
			return -EFAULT;
		}
	}

	if (fn->ret_type == RET_PTR_TO_MAP_VALUE_OR_NULL && !map) {
		verbose(env, "helper returns a map value without a map\n");
		return -EFAULT;
	}
	env->aux[env->idx].proto = fn;
	for (i = BPF_REG_0; i <= BPF_REG_5; i++)
		env->cur.regs[i].type = RT_NOT_INIT;
	r0 = &env->cur.regs[BPF_REG_0];
	switch (fn->ret_type) {
	case RET_INTEGER:
		mark_unknown(r0);
		break;
	case RET_VOID:
		break;
	case RET_PTR_TO_MAP_VALUE_OR_NULL:
		memset(r0, 0, sizeof(*r0));
		r0->type = RT_MAP_VALUE_OR_NULL;
		r0->map = map;
		/* one lookup per instruction and path: no loops */
		r0->id = env->idx + 1;
		break;
	default:
		verbose(env, "unsupported return type %d\n", fn->ret_type);
		return -EFAULT;
	}
	return 0;
}

/* Settles every copy of a map value that may be NULL, after a check. */
static void mark_null_checked(struct vstate *st, u32 id, bool is_null)
{
	int i;

	for (i = 0; i < MAX_BPF_REG + STACK_SLOTS; i++) {
		struct reg_state *reg = i < MAX_BPF_REG ? &st->regs[i] :
					&st->spilled[i - MAX_BPF_REG];

		if (reg->type != RT_MAP_VALUE_OR_NULL || reg->id != id)
			continue;
		if (is_null) {
			mark_known(reg, 0);
		} else {
			reg->type = RT_MAP_VALUE;
			reg->id = 0;
			reg->off = 0;
		}
	}
}

/* 1 taken, 0 not taken, -1 unknown. */
static int branch_outcome(u8 op, bool is64, u64 a, u64 b)
{
	if (!is64) {
		a = (u32)a;
		b = (u32)b;
		switch (op) {
		case BPF_JSGT: return (s32)a > (s32)b;
		case BPF_JSGE: return (s32)a >= (s32)b;
		case BPF_JSLT: return (s32)a < (s32)b;
		case BPF_JSLE: return (s32)a <= (s32)b;
		}
	}
	switch (op) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSET: return !!(a & b);
	case BPF_JSGT: return (s64)a > (s64)b;
	case BPF_JSGE: return (s64)a >= (s64)b;
	case BPF_JSLT: return (s64)a < (s64)b;
	case BPF_JSLE: return (s64)a <= (s64)b;
	}
	return -1;
}

static struct reg_state *saved_spilled(const struct vsaved *sv)
{
	/* slot lo / 8 is the first one kept */
	return (struct reg_state *)sv->data - sv->lo / SLOT_SIZE;
}

static u8 *saved_stack(const struct vsaved *sv)
{
	u32 slots = STACK_SLOTS - sv->lo / SLOT_SIZE;

	return (u8 *)(sv->data + slots) - sv->lo;
}

static u32 saved_size(const struct vstate *st)
{
	u32 slots = STACK_SLOTS - st->lo / SLOT_SIZE;

	/* 8-byte multiples, so that states can follow each other */
	return ALIGN(sizeof(struct vsaved) + slots * sizeof(struct reg_state) +
		     (MAX_BPF_STACK - st->lo), 8);
}

struct state_chunk {
	struct state_chunk *next;
	u32 used;
	u32 cap;
	u64 data[];
};

#define STATE_CHUNK_SIZE	(64 << 10)

static void *chunk_alloc(struct verifier_env *env, u32 size)
{
	struct state_chunk *c = env->chunks;
	void *p;

	if (!c || c->cap - c->used < size) {
		u32 cap = max_t(u32, STATE_CHUNK_SIZE - sizeof(*c), size);

		c = kvmalloc(sizeof(*c) + cap, GFP_KERNEL);
		if (!c)
			return NULL;
		c->used = 0;
		c->cap = cap;
		c->next = env->chunks;
		env->chunks = c;
		env->state_bytes += sizeof(*c) + cap;
		if (env->state_bytes > env->peak_state_bytes)
			env->peak_state_bytes = env->state_bytes;
	}
	p = (u8 *)c->data + c->used;
	c->used += size;
	return p;
}

static void save_state(struct vsaved *sv, const struct vstate *st)
{
	u32 slots = STACK_SLOTS - st->lo / SLOT_SIZE;

	sv->lo = st->lo;
	memcpy(sv->regs, st->regs, sizeof(sv->regs));
	memcpy(sv->data, &st->spilled[st->lo / SLOT_SIZE],
	       slots * sizeof(struct reg_state));
	memcpy(saved_stack(sv) + st->lo, &st->stack[st->lo],
	       MAX_BPF_STACK - st->lo);
}

/* Bytes below st->lo stay invalid, slots below it unused. */
static void restore_state(struct vstate *st, const struct vsaved *sv)
{
	u32 i;

	memcpy(st->regs, sv->regs, sizeof(st->regs));
	if (st->lo < sv->lo) {
		memset(&st->stack[st->lo], STACK_INVALID, sv->lo - st->lo);
		for (i = st->lo / SLOT_SIZE; i < sv->lo / SLOT_SIZE; i++)
			memset(&st->spilled[i], 0, sizeof(st->spilled[i]));
	}
	st->lo = sv->lo;
	memcpy(&st->spilled[sv->lo / SLOT_SIZE], sv->data,
	       (STACK_SLOTS - sv->lo / SLOT_SIZE) * sizeof(struct reg_state));
	memcpy(&st->stack[sv->lo], saved_stack(sv) + sv->lo,
	       MAX_BPF_STACK - sv->lo);
}

static int push_branch(struct verifier_env *env, u32 idx, const struct vstate *st)
{
	u32 size = saved_size(st);
	struct vsaved *b;

	if (env->branch_cap - env->branch_used < size) {
		u32 cap = max_t(u32, env->branch_cap * 2, 64 << 10);
		u8 *buf = kvmalloc(cap, GFP_KERNEL);

		if (!buf)
			return -ENOMEM;
		if (env->branches)
			memcpy(buf, env->branches, env->branch_used);
		kvfree(env->branches);
		env->state_bytes += cap - env->branch_cap;
		if (env->state_bytes > env->peak_state_bytes)
			env->peak_state_bytes = env->state_bytes;
		env->branches = buf;
		env->branch_cap = cap;
	}
	b = (struct vsaved *)(env->branches + env->branch_used);
	save_state(b, st);
	b->idx = idx;
	b->from = env->idx;
	b->prev = env->branch_top;
	env->branch_top = env->branch_used;
	env->branch_used += size;
	return 0;
}

/*
 * A conditional jump: continues on one side, pushes the other.  Returns
 * the next instruction to check, or a negative errno.
 */
static int check_cond_jmp(struct verifier_env *env, const struct bpf_insn *insn)
{
	struct reg_state *dst = &env->cur.regs[insn->dst_reg];
	bool is64 = BPF_CLASS(insn->code) == BPF_JMP;
	bool x = BPF_SRC(insn->code) == BPF_X;
	u8 op = BPF_OP(insn->code);
	u32 target = env->idx + insn->off + 1, next = env->idx + 1;
	struct reg_state *src = NULL;
	int err, taken = -1;

	err = check_reg_read(env, insn->dst_reg);
	if (err)
		return err;
	if (x) {
		err = check_reg_read(env, insn->src_reg);
		if (err)
			return err;
		src = &env->cur.regs[insn->src_reg];
	}

	if (dst->type == RT_SCALAR && dst->known) {
		if (!x)
			taken = branch_outcome(op, is64, dst->val,
					       (u64)(s64)insn->imm);
		else if (src->type == RT_SCALAR && src->known)
			taken = branch_outcome(op, is64, dst->val, src->val);
	}
	if (taken == 1)
		return target;
	if (taken == 0)
		return next;

	/* both sides: explore the target later */
	if (is64 && !x && insn->imm == 0 && (op == BPF_JEQ || op == BPF_JNE) &&
	    dst->type == RT_MAP_VALUE_OR_NULL) {
		u32 id = dst->id;

		env->scratch = env->cur;
		mark_null_checked(&env->scratch, id, op == BPF_JEQ);
		mark_null_checked(&env->cur, id, op != BPF_JEQ);
		return push_branch(env, target, &env->scratch) ?: next;
	}
	err = push_branch(env, target, &env->cur);
	if (err)
		return err;
	return next;
}

static bool reg_covers(const struct reg_state *old, const struct reg_state *cur)
{
	if (old->type == RT_NOT_INIT)
		return true;
	if (old->type != cur->type)
		return false;
	switch (old->type) {
	case RT_SCALAR:
		return !old->known || (cur->known && old->val == cur->val);
	case RT_CTX:
		return true;
	case RT_MAP_VALUE_OR_NULL:
		return old->map == cur->map && old->id == cur->id;
	case RT_MAP_PTR:
	case RT_MAP_VALUE:
		return old->map == cur->map && old->off == cur->off;
	default: /* RT_STACK */
		return old->off == cur->off;
	}
}

/* Whether everything proven from @old also holds from @cur. */
static bool state_covers(const struct vsaved *old, const struct vstate *cur,
			 u16 live_regs)
{
	const struct reg_state *spilled = saved_spilled(old);
	const u8 *stack = saved_stack(old);
	u32 i;

	for (i = 0; i < MAX_BPF_REG; i++)
		if ((live_regs & 1 << i) &&
		    !reg_covers(&old->regs[i], &cur->regs[i]))
			return false;
	/* bytes never written in @old are never read from there on */
	if (memcmp(&stack[old->lo], &cur->stack[old->lo],
		   MAX_BPF_STACK - old->lo)) {
		for (i = old->lo; i < MAX_BPF_STACK; i++)
			if (stack[i] != STACK_INVALID && stack[i] != cur->stack[i])
				return false;
	}
	for (i = old->lo / SLOT_SIZE; i < STACK_SLOTS; i++) {
		if (stack[i * SLOT_SIZE] != STACK_SPILL)
			continue;
		if (!reg_covers(&spilled[i], &cur->spilled[i]))
			return false;
	}
	return true;
}

/* True when the walk from @idx in the current state is already proven. */
static int state_visited(struct verifier_env *env, u32 idx)
{
	struct insn_aux *aux = &env->aux[idx];
	struct vsaved *sl;

	for (sl = aux->explored; sl; sl = sl->next)
		if (state_covers(sl, &env->cur, aux->live_regs))
			return 1;

	/*
	 * Keeping a state costs more than walking a few instructions again:
	 * keep one only every few instructions of a path, and past the
	 * memory budget none at all.  Fewer states is slower, never unsound.
	 */
	if (env->processed - env->last_saved < 8 ||
	    aux->explored_cnt >= BPF_VERIFIER_MAX_STATES_PER_INSN ||
	    env->state_bytes > BPF_VERIFIER_MAX_STATE_BYTES)
		return 0;
	env->last_saved = env->processed;
	sl = chunk_alloc(env, saved_size(&env->cur));
	if (!sl)
		return -ENOMEM;
	save_state(sl, &env->cur);
	sl->next = aux->explored;
	aux->explored = sl;
	aux->explored_cnt++;
	env->states_stored++;
	return 0;
}

static void init_state(struct vstate *st)
{
	memset(st, 0, sizeof(*st));
	st->lo = MAX_BPF_STACK;
	st->regs[BPF_REG_1].type = RT_CTX;
	st->regs[BPF_REG_10].type = RT_STACK;
}

/* Checks the instruction at env->idx; returns the next index or -errno. */
static int check_insn(struct verifier_env *env)
{
	struct bpf_insn *insn = &env->insns[env->idx];
	u8 class = BPF_CLASS(insn->code);
	u8 op = BPF_OP(insn->code);
	int err;

	switch (class) {
	case BPF_ALU:
	case BPF_ALU64:
		err = check_alu(env, insn);
		break;
	case BPF_LDX:
	case BPF_STX:
	case BPF_ST:
		err = check_load_store(env, insn);
		break;
	case BPF_LD:
		if (is_ld_imm64(insn)) {
			struct reg_state *dst = &env->cur.regs[insn->dst_reg];

			err = check_reg_write(env, insn->dst_reg);
			if (err)
				return err;
			if (insn->src_reg == BPF_PSEUDO_MAP_FD) {
				memset(dst, 0, sizeof(*dst));
				dst->type = RT_MAP_PTR;
				dst->map = env->aux[env->idx].map;
			} else {
				mark_known(dst, (u64)(u32)insn[1].imm << 32 |
						(u32)insn->imm);
			}
			return env->idx + 2;
		}
		err = check_ld_abs(env, insn);
		break;
	default: /* BPF_JMP, BPF_JMP32 */
		if (op == BPF_JA)
			return env->idx + insn->off + 1;
		if (op == BPF_CALL) {
			err = check_call(env, insn);
			break;
		}
		if (op == BPF_EXIT) {
			err = check_reg_read(env, BPF_REG_0);
			if (err)
				return err;
			if (is_pointer(&env->cur.regs[BPF_REG_0])) {
				verbose(env, "R0 leaks addr as return value\n");
				return -EACCES;
			}
			return env->len;	/* this path is done */
		}
		return check_cond_jmp(env, insn);
	}
	return err ? err : env->idx + 1;
}

static int do_walk(struct verifier_env *env)
{
	u32 prev = 0;
	int next, err;
	bool from_branch = false;

	init_state(&env->cur);
	env->idx = 0;
	for (;;) {
		/* a long walk must not hold the CPU */
		if (!(env->processed % 1024))
			cond_resched();
		if (++env->processed > BPF_VERIFIER_MAX_PROCESSED) {
			verbose(env, "BPF program is too large. Processed %u insn\n",
				env->processed);
			return -E2BIG;
		}
		if (from_branch && log_on(env, 1)) {
			verbose(env, "from %u to %u:", prev, env->idx);
			print_state(env, &env->cur);
		}
		from_branch = false;
		if (env->aux[env->idx].prune_point) {
			err = state_visited(env, env->idx);
			if (err < 0)
				return err;
			if (err) {
				if (log_on(env, 1))
					verbose(env, "%u: safe\n", env->idx);
				goto pop;
			}
		}
		if (log_on(env, 1))
			print_insn(env, env->idx);
		env->aux[env->idx].seen = true;
		next = check_insn(env);
		if (next < 0)
			return next;
		if (log_on(env, 2)) {
			verbose(env, "  ");
			print_state(env, &env->cur);
		}
		if (next < env->len) {
			env->idx = next;
			continue;
		}
pop:
		if (env->branch_top == U32_MAX)
			return 0;
		{
			struct vsaved *b = (struct vsaved *)(env->branches +
							     env->branch_top);

			restore_state(&env->cur, b);
			env->idx = b->idx;
			prev = b->from;
			from_branch = true;
			env->branch_used = env->branch_top;
			env->branch_top = b->prev;
		}
	}
}

/* ---- pass 4: the rewrite -------------------------------------------- */

static u8 size_code(u32 bytes)
{
	switch (bytes) {
	case 1: return BPF_B;
	case 2: return BPF_H;
	case 4: return BPF_W;
	}
	return BPF_DW;
}

static struct bpf_insn make_insn(u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	struct bpf_insn insn = {
		.code = code, .dst_reg = dst, .src_reg = src, .off = off,
		.imm = imm,
	};

	return insn;
}

static u32 rewritten_len(struct verifier_env *env, u32 idx)
{
	const struct bpf_ctx_field *f = env->aux[idx].field;

	if (!f)
		return 1;
	return 1 + !!f->shift + !!f->mask;
}

static int rewrite(struct verifier_env *env)
{
	struct bpf_insn *out;
	u32 *new_idx, i, n = 0;
	int err = 0;

	new_idx = kvcalloc(env->len + 1, sizeof(*new_idx), GFP_KERNEL);
	if (!new_idx)
		return -ENOMEM;
	for (i = 0; i < env->len; i++) {
		new_idx[i] = n;
		n += rewritten_len(env, i);
	}
	new_idx[env->len] = n;
	if (n > S16_MAX) {
		verbose(env, "program too large once context loads are converted\n");
		err = -E2BIG;
		goto out;
	}
	out = kvcalloc(n, sizeof(*out), GFP_KERNEL);
	if (!out) {
		err = -ENOMEM;
		goto out;
	}

	for (i = 0; i < env->len; i++) {
		struct bpf_insn insn = env->insns[i];
		struct insn_aux *aux = &env->aux[i];
		struct bpf_insn *o = &out[new_idx[i]];
		u8 class = BPF_CLASS(insn.code), op = BPF_OP(insn.code);

		if (aux->field) {
			const struct bpf_ctx_field *f = aux->field;

			*o = insn;
			o->code = BPF_LDX | BPF_MEM | size_code(f->target_size);
			o->off = f->target_off;
			if (f->shift)
				*++o = make_insn(BPF_ALU | BPF_RSH | BPF_K,
						 insn.dst_reg, 0, 0, f->shift);
			if (f->mask)
				*++o = make_insn(BPF_ALU | BPF_AND | BPF_K,
						 insn.dst_reg, 0, 0, (s32)f->mask);
			continue;
		}
		if (!aux->seen) {
			/*
			 * Never reached under the values the walk knew: a
			 * trap like Linux's, in case that knowledge is wrong.
			 */
			*o = make_insn(BPF_JMP | BPF_JA, 0, 0, -1, 0);
			continue;
		}
		if (is_ld_imm64(&insn) && aux->seen) {
			if (aux->map) {
				u64 addr = (unsigned long)aux->map;

				insn.src_reg = 0;
				insn.imm = (u32)addr;
				*o++ = insn;
				*o = env->insns[++i];
				o->imm = addr >> 32;
			} else {
				*o++ = insn;
				*o = env->insns[++i];
			}
			continue;
		}
		if ((class == BPF_JMP || class == BPF_JMP32) &&
		    op != BPF_CALL && op != BPF_EXIT) {
			u32 t = i + insn.off + 1;

			insn.off = new_idx[t] - (new_idx[i] + 1);
		} else if (class == BPF_JMP && op == BPF_CALL) {
			s64 delta = (long)aux->proto->func -
				    (long)__bpf_call_base;

			if (delta != (s32)delta) {
				verbose(env, "helper %d out of call range\n",
					insn.imm);
				kvfree(out);
				err = -EFAULT;
				goto out;
			}
			insn.imm = delta;
		}
		*o = insn;
	}
	env->args->out = out;
	env->args->out_len = n;
out:
	kvfree(new_idx);
	return err;
}

static void free_states(struct verifier_env *env)
{
	u32 i;

	kvfree(env->branches);
	env->branches = NULL;
	while (env->chunks) {
		struct state_chunk *c = env->chunks;

		env->chunks = c->next;
		kvfree(c);
	}
	for (i = 0; i < env->len; i++)
		env->aux[i].explored = NULL;
}

int bpf_verify(struct bpf_verify_args *args)
{
	struct verifier_env *env;
	int err;

	args->out = NULL;
	args->out_len = 0;
	if (!args->len || !args->type)
		return -EINVAL;

	env = kzalloc(sizeof(*env), GFP_KERNEL);
	if (!env)
		return -ENOMEM;
	env->args = args;
	env->branch_top = U32_MAX;
	env->stack_lo = MAX_BPF_STACK;
	env->type = args->type;
	env->insns = args->insns;
	env->len = args->len;
	env->aux = kvcalloc(env->len, sizeof(*env->aux), GFP_KERNEL);
	if (!env->aux) {
		kfree(env);
		return -ENOMEM;
	}

	err = check_encodings(env);
	if (!err)
		err = check_cfg(env);
	if (!err)
		err = do_walk(env);
	free_states(env);
	if (!err)
		err = rewrite(env);

	verbose(env, "processed %u insns, stored %u states\n", env->processed,
		env->states_stored);
	args->insn_processed = env->processed;
	args->states_stored = env->states_stored;
	args->stack_depth = MAX_BPF_STACK - env->stack_lo;
	args->peak_state_bytes = env->peak_state_bytes > U32_MAX ? U32_MAX :
				 env->peak_state_bytes;
	if (!err && args->log && args->log->truncated) {
		err = -ENOSPC;
		kvfree(args->out);
		args->out = NULL;
		args->out_len = 0;
	}
	kvfree(env->aux);
	kfree(env);
	return err;
}
