// SPDX-License-Identifier: GPL-2.0-only
/*
 * BPF_MAP_TYPE_HASH: a chained hash table with one lock per bucket.
 *
 * Readers walk the chains under RCU without locks.  Writers take the bucket
 * lock with interrupts off, since updates will also come from programs
 * running in any context; for the same reason elements are allocated with
 * GFP_ATOMIC, before the lock is taken.  An update never rewrites a value in
 * place: it links a new element and unlinks the old one, so a concurrent
 * lookup copies either the old or the new value, never a mix.
 *
 * Interrupts being off, a write can only be entered again on its CPU by a
 * kprobe inside the locked section whose program writes a hash map; that
 * write fails with EBUSY instead of spinning on a lock its CPU holds.
 *
 * A kprobe's program runs in NMI context (the int3 handler), where
 * kmalloc() and call_rcu() are not safe.  A map that such a program uses is
 * prepared when the program loads (htab_map_prepare_nmi()): each CPU gets
 * a reserve of elements for inserts in NMI context and a list of elements
 * unlinked there, which an irq_work hands to call_rcu() once the NMI is
 * over, refilling the reserve on the way.
 */
#include <linux/atomic.h>
#include <linux/container_of.h>
#include <linux/err.h>
#include <linux/irq_work.h>
#include <linux/jhash.h>
#include <linux/llist.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/numa.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/processor.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "map.h"

/* A hash map write in progress on this CPU, inside its bucket lock. */
static DEFINE_PER_CPU(int, htab_write_busy);

/* attempts at a bucket lock from NMI context, each some nanoseconds */
#define HTAB_NMI_LOCK_TRIES	(1U << 20)

/* elements each CPU keeps for inserts in NMI context */
#define HTAB_NMI_RESERVE	8

/* roundup_pow_of_two() must stay within 32 bits. */
#define HTAB_MAX_ENTRIES	(1U << 31)

struct htab_bucket {
	struct hlist_head head;
	raw_spinlock_t lock;
};

struct htab;

/* What writes in NMI context use on one CPU instead of kmalloc()/call_rcu() */
struct htab_nmi_cpu {
	struct llist_head reserve;
	atomic_t reserved;
	struct llist_head unlinked;	/* for call_rcu() after the NMI */
	struct irq_work work;
	struct htab *htab;
};

struct htab {
	struct bpf_map map;
	struct htab_bucket *buckets;
	u32 n_buckets;		/* power of two */
	u32 elem_size;
	u32 hashrnd;
	atomic_t count;		/* elements linked in the table */
	/* set once a kprobe program uses the map, then kept */
	struct htab_nmi_cpu __percpu *nmi;
};

struct htab_elem {
	struct hlist_node node;
	union {
		struct rcu_head rcu;
		struct llist_node llnode;	/* in a reserve or unlinked */
	};
	u32 hash;
	/* key, padded to 8 bytes, then the value */
	char key[] __aligned(8);
};

static inline struct htab *to_htab(struct bpf_map *map)
{
	return container_of(map, struct htab, map);
}

static inline void *htab_elem_value(struct htab_elem *l, u32 key_size)
{
	return l->key + round_up(key_size, 8);
}

static inline struct htab_bucket *htab_bucket(struct htab *htab, u32 hash)
{
	return &htab->buckets[hash & (htab->n_buckets - 1)];
}

static int htab_map_alloc_check(union bpf_attr *attr)
{
	if (attr->key_size > BPF_MAP_MAX_KEY_SIZE)
		return -E2BIG;
	if (attr->value_size > BPF_MAP_MAX_VALUE_SIZE)
		return -E2BIG;
	if (attr->max_entries > HTAB_MAX_ENTRIES)
		return -E2BIG;
	return 0;
}

static struct bpf_map *htab_map_alloc(union bpf_attr *attr)
{
	struct htab *htab;
	u64 size;
	u32 i;

	htab = bpf_map_area_alloc(sizeof(*htab), NUMA_NO_NODE);
	if (!htab)
		return ERR_PTR(-ENOMEM);
	bpf_map_init_from_attr(&htab->map, attr);

