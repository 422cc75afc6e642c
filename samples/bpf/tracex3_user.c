// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracex3: attaches tracex3_kern.o's kprobes on loopback_xmit and ip_rcv
 * and draws a heat map of the loopback latency (transmit to IPv4
 * receive): one row per round of traffic, one column per log2 bucket of
 * microseconds, the shade the share of that round's packets.  Rounds
 * alternate small UDP datagrams with pings.  Checks that every round
 * measured at least ten packets.
 */
#include "sample_user.h"

#define LAT_SLOTS	32
#define ROUNDS		4
#define COLS		14	/* 1us .. 8ms */

/*
 * The clock ktime_get_ns reads: under emulation a guest that failed to
 * calibrate its TSC falls back to jiffies, and then the latencies show
 * in 4 ms steps (mostly 0).
 */
static const char *clock_name(void)
{
	static char name[32] = "unknown";
	FILE *f;

	f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  "r");
	if (f) {
		if (fscanf(f, "%31s", name) != 1)
			strcpy(name, "unknown");
		fclose(f);
	}
	return name;
}

static int read_hist(int fd, unsigned long long *h)
{
	__u32 slot;

	for (slot = 0; slot < LAT_SLOTS; slot++)
		if (bpf_map_lookup_elem(fd, &slot, &h[slot]))
			return -1;
	return 0;
}

static void heat_row(const char *what, const unsigned long long *now,
		     const unsigned long long *before, unsigned long long *total)
{
	static const char shades[] = " .:-=+*#%@";
	unsigned long long d[LAT_SLOTS], sum = 0;
	int i, s;

	for (i = 0; i < LAT_SLOTS; i++) {
		d[i] = now[i] - before[i];
		sum += d[i];
	}
	/* slot 0 is under 1us, the last column takes everything above */
	for (i = COLS + 1; i < LAT_SLOTS; i++)
		d[COLS] += d[i];
	printf("  %-14s |", what);
	for (i = 0; i <= COLS; i++) {
		s = sum ? (int)((d[i] * 9 + sum - 1) / sum) : 0;
		putchar(shades[s]);
	}
	printf("| %llu packets\n", sum);
	*total = sum;
}

int main(void)
{
	unsigned long long h[2][LAT_SLOTS] = {}, n;
	struct bpf_link *links[2] = {};
	struct bpf_object *obj;
	int fd, r, got;

	require_kprobes("loopback_xmit");
	obj = sample_load("tracex3_kern.o");
	if (!obj)
		return 1;
	fd = sample_map_fd(obj, "lat_us");
	if (fd < 0 || attach_all(obj, links, ARRAY_SIZE(links)))
		return 1;

	printf("loopback latency, loopback_xmit to ip_rcv, per round (clock: %s):\n",
	       clock_name());
	printf("  %-14s |<1us       8ms+| shade: share of the round's packets\n",
	       "round");
	for (r = 0; r < ROUNDS; r++) {
		char what[32];

		if (r % 2 == 0) {
			got = udp_traffic(INADDR_LOOPBACK, 20, 16);
			CHECK(got == 20, "%d of 20 UDP datagrams arrived", got);
			snprintf(what, sizeof(what), "20 x UDP");
		} else {
			CHECK(ping_lo(10) == 0, "ping -c 10 failed");
			snprintf(what, sizeof(what), "ping -c 10");
		}
		CHECK(!read_hist(fd, h[(r + 1) % 2]), "lookup: %s",
		      strerror(errno));
		heat_row(what, h[(r + 1) % 2], h[r % 2], &n);
		CHECK(n >= 10, "round %d measured %llu packets, want 10", r, n);
	}
	printf("  (columns: under 1us, then 1, 2, 4, ... 4096us, 8ms and more)\n");
	printf("all rounds:\n");
	print_log2_hist("usecs", h[ROUNDS % 2], LAT_SLOTS);

	detach_all(links, ARRAY_SIZE(links));
	bpf_object__close(obj);
	return sample_exit();
}
