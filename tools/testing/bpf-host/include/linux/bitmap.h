/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: the few bitmap operations the JIT's packs use, bit by bit. */
#ifndef _HOST_LINUX_BITMAP_H
#define _HOST_LINUX_BITMAP_H

#include <stdlib.h>

#include <linux/math.h>
#include <linux/types.h>

#define BITS_PER_LONG		64
#define BITS_TO_LONGS(nr)	DIV_ROUND_UP(nr, BITS_PER_LONG)

static inline bool host_bit_is_set(const unsigned long *map,
				   unsigned long bit)
{
	return map[bit / BITS_PER_LONG] >> (bit % BITS_PER_LONG) & 1;
}

static inline void bitmap_set(unsigned long *map, unsigned int start,
			      unsigned int nbits)
{
	for (; nbits; nbits--, start++)
		map[start / BITS_PER_LONG] |= 1UL << (start % BITS_PER_LONG);
}

static inline void bitmap_clear(unsigned long *map, unsigned int start,
				unsigned int nbits)
{
	for (; nbits; nbits--, start++)
		map[start / BITS_PER_LONG] &= ~(1UL << (start % BITS_PER_LONG));
}

/*
 * The first run of @nr clear bits at or after @start within @size bits
 * (@align_mask must be 0 here); a value past @size - @nr when none.
 */
static inline unsigned long
bitmap_find_next_zero_area(unsigned long *map, unsigned long size,
			   unsigned long start, unsigned int nr,
			   unsigned long align_mask)
{
	unsigned long run = 0, i;

	if (align_mask)
		abort();
	for (i = start; i < size; i++) {
		run = host_bit_is_set(map, i) ? 0 : run + 1;
		if (run == nr)
			return i + 1 - nr;
	}
	return size;
}

#endif
