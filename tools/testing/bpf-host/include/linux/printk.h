/* SPDX-License-Identifier: GPL-2.0-only */
/* Host shim: printk to stderr, and print_hex_dump(). */
#ifndef _HOST_LINUX_PRINTK_H
#define _HOST_LINUX_PRINTK_H

#include <stdio.h>
#include <linux/types.h>

#define KERN_ERR	""
#define KERN_INFO	""
#define pr_err(fmt, ...)	fprintf(stderr, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	fprintf(stderr, fmt, ##__VA_ARGS__)

enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };

void print_hex_dump(const char *level, const char *prefix_str,
		    int prefix_type, int rowsize, int groupsize,
		    const void *buf, size_t len, bool ascii);

#endif