	htab->n_buckets = roundup_pow_of_two(htab->map.max_entries);
	htab->elem_size = sizeof(struct htab_elem) +
			  round_up(htab->map.key_size, 8) +
			  round_up(htab->map.value_size, 8);
	htab->hashrnd = get_random_u32();
	atomic_set(&htab->count, 0);

	size = (u64)htab->n_buckets * sizeof(struct htab_bucket);
	htab->buckets = bpf_map_area_alloc(size, htab->map.numa_node);
	if (!htab->buckets) {
		bpf_map_area_free(htab);
		return ERR_PTR(-ENOMEM);
	}
	for (i = 0; i < htab->n_buckets; i++) {
		INIT_HLIST_HEAD(&htab->buckets[i].head);
		raw_spin_lock_init(&htab->buckets[i].lock);
	}
	return &htab->map;
}

static void htab_elem_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct htab_elem, rcu));
}

/* Tops up @c's reserve; false when an allocation failed. */
static bool htab_nmi_refill(struct htab_nmi_cpu *c, gfp_t gfp)
{
	struct htab *htab = c->htab;
	struct htab_elem *l;

	while (atomic_read(&c->reserved) < HTAB_NMI_RESERVE) {
		l = kmalloc_node(htab->elem_size, gfp | __GFP_NOWARN,
				 htab->map.numa_node);
		if (!l)
			return false;
		llist_add(&l->llnode, &c->reserve);
		atomic_inc(&c->reserved);
	}
	return true;
}

/* After an NMI that used the map on this CPU, in hard interrupt context. */
static void htab_nmi_work(struct irq_work *work)
{
	struct htab_nmi_cpu *c = container_of(work, struct htab_nmi_cpu, work);
	struct llist_node *unlinked = llist_del_all(&c->unlinked);
	struct htab_elem *l, *tmp;

	llist_for_each_entry_safe(l, tmp, unlinked, llnode)
		call_rcu(&l->rcu, htab_elem_free_rcu);
	htab_nmi_refill(c, GFP_ATOMIC);
}

/* Frees what the CPUs keep, once no program can use the map. */
static void htab_nmi_free(struct htab_nmi_cpu __percpu *nmi)
{
	struct htab_elem *l, *tmp;
	struct htab_nmi_cpu *c;
	struct llist_node *list;
	int cpu;

	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(nmi, cpu);
		irq_work_sync(&c->work);
		/* unlinked before the grace period the map's free waited for */
		list = llist_del_all(&c->unlinked);
		llist_for_each_entry_safe(l, tmp, list, llnode)
			kfree(l);
		list = llist_del_all(&c->reserve);
		llist_for_each_entry_safe(l, tmp, list, llnode)
			kfree(l);
	}
	free_percpu(nmi);
}

/*
 * Makes the map ready for writes in NMI context, from a kprobe program
 * about to be loaded: once per map, in process context.
 */
int htab_map_prepare_nmi(struct bpf_map *map)
{
	struct htab *htab = to_htab(map);
	struct htab_nmi_cpu __percpu *nmi;
	struct htab_nmi_cpu *c;
	bool ok = true;
	int cpu;

	if (READ_ONCE(htab->nmi))
		return 0;
	nmi = alloc_percpu(struct htab_nmi_cpu);
	if (!nmi)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(nmi, cpu);
		init_llist_head(&c->reserve);
		atomic_set(&c->reserved, 0);
		init_llist_head(&c->unlinked);
		init_irq_work(&c->work, htab_nmi_work);
		c->htab = htab;
		ok = ok && htab_nmi_refill(c, GFP_KERNEL);
	}
	/* another program's load may have got there first */
	if (!ok || cmpxchg(&htab->nmi, NULL, nmi)) {
		htab_nmi_free(nmi);
		return ok ? 0 : -ENOMEM;
	}
	return 0;
}

/* An element for an insert; in NMI context from this CPU's reserve. */
static struct htab_elem *htab_elem_alloc(struct htab *htab)
{
	struct htab_nmi_cpu *c;
	struct llist_node *n;

