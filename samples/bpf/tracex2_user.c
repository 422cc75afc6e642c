// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracex2: attaches tracex2_kern.o's kprobes on kfree_skb_reason and
 * vfs_write, sends ten UDP datagrams to a loopback port nobody listens on
 * (each one dropped by the kernel) and writes 1, 100, 1000 and 10000 bytes
 * ten times each to /dev/null.  Prints the drop counts per call site and
 * the histogram of write sizes, and checks that one call site dropped at
 * least ten packets and each size's slot counted at least ten writes.
 */
#include "sample_user.h"

#define HIST_SLOTS	64

/* Ten datagrams to a loopback UDP port that was free a moment ago. */
static void udp_to_closed_port(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int fd, i;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, len) ||
	    getsockname(fd, (struct sockaddr *)&addr, &len)) {
		CHECK(0, "udp socket: %s", strerror(errno));
		return;
	}
	close(fd);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	for (i = 0; i < 10; i++)
		CHECK(sendto(fd, "drop me", 7, 0, (struct sockaddr *)&addr,
			     sizeof(addr)) == 7, "sendto: %s", strerror(errno));
	close(fd);
}

static void writes_to_dev_null(void)
{
	static char buf[10000];
	static const int sizes[] = { 1, 100, 1000, 10000 };
	unsigned int i, j;
	int fd = open("/dev/null", O_WRONLY);

	CHECK(fd >= 0, "/dev/null: %s", strerror(errno));
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < 10; j++)
			CHECK(write(fd, buf, sizes[i]) == sizes[i], "write");
	close(fd);
}

static void show_drops(int map_fd, unsigned long long *max)
{
	__u64 key, next, *prev = NULL, n;
	char sym[128];

	printf("kfree_skb_reason calls per call site:\n");
	*max = 0;
	while (!bpf_map_get_next_key(map_fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(map_fd, &key, &n))
			continue;
		printf("  %-40s %llu\n", ksym_str(key, sym, sizeof(sym)),
		       (unsigned long long)n);
		if (n > *max)
			*max = n;
	}
}

int main(void)
{
	static const int sizes[] = { 1, 100, 1000, 10000 };
	unsigned long long hist[HIST_SLOTS] = {}, max_drops;
	struct bpf_link *links[2] = {};
	struct bpf_object *obj;
	int drops_fd, hist_fd;
	unsigned int i;
	__u32 slot;

	require_kprobes("kfree_skb_reason");
	obj = sample_load("tracex2_kern.o");
	if (!obj)
		return 1;
	drops_fd = sample_map_fd(obj, "drop_sites");
	hist_fd = sample_map_fd(obj, "write_sizes");
	if (drops_fd < 0 || hist_fd < 0 ||
	    attach_all(obj, links, ARRAY_SIZE(links)))
		return 1;
	load_kallsyms();

	udp_to_closed_port();
	writes_to_dev_null();
	detach_all(links, ARRAY_SIZE(links));

	printf("after 10 UDP datagrams to a closed port and 4 x 10 writes to /dev/null:\n");
	show_drops(drops_fd, &max_drops);
	CHECK(max_drops >= 10, "at most %llu drops from one call site, want 10",
	      max_drops);
	for (slot = 0; slot < HIST_SLOTS; slot++)
		CHECK(!bpf_map_lookup_elem(hist_fd, &slot, &hist[slot]),
		      "lookup slot %u", slot);
	printf("vfs_write sizes:\n");
	print_log2_hist("bytes", hist, HIST_SLOTS);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		slot = log2_slot(sizes[i]);
		CHECK(hist[slot] >= 10, "slot of %d bytes counted %llu, want 10",
		      sizes[i], hist[slot]);
	}

	bpf_object__close(obj);
	return sample_exit();
}
