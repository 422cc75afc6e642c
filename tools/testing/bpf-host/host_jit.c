// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the JIT needs from the kernel, on the host: module_alloc() from a
 * region reserved within 2 GiB of this binary's text (rel32 calls reach
 * the helpers), set_memory_*() as mprotect(), text_poke_copy() and
 * text_poke_set() through a second, writable mapping of that region,
 * print_hex_dump(); and runners for the tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleloader.h>
#include <linux/printk.h>
#include <linux/set_memory.h>
#include <asm/text-patching.h>

#include "host_jit.h"

#define REGION_PAGES	(1U << 16)	/* 256 MiB */
#define REGION_BYTES	((size_t)REGION_PAGES * PAGE_SIZE)

static int region_fd = -1;	/* a memfd, mapped twice: */
static u8 *region;		/* where the code runs, */
static u8 *region_rw;		/* and where text_poke_*() write it */
static u32 *alloc_pages;	/* at an allocation's first page: its size */
static u8 *page_used;
static u32 next_hint;
static long live_pages;

static bool region_map(void)
{
	unsigned long text = (unsigned long)region_map & ~(PAGE_SIZE - 1);
	long step;
	void *p;

	/* try 1 GiB above the text, then further off, up to 1.75 GiB */
	for (step = 4; step < 28; step++) {
		unsigned long hint = text + (step & 1 ? -1L : 1L) *
				     (long)(step / 2) * (1UL << 28);

		p = mmap((void *)hint, REGION_BYTES, PROT_NONE,
			 MAP_SHARED | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
			 region_fd, 0);
		if (p == MAP_FAILED)
			continue;
		if (p != (void *)hint) {
			munmap(p, REGION_BYTES);
			continue;
		}
		region = p;
		return true;
	}
	return false;
}

static bool region_init(void)
{
	void *p;

	if (region)
		return true;
	region_fd = memfd_create("bpf-jit", MFD_CLOEXEC);
	if (region_fd < 0 || ftruncate(region_fd, REGION_BYTES))
		return false;
	p = mmap(NULL, REGION_BYTES, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_NORESERVE, region_fd, 0);
	if (p == MAP_FAILED)
		return false;
	region_rw = p;
	if (!region_map())
		return false;
	alloc_pages = calloc(REGION_PAGES, sizeof(*alloc_pages));
	page_used = calloc(REGION_PAGES, 1);
	return alloc_pages && page_used;
}

void *module_alloc(unsigned long size)
{
	u32 n = PAGE_ALIGN(size) / PAGE_SIZE, i, run = 0, tries;
	u8 *p;

	if (!n || n > REGION_PAGES || !region_init())
		return NULL;
	/* first fit from a moving hint, so freed pages are not reused at once */
	for (tries = 0, i = next_hint; tries < 2 * REGION_PAGES; tries++, i++) {
		if (i >= REGION_PAGES) {
			i = 0;
			run = 0;
		}
		run = page_used[i] ? 0 : run + 1;
		if (run == n)
			break;
	}
	if (run != n)
		return NULL;
	i -= n - 1;
	p = region + (size_t)i * PAGE_SIZE;
	if (mprotect(p, (size_t)n * PAGE_SIZE, PROT_READ | PROT_WRITE))
		return NULL;
	memset(&page_used[i], 1, n);
	alloc_pages[i] = n;
	next_hint = i + n;
	live_pages += n;
	return p;
}

void module_memfree(void *module_region)
{
	u32 i, n;

	if (!module_region)
		return;
	i = ((unsigned long)module_region - (unsigned long)region) / PAGE_SIZE;
	n = i < REGION_PAGES ? alloc_pages[i] : 0;
	if ((u8 *)module_region < region || !n ||
	    (u8 *)module_region != region + (size_t)i * PAGE_SIZE) {
		fprintf(stderr, "%s: %p was not allocated\n", __func__,
			module_region);
		abort();
	}
	/* what the kernel's vfree() of a VM_FLUSH_RESET_PERMS area does */
	mprotect(module_region, (size_t)n * PAGE_SIZE, PROT_NONE);
	/* and the pages go back: the next allocation starts from zeroes */
	fallocate(region_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		  (off_t)i * PAGE_SIZE, (off_t)n * PAGE_SIZE);
	memset(&page_used[i], 0, n);
	alloc_pages[i] = 0;
	live_pages -= n;
}

