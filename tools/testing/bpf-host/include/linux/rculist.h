/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: RCU-safe hlist operations.  Writers serialise among themselves;
 * publication is liburcu's rcu_assign_pointer() (release), traversal its
 * rcu_dereference().
 */
#ifndef _HOST_LINUX_RCULIST_H
#define _HOST_LINUX_RCULIST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#define hlist_first_rcu(head)	(*((struct hlist_node __rcu **)(&(head)->first)))
#define hlist_next_rcu(node)	(*((struct hlist_node __rcu **)(&(node)->next)))

static inline void hlist_add_head_rcu(struct hlist_node *n,
				      struct hlist_head *h)
{
	struct hlist_node *first = h->first;

	n->next = first;
	WRITE_ONCE(n->pprev, &h->first);
	rcu_assign_pointer(hlist_first_rcu(h), n);
	if (first)
		WRITE_ONCE(first->pprev, &n->next);
}

/* Leaves n->next intact so that readers standing on n can move on. */
static inline void hlist_del_rcu(struct hlist_node *n)
{
	__hlist_del(n);
	WRITE_ONCE(n->pprev, LIST_POISON2);
}

#define hlist_for_each_entry_rcu(pos, head, member)			\
	for (pos = hlist_entry_safe(rcu_dereference(hlist_first_rcu(head)), \
				    __typeof__(*(pos)), member);	\
	     pos;							\
	     pos = hlist_entry_safe(rcu_dereference(hlist_next_rcu(	\
				    &(pos)->member)),			\
				    __typeof__(*(pos)), member))

#endif
