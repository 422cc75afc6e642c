// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host benchmark of the BPF map core through the syscall-side entry points
 * (bpf_map_copy_value() etc., so RCU read-side cost is included).
 *
 * Prints "bench: NAME VALUE ns/op".  With more than one thread, VALUE is the
 * cost of one operation as seen by each thread (elapsed * threads / ops), so
 * perfect scaling keeps it flat.  Hash maps have BENCH_MAX entries at most;
 * "fillN" is the share of them present.  Lookups and updates hit present
 * keys; updates replace (BPF_ANY); deletes empty the map, which is refilled
 * untimed between rounds.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/rcupdate.h>

#include "map.h"

#define BENCH_MAX	(1U << 16)
#define BENCH_NS	200000000ULL	/* per figure */
#define MAX_THREADS	2
#define VALUE_SIZE	8

enum bench_op { OP_LOOKUP, OP_UPDATE, OP_DELETE };
static const char * const op_names[] = { "lookup", "update", "delete" };

struct bench {
	struct bpf_map *map;
	enum bench_op op;
	u32 ks;
	u32 nkeys;		/* keys present at start */
	u8 *keys;		/* nkeys keys of ks bytes */
	unsigned int threads;
	int stop;
	pthread_barrier_t start;
};

struct worker {
	struct bench *b;
	unsigned int id;
	u32 *order;		/* indexes of this thread's keys */
	u32 norder;
	unsigned long long ops, ns;
	int err;
	pthread_t th;
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void *key_at(struct bench *b, u32 i)
{
	return b->keys + (size_t)i * b->ks;
}

/*
 * Lookup and update: loop over the keys until told to stop.  The key array
 * is walked in order, so its cache misses stay out of the figure; the hash
 * spreads the map accesses anyway.
 */
static void run_steady(struct worker *w)
{
	struct bench *b = w->b;
	u64 val[VALUE_SIZE / 8] = { 0 };
	unsigned long long t0;
	u32 i = 0, j;
	int err = 0;

	t0 = now_ns();
	while (!READ_ONCE(b->stop)) {
		for (j = 0; j < 1024; j++) {
			void *key = key_at(b, w->order[i]);

			if (++i == w->norder)
				i = 0;
			if (b->op == OP_LOOKUP) {
				err |= bpf_map_copy_value(b->map, key, val);
			} else {
				val[0]++;
				err |= bpf_map_update_value(b->map, key, val,
							    BPF_ANY);
			}
		}
		w->ops += 1024;
	}
	w->ns = now_ns() - t0;
	w->err = err;
}

/* Delete: time emptying this thread's share, refill it, repeat. */
static void run_delete(struct worker *w)
{
	struct bench *b = w->b;
	u64 val[VALUE_SIZE / 8] = { 0 };
	unsigned long long t0;
	int err = 0;
	u32 i;

	while (w->ns < BENCH_NS) {
		t0 = now_ns();
		for (i = 0; i < w->norder; i++)
			err |= bpf_map_delete_key(b->map,
						  key_at(b, w->order[i]));
		w->ns += now_ns() - t0;
		w->ops += w->norder;
		for (i = 0; i < w->norder; i++)
			err |= bpf_map_update_value(b->map,
						    key_at(b, w->order[i]),
						    val, BPF_NOEXIST);
	}
	w->err = err;
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;

	rcu_register_thread();
	pthread_barrier_wait(&w->b->start);
	if (w->b->op == OP_DELETE)
		run_delete(w);
	else
		run_steady(w);
	rcu_unregister_thread();
	return NULL;
}

static int run(const char *name, struct bench *b)
{
	struct worker w[MAX_THREADS];
	struct timespec ts = { .tv_sec = 0, .tv_nsec = BENCH_NS };
	unsigned long long ops = 0, ns = 0;
	unsigned int t;
	u32 i, k;

	memset(w, 0, sizeof(w));
	WRITE_ONCE(b->stop, 0);
	pthread_barrier_init(&b->start, NULL, b->threads + 1);
	for (t = 0; t < b->threads; t++) {
		w[t].b = b;
		w[t].id = t;
		/* Deletes partition the keys; other ops share all of them. */
		w[t].order = malloc(sizeof(u32) * b->nkeys);
		if (!w[t].order)
			return -1;
		for (i = t, k = 0; i < b->nkeys;
		     i += (b->op == OP_DELETE ? b->threads : 1))
			w[t].order[k++] = i;
		w[t].norder = k;
		pthread_create(&w[t].th, NULL, worker_fn, &w[t]);
	}
	pthread_barrier_wait(&b->start);
	if (b->op != OP_DELETE) {
		nanosleep(&ts, NULL);
		WRITE_ONCE(b->stop, 1);
	}
	for (t = 0; t < b->threads; t++) {
		pthread_join(w[t].th, NULL);
		if (w[t].err) {
			fprintf(stderr, "%s: operation failed\n", name);
			return -1;
		}
		ops += w[t].ops;
		ns += w[t].ns;
		free(w[t].order);
	}
	pthread_barrier_destroy(&b->start);
	/* Sum of per-thread busy time over all operations. */
	printf("bench: %s %.1f ns/op\n", name, (double)ns / ops);
	fflush(stdout);
	return 0;
}

static struct bpf_map *make_map(u32 type, u32 ks, u32 max)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = type;
	attr.key_size = ks;
	attr.value_size = VALUE_SIZE;
	attr.max_entries = max;
	return bpf_map_new(&attr);
}

