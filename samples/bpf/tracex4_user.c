// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracex4: attaches tracex4_kern.o's kprobe and kretprobe on __alloc_skb
 * and its kprobe on kfree_skbmem, pings 127.0.0.1 ten times and sends ten
 * UDP datagrams, then shows how long the sk_buffs lived (a log2 histogram)
 * and the ones still alive, with who allocated them.  Checks that at least
 * twenty sk_buffs were born and freed while it watched.
 */
#include "sample_user.h"

#define LIFE_SLOTS	32

struct birth {
	__u64 ts;
	__u64 caller;
	__u64 size;
};

static void show_alive(int fd)
{
	unsigned long long now = now_ns();
	__u64 key, next, *prev = NULL;
	int cnt = 0, shown = 0;
	char sym[128];
	struct birth b;

	printf("sk_buffs still alive:\n");
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &b))
			continue;
		cnt++;
		CHECK(b.ts <= now, "born in the future: %llu > %llu",
		      (unsigned long long)b.ts, now);
		if (shown++ < 3)
			printf("  skb 0x%llx, %llu ms old, %llu bytes from %s\n",
			       (unsigned long long)key, (now - b.ts) / 1000000,
			       (unsigned long long)b.size,
			       ksym_str(b.caller, sym, sizeof(sym)));
	}
	if (cnt > shown)
		printf("  ... %d in all\n", cnt);
	else if (!cnt)
		printf("  none\n");
}

int main(void)
{
	unsigned long long hist[LIFE_SLOTS] = {}, freed = 0;
	struct bpf_link *links[3] = {};
	struct bpf_object *obj;
	int life_fd, alive_fd, got;
	__u32 slot;

	require_kprobes("__alloc_skb");
	obj = sample_load("tracex4_kern.o");
	if (!obj)
		return 1;
	life_fd = sample_map_fd(obj, "life_us");
	alive_fd = sample_map_fd(obj, "alive");
	if (life_fd < 0 || alive_fd < 0 ||
	    attach_all(obj, links, ARRAY_SIZE(links)))
		return 1;
	load_kallsyms();

	CHECK(ping_lo(10) == 0, "ping -c 10 127.0.0.1 failed");
	got = udp_traffic(INADDR_LOOPBACK, 10, 100);
	CHECK(got == 10, "%d of 10 UDP datagrams arrived", got);
	detach_all(links, ARRAY_SIZE(links));

	for (slot = 0; slot < LIFE_SLOTS; slot++) {
		CHECK(!bpf_map_lookup_elem(life_fd, &slot, &hist[slot]),
		      "lookup slot %u", slot);
		freed += hist[slot];
	}
	printf("lifetimes of %llu sk_buffs born and freed during ping -c 10 and 10 UDP datagrams:\n",
	       freed);
	print_log2_hist("usecs", hist, LIFE_SLOTS);
	show_alive(alive_fd);
	CHECK(freed >= 20, "%llu sk_buffs born and freed, want at least 20",
	      freed);

	bpf_object__close(obj);
	return sample_exit();
}
