// SPDX-License-Identifier: GPL-2.0-only
/*
 * tracex1: attaches tracex1_kern.o's kprobe on __netif_receive_skb, sends
 * ten UDP datagrams of 100 bytes over lo and reads trace_pipe: at least
 * ten lines must show packets of the IPv4 + UDP + payload length, 128
 * bytes (the Ethernet header is already pulled on receive), protocol
 * 0x800.
 */
#include "sample_user.h"

#define PAYLOAD		100
#define RX_LEN		(20 + 8 + PAYLOAD)

struct seen {
	int lines;
	int udp;
	int shown;
};

/* A trace_pipe line without its padding and the helper's name. */
static void print_squeezed(const char *line)
{
	const char *tag = "bpf_trace_printk: ";
	char out[256];
	size_t n = 0;

	for (; *line && n < sizeof(out) - 1; line++) {
		if (!strncmp(line, tag, strlen(tag))) {
			line += strlen(tag) - 1;
			continue;
		}
		if (*line == ' ' && (!n || out[n - 1] == ' '))
			continue;
		out[n++] = *line;
	}
	out[n] = '\0';
	printf("  %s\n", out);
}

static void on_line(const char *line, void *arg)
{
	struct seen *s = arg;
	char want[64];

	if (!strstr(line, "rx lo skb"))
		return;
	s->lines++;
	snprintf(want, sizeof(want), "len %d proto 0x800", RX_LEN);
	if (strstr(line, want))
		s->udp++;
	if (s->shown++ < 4)
		print_squeezed(line);
}

int main(void)
{
	struct bpf_link *links[1] = {};
	struct seen s = {};
	struct bpf_object *obj;
	int pipe_fd, got;

	require_kprobes("__netif_receive_skb");
	obj = sample_load("tracex1_kern.o");
	if (!obj)
		return 1;
	pipe_fd = open_trace_pipe();
	if (pipe_fd < 0 || attach_all(obj, links, ARRAY_SIZE(links)))
		return 1;

	got = udp_traffic(INADDR_LOOPBACK, 10, PAYLOAD);
	CHECK(got == 10, "%d of 10 UDP datagrams arrived", got);
	printf("trace_pipe after 10 UDP datagrams of %d bytes on lo (first lines):\n",
	       PAYLOAD);
	read_trace_lines(pipe_fd, 1500, 1000, on_line, &s);
	printf("  ... %d lines from the kprobe, %d of them len %d proto 0x800\n",
	       s.lines, s.udp, RX_LEN);
	CHECK(s.udp >= 10, "%d trace lines of the UDP datagrams, want 10",
	      s.udp);

	detach_all(links, ARRAY_SIZE(links));
	/* leave nothing of ours to whoever reads trace_pipe next */
	drain_trace_pipe(pipe_fd);
	close(pipe_fd);
	bpf_object__close(obj);
	return sample_exit();
}