static int bench_hash(enum bench_op op, u32 ks, u32 fill_pct,
		      unsigned int threads)
{
	u64 val[VALUE_SIZE / 8] = { 0 };
	struct bench b;
	char name[96];
	u32 i;
	int err;

	memset(&b, 0, sizeof(b));
	b.op = op;
	b.ks = ks;
	b.threads = threads;
	b.nkeys = (u64)BENCH_MAX * fill_pct / 100;
	b.map = make_map(BPF_MAP_TYPE_HASH, ks, BENCH_MAX);
	b.keys = calloc(b.nkeys, ks);
	if (IS_ERR(b.map) || !b.keys)
		return -1;
	/* Distinct, scattered keys that differ only in their first 4 bytes. */
	memset(b.keys, 0x5a, (size_t)b.nkeys * ks);
	for (i = 0; i < b.nkeys; i++) {
		u32 id = i * 2654435761U;

		memcpy(key_at(&b, i), &id, sizeof(id));
		if (bpf_map_update_value(b.map, key_at(&b, i), val,
					 BPF_NOEXIST))
			return -1;
	}
	snprintf(name, sizeof(name), "host_hash_%s_k%u_fill%u_t%u",
		 op_names[op], ks, fill_pct, threads);
	err = run(name, &b);
	bpf_map_free(b.map);
	free(b.keys);
	return err;
}

static int bench_array(enum bench_op op, unsigned int threads)
{
	struct bench b;
	char name[96];
	u32 i;
	int err;

	memset(&b, 0, sizeof(b));
	b.op = op;
	b.ks = sizeof(u32);
	b.threads = threads;
	b.nkeys = BENCH_MAX;
	b.map = make_map(BPF_MAP_TYPE_ARRAY, sizeof(u32), BENCH_MAX);
	b.keys = calloc(b.nkeys, sizeof(u32));
	if (IS_ERR(b.map) || !b.keys)
		return -1;
	for (i = 0; i < b.nkeys; i++)
		memcpy(key_at(&b, i), &i, sizeof(i));
	snprintf(name, sizeof(name), "host_array_%s_t%u", op_names[op],
		 threads);
	err = run(name, &b);
	bpf_map_free(b.map);
	free(b.keys);
	return err;
}

int main(void)
{
	static const u32 ksizes[] = { 4, 16, 64 };
	static const u32 fills[] = { 10, 100 };
	unsigned int op, k, f, t;
	int err = 0;

	rcu_register_thread();
	for (op = OP_LOOKUP; op <= OP_DELETE; op++)
		for (k = 0; k < 3; k++)
			for (f = 0; f < 2; f++)
				for (t = 1; t <= MAX_THREADS; t++)
					err |= bench_hash(op, ksizes[k],
							  fills[f], t);
	for (op = OP_LOOKUP; op <= OP_UPDATE; op++)
		for (t = 1; t <= MAX_THREADS; t++)
			err |= bench_array(op, t);
	rcu_barrier();
	rcu_unregister_thread();
	return err ? 1 : 0;
}
