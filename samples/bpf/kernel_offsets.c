// SPDX-License-Identifier: GPL-2.0-only
/*
 * Offsets of the kernel structures the tracing samples read with
 * probe_read, compiled against the configured kernel tree and turned into
 * kernel_offsets.h by the Makefile (the way kbuild makes asm-offsets.h).
 */
#include <linux/kbuild.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

void kernel_offsets(void);

void kernel_offsets(void)
{
	OFFSET(SKB_LEN, sk_buff, len);
	OFFSET(SKB_DEV, sk_buff, dev);
	OFFSET(SKB_PROTOCOL, sk_buff, protocol);
	OFFSET(NETDEV_NAME, net_device, name);
	OFFSET(NETDEV_IFINDEX, net_device, ifindex);
}
