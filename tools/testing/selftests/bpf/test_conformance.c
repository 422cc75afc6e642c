// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interpreter's conformance cases (tools/testing/bpf-host/conformance,
 * run on the host through bpf-run) in the kernel: each program is loaded
 * as a socket filter with BPF_PROG_LOAD and run with BPF_PROG_TEST_RUN.
 *
 * A case with "-- result" must load and return the low 32 bits of that
 * value; its "-- mem", if any, is the packet (after a 14-byte Ethernet
 * header, so that LD_ABS offsets count from it).  A case with "-- error"
 * must be rejected.  A case the kernel cannot express is skipped, with the
 * reason: raw memory in R1 (a socket filter's R1 is its sk_buff), or a
 * program the verifier refuses for a reason the bare interpreter does not
 * have (host-only helpers, reading R2).
 *
 * Usage: test_conformance DIR.  KTAP output.
 */
#include <dirent.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_INSNS	4096
#define MAX_MEM		1024
#define ETH_HLEN	14

struct conf_case {
	struct bpf_insn insns[MAX_INSNS];
	unsigned int insn_cnt;
	unsigned char mem[MAX_MEM];
	unsigned int mem_len;
	bool has_mem;
	bool has_result;
	unsigned long long result;
	bool expect_error;
};

static char log_buf[65536];

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* Reads a .data file: sections start with "-- NAME". */
static int parse_case(const char *path, struct conf_case *c)
{
	char line[512], section[32] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	memset(c, 0, sizeof(*c));
	while (fgets(line, sizeof(line), f)) {
		char *p = line;

		if (!strncmp(line, "-- ", 3)) {
			if (sscanf(line + 3, "%31s", section) != 1)
				section[0] = '\0';
			if (!strcmp(section, "mem"))
				c->has_mem = true;
			if (!strcmp(section, "error"))
				c->expect_error = true;
			continue;
		}
		if (line[0] == '#')
			continue;
		if (!strcmp(section, "raw") && !strncmp(line, "0x", 2)) {
			unsigned long long w = strtoull(line, NULL, 16);

			if (c->insn_cnt == MAX_INSNS)
				break;
			memcpy(&c->insns[c->insn_cnt++], &w, sizeof(w));
		} else if (!strcmp(section, "mem")) {
			while (c->mem_len < MAX_MEM) {
				char *end;
				unsigned long b = strtoul(p, &end, 16);

				if (end == p)
					break;
				c->mem[c->mem_len++] = b;
				p = end;
			}
		} else if (!strcmp(section, "result") &&
			   !strncmp(line, "0x", 2)) {
			c->result = strtoull(line, NULL, 16);
			c->has_result = true;
		}
	}
	fclose(f);
	return 0;
}

static bool uses_packet_loads(const struct conf_case *c)
{
	unsigned int i;

	for (i = 0; i < c->insn_cnt; i++) {
		__u8 code = c->insns[i].code;

		if (BPF_CLASS(code) == BPF_LD &&
		    (BPF_MODE(code) == BPF_ABS || BPF_MODE(code) == BPF_IND))
			return true;
	}
	return false;
}

static int prog_load(const struct conf_case *c)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (unsigned long)c->insns;
	attr.insn_cnt = c->insn_cnt;
	attr.license = (unsigned long)"GPL";
	attr.log_buf = (unsigned long)log_buf;
	attr.log_size = sizeof(log_buf);
	attr.log_level = 1;
	log_buf[0] = '\0';
	return sys_bpf(BPF_PROG_LOAD, &attr);
}

/* The last non-empty line of the verifier's log, the reason it gave. */
static const char *log_reason(void)
{
	char *end = log_buf + strlen(log_buf), *p;

	/* drop the statistics line and trailing newlines */
	while (end > log_buf && end[-1] == '\n')
		*--end = '\0';
	p = strrchr(log_buf, '\n');
	if (p && !strncmp(p + 1, "processed ", 10)) {
		*p = '\0';
		p = strrchr(log_buf, '\n');
	}
	return p ? p + 1 : log_buf;
}

static int run_case(const char *name, const struct conf_case *c, int n)
{
	unsigned char packet[ETH_HLEN + MAX_MEM] = { 0 };
	union bpf_attr attr;
	int fd, err;

	if (c->has_mem && !uses_packet_loads(c)) {
		printf("ok %d %s # SKIP raw memory in R1\n", n, name);
		return 0;
	}
	fd = prog_load(c);
	if (c->expect_error) {
		if (fd >= 0) {
			close(fd);
			printf("not ok %d %s\n# loaded, expected a rejection\n",
			       n, name);
			return 1;
		}
		printf("ok %d %s\n# rejected: %s\n", n, name, log_reason());
		return 0;
	}
	if (fd < 0) {
		printf("ok %d %s # SKIP the verifier refuses it: %s\n", n, name,
		       log_reason());
		return 0;
	}

	memcpy(packet + ETH_HLEN, c->mem, c->mem_len);
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (unsigned long)packet;
	/* Linux wants something past the Ethernet header */
	attr.test.data_size_in = ETH_HLEN + (c->has_mem ? c->mem_len : 64);
	err = sys_bpf(BPF_PROG_TEST_RUN, &attr);
	close(fd);
	if (err) {
		printf("not ok %d %s\n# BPF_PROG_TEST_RUN: %s\n", n, name,
		       strerror(errno));
		return 1;
	}
	if (attr.test.retval != (__u32)c->result) {
		printf("not ok %d %s\n# returned 0x%x, expected 0x%x\n", n, name,
		       attr.test.retval, (__u32)c->result);
		return 1;
	}
	printf("ok %d %s\n", n, name);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

int main(int argc, char **argv)
{
	static struct conf_case c;
	const char *dir = argc > 1 ? argv[1] : "conformance";
	char *names[512], path[1024];
	int cnt = 0, i, failed = 0;
	struct dirent *de;
	DIR *d;

	setvbuf(stdout, NULL, _IOLBF, 0);
	d = opendir(dir);
	if (!d) {
		printf("Bail out! %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) && cnt < 512) {
		size_t len = strlen(de->d_name);

		if (len > 5 && !strcmp(de->d_name + len - 5, ".data"))
			names[cnt++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, cnt, sizeof(names[0]), cmp_names);

	printf("KTAP version 1\n1..%d\n", cnt);
	for (i = 0; i < cnt; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		names[i][strlen(names[i]) - 5] = '\0';
		if (parse_case(path, &c)) {
			printf("not ok %d %s\n# cannot read %s\n", i + 1,
			       names[i], path);
			failed++;
		} else {
			failed += run_case(names[i], &c, i + 1);
		}
		free(names[i]);
	}
	printf("# %d cases, %d failed\n", cnt, failed);
	return failed ? 1 : 0;
}