	if (!in_nmi())
		return kmalloc_node(htab->elem_size, GFP_ATOMIC | __GFP_NOWARN,
				    htab->map.numa_node);
	if (unlikely(!htab->nmi))
		return NULL;
	/* one program at a time on a CPU: the only taker of its reserve */
	c = this_cpu_ptr(htab->nmi);
	n = llist_del_first(&c->reserve);
	if (n)
		atomic_dec(&c->reserved);
	/* top the reserve up after the NMI, also when a refill failed */
	irq_work_queue(&c->work);
	return n ? llist_entry(n, struct htab_elem, llnode) : NULL;
}

/* An element that was never linked goes back where it came from. */
static void htab_elem_unused(struct htab *htab, struct htab_elem *l)
{
	struct htab_nmi_cpu *c;

	if (!in_nmi()) {
		kfree(l);
		return;
	}
	c = this_cpu_ptr(htab->nmi);
	llist_add(&l->llnode, &c->reserve);
	atomic_inc(&c->reserved);
}

/* An unlinked element, freed once readers are done with it. */
static void htab_elem_free(struct htab *htab, struct htab_elem *l)
{
	struct htab_nmi_cpu *c;

	if (!in_nmi()) {
		call_rcu(&l->rcu, htab_elem_free_rcu);
		return;
	}
	/* every hash map a kprobe program uses was prepared at its load */
	c = this_cpu_ptr(htab->nmi);
	llist_add(&l->llnode, &c->unlinked);
	irq_work_queue(&c->work);
}

static void htab_map_free(struct bpf_map *map)
{
	struct htab *htab = to_htab(map);
	struct hlist_node *n;
	struct htab_elem *l;
	u32 i;

	/*
	 * No new users can appear; wait out readers still walking a chain.
	 * Elements already handed to call_rcu() no longer refer to the table.
	 */
	synchronize_rcu();

	for (i = 0; i < htab->n_buckets; i++) {
		hlist_for_each_entry_safe(l, n, &htab->buckets[i].head, node) {
			kfree(l);
		}
	}
	if (htab->nmi)
		htab_nmi_free(htab->nmi);
	bpf_map_area_free(htab->buckets);
	bpf_map_area_free(htab);
}

static struct htab_elem *htab_find(struct htab_bucket *b, u32 hash,
				   const void *key, u32 key_size)
{
	struct htab_elem *l;

	hlist_for_each_entry_rcu(l, &b->head, node)
		if (l->hash == hash && !memcmp(l->key, key, key_size))
			return l;
	return NULL;
}

/* Called under rcu_read_lock(); the result is valid until it is dropped. */
static void *htab_map_lookup_elem(struct bpf_map *map, void *key)
{
	struct htab *htab = to_htab(map);
	u32 key_size = map->key_size;
	struct htab_elem *l;
	u32 hash;

	hash = jhash(key, key_size, htab->hashrnd);
	l = htab_find(htab_bucket(htab, hash), hash, key, key_size);
	return l ? htab_elem_value(l, key_size) : NULL;
}

static int htab_lock_bucket(struct htab_bucket *b, unsigned long *irq_flags)
{
	u32 tries;

	local_irq_save(*irq_flags);
	if (unlikely(__this_cpu_inc_return(htab_write_busy) != 1))
		goto busy;
	if (!in_nmi()) {
		raw_spin_lock(&b->lock);
		return 0;
	}
	/*
	 * A kprobe's int3 handler runs as an NMI, where lockdep takes only
	 * trylocks.  The count above rules out a holder on this CPU, so the
	 * holder is another CPU in a short section with interrupts off: try
	 * until it is done, but give up with EBUSY rather than hang an NMI.
	 */
	for (tries = 0; tries < HTAB_NMI_LOCK_TRIES; tries++) {
		if (raw_spin_trylock(&b->lock))
			return 0;
		cpu_relax();
	}
busy:
	__this_cpu_dec(htab_write_busy);
	local_irq_restore(*irq_flags);
	return -EBUSY;
}

static void htab_unlock_bucket(struct htab_bucket *b, unsigned long irq_flags)
{
	raw_spin_unlock(&b->lock);
	__this_cpu_dec(htab_write_busy);
	local_irq_restore(irq_flags);
}