long host_module_pages(void)
{
	return live_pages;
}

/*
 * The writable alias of [@addr, @addr + @len), which must lie within one
 * live allocation (the kernel's text_poke_*() refuse core kernel text; a
 * JIT writing elsewhere is a bug the host makes loud).
 */
static u8 *text_poke_alias(void *addr, size_t len)
{
	size_t off = (u8 *)addr - region;
	u32 first;

	if (!region || (u8 *)addr < region || off >= REGION_BYTES ||
	    len > REGION_BYTES - off)
		goto bad;
	/* walk back to the allocation's first page */
	for (first = off / PAGE_SIZE; !alloc_pages[first]; first--)
		if (!first || !page_used[first])
			goto bad;
	if (off + len > ((size_t)first + alloc_pages[first]) * PAGE_SIZE)
		goto bad;
	return region_rw + off;
bad:
	fprintf(stderr, "text_poke: %p+%zu is not module memory\n", addr, len);
	abort();
}

void *text_poke_copy(void *addr, const void *opcode, size_t len)
{
	memcpy(text_poke_alias(addr, len), opcode, len);
	return addr;
}

void *text_poke_set(void *addr, int c, size_t len)
{
	memset(text_poke_alias(addr, len), c, len);
	return addr;
}

/* Whether every byte of every live allocation is int3 (for tests). */
bool host_module_all_int3(void)
{
	size_t pg, i;

	for (pg = 0; region && pg < REGION_PAGES; pg++) {
		for (i = 0; page_used[pg] && i < PAGE_SIZE; i++)
			if (region_rw[pg * PAGE_SIZE + i] != 0xcc)
				return false;
	}
	return true;
}

static int host_mprotect(unsigned long addr, int numpages, int prot)
{
	return mprotect((void *)addr, (size_t)numpages * PAGE_SIZE, prot) ?
	       -errno : 0;
}

int set_memory_ro(unsigned long addr, int numpages)
{
	return host_mprotect(addr, numpages, PROT_READ);
}

int set_memory_rw(unsigned long addr, int numpages)
{
	return host_mprotect(addr, numpages, PROT_READ | PROT_WRITE);
}

/* As the JIT uses them: ro, then x; x keeps the pages read-only. */
int set_memory_x(unsigned long addr, int numpages)
{
	return host_mprotect(addr, numpages, PROT_READ | PROT_EXEC);
}

int set_memory_nx(unsigned long addr, int numpages)
{
	return host_mprotect(addr, numpages, PROT_READ);
}

void print_hex_dump(const char *level, const char *prefix_str,
		    int prefix_type, int rowsize, int groupsize,
		    const void *buf, size_t len, bool ascii)
{
	const u8 *b = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		if (i % rowsize == 0)
			fprintf(stderr, "%s%s%08zx:", level, prefix_str, i);
		fprintf(stderr, " %02x", b[i]);
		if (i % rowsize == rowsize - 1 || i + 1 == len)
			fputc('\n', stderr);
	}
}

static u32 last_len;

struct bpf_prog *host_jit_prog_depth(const struct bpf_insn *insns, u32 n,
				     u32 stack_depth)
{
	struct bpf_prog *prog;
	struct bpf_prog_aux *aux;

	/* the aux after the instructions, in the same allocation */
	prog = malloc(sizeof(*prog) + n * sizeof(*insns) + sizeof(*aux));
	if (!prog)
		return NULL;
	/* the instructions are copied over: only the header needs zeroes */
	memset(prog, 0, sizeof(*prog));
	prog->len = n;
	memcpy(prog->insnsi, insns, n * sizeof(*insns));
	aux = (struct bpf_prog_aux *)&prog->insnsi[n];
	aux->stack_depth = stack_depth;
	prog->aux = aux;
	prog = bpf_int_jit_compile(prog);
	last_len = prog->jited ? prog->jited_len : 0;
	return prog;
}

