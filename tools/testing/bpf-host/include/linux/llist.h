/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: lock-less lists (the kernel's llist) on GCC atomics. */
#ifndef _HOST_LINUX_LLIST_H
#define _HOST_LINUX_LLIST_H

#include <linux/types.h>
#include <linux/container_of.h>

struct llist_node {
	struct llist_node *next;
};

struct llist_head {
	struct llist_node *first;
};

static inline void init_llist_head(struct llist_head *list)
{
	__atomic_store_n(&list->first, NULL, __ATOMIC_RELAXED);
}

static inline bool llist_add(struct llist_node *new, struct llist_head *head)
{
	struct llist_node *first = __atomic_load_n(&head->first,
						   __ATOMIC_RELAXED);

	do {
		new->next = first;
	} while (!__atomic_compare_exchange_n(&head->first, &first, new, false,
					      __ATOMIC_RELEASE,
					      __ATOMIC_RELAXED));
	return !first;
}

/* one taker at a time, as in the kernel */
static inline struct llist_node *llist_del_first(struct llist_head *head)
{
	struct llist_node *entry = __atomic_load_n(&head->first,
						   __ATOMIC_ACQUIRE);

	while (entry &&
	       !__atomic_compare_exchange_n(&head->first, &entry, entry->next,
					    false, __ATOMIC_ACQUIRE,
					    __ATOMIC_ACQUIRE))
		;
	return entry;
}

static inline struct llist_node *llist_del_all(struct llist_head *head)
{
	return __atomic_exchange_n(&head->first, NULL, __ATOMIC_ACQUIRE);
}

#define llist_entry(ptr, type, member)	container_of(ptr, type, member)

#define llist_for_each_entry_safe(pos, n, node, member)			\
	for (pos = (node) ? llist_entry((node), __typeof__(*pos), member) : NULL; \
	     pos && (n = pos->member.next ?				\
		     llist_entry(pos->member.next, __typeof__(*pos), member) : \
		     NULL, true);					\
	     pos = n)

#endif