static int htab_map_update_elem(struct bpf_map *map, void *key, void *value,
				u64 flags)
{
	struct htab *htab = to_htab(map);
	u32 key_size = map->key_size;
	struct htab_elem *new, *old;
	struct htab_bucket *b;
	unsigned long irq_flags;
	u32 hash;
	int err;

	if (unlikely(flags > BPF_EXIST))
		return -EINVAL;

	hash = jhash(key, key_size, htab->hashrnd);
	b = htab_bucket(htab, hash);

	new = htab_elem_alloc(htab);
	if (!new)
		return -ENOMEM;
	new->hash = hash;
	memcpy(new->key, key, key_size);
	memcpy(htab_elem_value(new, key_size), value, map->value_size);

	err = htab_lock_bucket(b, &irq_flags);
	if (err) {
		htab_elem_unused(htab, new);
		return err;
	}
	old = htab_find(b, hash, key, key_size);
	if (old && flags == BPF_NOEXIST) {
		err = -EEXIST;
		goto err_unlock;
	}
	if (!old && flags == BPF_EXIST) {
		err = -ENOENT;
		goto err_unlock;
	}
	/* Only a new key takes a slot; replacing works in a full map. */
	if (!old &&
	    (u32)atomic_inc_return(&htab->count) > map->max_entries) {
		atomic_dec(&htab->count);
		err = -E2BIG;
		goto err_unlock;
	}
	hlist_add_head_rcu(&new->node, &b->head);
	if (old)
		hlist_del_rcu(&old->node);
	htab_unlock_bucket(b, irq_flags);

	if (old)
		htab_elem_free(htab, old);
	return 0;

err_unlock:
	htab_unlock_bucket(b, irq_flags);
	htab_elem_unused(htab, new);
	return err;
}

static int htab_map_delete_elem(struct bpf_map *map, void *key)
{
	struct htab *htab = to_htab(map);
	u32 key_size = map->key_size;
	struct htab_bucket *b;
	unsigned long irq_flags;
	struct htab_elem *l;
	u32 hash;

	hash = jhash(key, key_size, htab->hashrnd);
	b = htab_bucket(htab, hash);

	if (htab_lock_bucket(b, &irq_flags))
		return -EBUSY;
	l = htab_find(b, hash, key, key_size);
	if (l) {
		hlist_del_rcu(&l->node);
		atomic_dec(&htab->count);
	}
	htab_unlock_bucket(b, irq_flags);

	if (!l)
		return -ENOENT;
	htab_elem_free(htab, l);
	return 0;
}

/*
 * Iterates in bucket order, then chain order.  A key that is gone (or NULL)
 * restarts from the first key, so a walk racing with deletes still ends.
 */
static int htab_map_get_next_key(struct bpf_map *map, void *key,
				  void *next_key)
{
	struct htab *htab = to_htab(map);
	u32 key_size = map->key_size;
	struct htab_elem *l = NULL;
	struct hlist_node *n;
	u32 hash = 0, i = 0;

	if (key) {
		hash = jhash(key, key_size, htab->hashrnd);
		l = htab_find(htab_bucket(htab, hash), hash, key, key_size);
	}
	if (l) {
		n = rcu_dereference(hlist_next_rcu(&l->node));
		l = hlist_entry_safe(n, struct htab_elem, node);
		if (l)
			goto found;
		i = (hash & (htab->n_buckets - 1)) + 1;
	}

	for (; i < htab->n_buckets; i++) {
		n = rcu_dereference(hlist_first_rcu(&htab->buckets[i].head));
		l = hlist_entry_safe(n, struct htab_elem, node);
		if (l)
			goto found;
	}
	return -ENOENT;

found:
	memcpy(next_key, l->key, key_size);
	return 0;
}

const struct bpf_map_ops htab_map_ops = {
	.map_alloc_check	= htab_map_alloc_check,
	.map_alloc		= htab_map_alloc,
	.map_free		= htab_map_free,
	.map_get_next_key	= htab_map_get_next_key,
	.map_lookup_elem	= htab_map_lookup_elem,
	.map_update_elem	= htab_map_update_elem,
	.map_delete_elem	= htab_map_delete_elem,
};