struct bpf_prog *host_jit_prog(const struct bpf_insn *insns, u32 n)
{
	return host_jit_prog_depth(insns, n, 0);
}

/* declared in host_jit.h */
asm(".text\n"
	".globl host_jit_call_saved\n"
	"host_jit_call_saved:\n"
	"	push %rbp\n"
	"	push %rbx\n"
	"	push %r12\n"
	"	push %r13\n"
	"	push %r14\n"
	"	push %r15\n"
	"	push %rdx\n"		/* seven pushes: rsp 16-byte aligned */
	"	mov %rdi, %rax\n"
	"	mov %rsi, %rdi\n"
	"	movabs $0x5a5a5a5a5a5a5a03, %rbx\n"
	"	movabs $0x5a5a5a5a5a5a5a05, %rbp\n"
	"	movabs $0x5a5a5a5a5a5a5a0c, %r12\n"
	"	movabs $0x5a5a5a5a5a5a5a0d, %r13\n"
	"	movabs $0x5a5a5a5a5a5a5a0e, %r14\n"
	"	movabs $0x5a5a5a5a5a5a5a0f, %r15\n"
	"	call *%rax\n"
	"	xor %ecx, %ecx\n"
	"	movabs $0x5a5a5a5a5a5a5a03, %rdx\n"
	"	cmp %rdx, %rbx\n"
	"	jz 1f\n"
	"	or $0x8, %ecx\n"
	"1:	movabs $0x5a5a5a5a5a5a5a05, %rdx\n"
	"	cmp %rdx, %rbp\n"
	"	jz 1f\n"
	"	or $0x20, %ecx\n"
	"1:	movabs $0x5a5a5a5a5a5a5a0c, %rdx\n"
	"	cmp %rdx, %r12\n"
	"	jz 1f\n"
	"	or $0x1000, %ecx\n"
	"1:	movabs $0x5a5a5a5a5a5a5a0d, %rdx\n"
	"	cmp %rdx, %r13\n"
	"	jz 1f\n"
	"	or $0x2000, %ecx\n"
	"1:	movabs $0x5a5a5a5a5a5a5a0e, %rdx\n"
	"	cmp %rdx, %r14\n"
	"	jz 1f\n"
	"	or $0x4000, %ecx\n"
	"1:	movabs $0x5a5a5a5a5a5a5a0f, %rdx\n"
	"	cmp %rdx, %r15\n"
	"	jz 1f\n"
	"	or $0x8000, %ecx\n"
	"1:	pop %rdx\n"
	"	mov %ecx, (%rdx)\n"
	"	pop %r15\n"
	"	pop %r14\n"
	"	pop %r13\n"
	"	pop %r12\n"
	"	pop %rbx\n"
	"	pop %rbp\n"
	"	ret\n");

void host_jit_prog_free(struct bpf_prog *prog)
{
	if (!prog)
		return;
	bpf_jit_free(prog);
	free(prog);
}

u32 host_jit_last_len(void)
{
	return last_len;
}

int host_jit_run64(const struct bpf_insn *prog, u32 n, const void *ctx,
		   s32 r2, u64 *r0)
{
	struct bpf_insn *p = calloc(n + 1, sizeof(*p));
	struct bpf_prog *fp;
	u32 clobbered;

	if (!p)
		return -1;
	/* R2 first; jumps are relative, so the rest is unchanged */
	p[0].code = BPF_ALU64 | BPF_MOV | BPF_K;
	p[0].dst_reg = BPF_REG_2;
	p[0].imm = r2;
	memcpy(p + 1, prog, n * sizeof(*p));
	fp = host_jit_prog(p, n + 1);
	free(p);
	if (!fp || !fp->jited) {
		host_jit_prog_free(fp);
		return -1;
	}
	*r0 = host_jit_call_saved(fp->bpf_func, ctx, &clobbered);
	host_jit_prog_free(fp);
	if (clobbered) {
		fprintf(stderr, "# the JIT's image clobbered x86 registers %#x\n",
			clobbered);
		return -1;
	}
	return 0;
}
