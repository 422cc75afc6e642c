/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: raw spinlocks as a test-and-test-and-set byte.  There are no
 * interrupts on the host, so the irqsave variants only take the lock.  A
 * test makes raw_spin_trylock() fail with host_trylock_fails (bpf_host.h).
 */
#ifndef _HOST_LINUX_SPINLOCK_H
#define _HOST_LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/compiler.h>

typedef struct {
	unsigned char locked;
} raw_spinlock_t;

static inline void raw_spin_lock_init(raw_spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELAXED);
}

static inline void raw_spin_lock(raw_spinlock_t *lock)
{
	for (;;) {
		if (!__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
			return;
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
	}
}

extern __thread bool host_trylock_fails;

static inline bool raw_spin_trylock(raw_spinlock_t *lock)
{
	if (host_trylock_fails)
		return false;
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void raw_spin_unlock(raw_spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#define local_irq_save(flags)		do { (flags) = 0; } while (0)
#define local_irq_restore(flags)	do { (void)(flags); } while (0)

#define raw_spin_lock_irqsave(lock, flags) \
	do { (flags) = 0; raw_spin_lock(lock); } while (0)
#define raw_spin_unlock_irqrestore(lock, flags) \
	do { (void)(flags); raw_spin_unlock(lock); } while (0)

#endif
