/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host shim: jhash(), Bob Jenkins' lookup3 hash over a byte string, with the
 * kernel's seeding (JHASH_INITVAL + length + initval) so the host and kernel
 * spread keys the same way.
 */
#ifndef _HOST_LINUX_JHASH_H
#define _HOST_LINUX_JHASH_H

#include <linux/types.h>
#include <string.h>

#define JHASH_INITVAL	0xdeadbeefU

static inline u32 jhash_rol32(u32 w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

#define __jhash_mix(a, b, c)						\
	do {								\
		a -= c; a ^= jhash_rol32(c, 4);  c += b;		\
		b -= a; b ^= jhash_rol32(a, 6);  a += c;		\
		c -= b; c ^= jhash_rol32(b, 8);  b += a;		\
		a -= c; a ^= jhash_rol32(c, 16); c += b;		\
		b -= a; b ^= jhash_rol32(a, 19); a += c;		\
		c -= b; c ^= jhash_rol32(b, 4);  b += a;		\
	} while (0)

#define __jhash_final(a, b, c)						\
	do {								\
		c ^= b; c -= jhash_rol32(b, 14);			\
		a ^= c; a -= jhash_rol32(c, 11);			\
		b ^= a; b -= jhash_rol32(a, 25);			\
		c ^= b; c -= jhash_rol32(b, 16);			\
		a ^= c; a -= jhash_rol32(c, 4);				\
		b ^= a; b -= jhash_rol32(a, 14);			\
		c ^= b; c -= jhash_rol32(b, 24);			\
	} while (0)

static inline u32 jhash_get_le32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));	/* unaligned-safe; host is LE */
	return v;
}

static inline u32 jhash(const void *key, u32 length, u32 initval)
{
	const u8 *k = key;
	u32 a, b, c;
	u8 tail[12];

	a = b = c = JHASH_INITVAL + length + initval;

	while (length > 12) {
		a += jhash_get_le32(k);
		b += jhash_get_le32(k + 4);
		c += jhash_get_le32(k + 8);
		__jhash_mix(a, b, c);
		length -= 12;
		k += 12;
	}

	if (!length)
		return c;

	/* The last 1..12 bytes, zero-padded, as little-endian words. */
	memset(tail, 0, sizeof(tail));
	memcpy(tail, k, length);
	a += jhash_get_le32(tail);
	b += jhash_get_le32(tail + 4);
	c += jhash_get_le32(tail + 8);
	__jhash_final(a, b, c);
	return c;
}

#endif
