# SPDX-License-Identifier: GPL-2.0-only
#
# The verifier's fuzzer and benchmark; the Makefile includes this after
# defining O, KDIR, CPPFLAGS, BASE_CFLAGS, SAN and LDLIBS.
#
#   make fuzz [FUZZ_N=10000000] [FUZZ_SEED=1]   a campaign of FUZZ_N programs
#   make fuzz-short      200000 programs under the sanitizers (in make test)
#   make bench-verifier  "bench:" lines of the verifier (in make bench)
#   make fuzz-jit [FUZZ_N=10000000] [FUZZ_SEED=1]   the JIT's differential
#                        fuzzer (fuzz_verifier.c built with -DFUZZ_JIT)
#   make fuzz-jit-short  FUZZ_JIT_SHORT_N programs of it (in make test)
#   make fuzz-jit-fast [FUZZ_N=...] [FUZZ_SEED=...]   the same without
#                        ASan, for long campaigns
#
# Documentation/bpf/verifier-fuzzing.rst says what the fuzzer checks.

FUZZ_N ?= 1000000
FUZZ_SEED ?= 1
FUZZ_SHORT_N ?= 200000
FUZZ_JIT_SHORT_N ?= 100000
# e.g. -k misaligned-atomic to count a known verifier bug, not stop at it
FUZZ_FLAGS ?=

VERIFIER_HOST_SRCS := $(KDIR)/verifier.c $(KDIR)/disasm.c $(KDIR)/map.c \
	$(KDIR)/hashtab.c $(KDIR)/arraymap.c $(KDIR)/interp.c host.c \
	host_interp.c
VERIFIER_HOST_HDRS := $(wildcard include/linux/*.h include/asm/*.h) \
	$(KDIR)/verifier.h $(KDIR)/map.h $(KDIR)/interp.h $(INTERP_PAIRS) \
	host_interp.h \
	bpf_host.h insn.h

FUZZ_VERIFIER_BIN := $(O)/test/fuzz_verifier
BENCH_VERIFIER_BIN := $(O)/bench/bench_verifier
FUZZ_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1

# -O1 keeps the sanitized fuzzer fast.  Signed overflow wraps, as in the
# kernel (its Makefile passes -fno-strict-overflow), so UBSan judges the
# code by the kernel's rules.  The alignment sanitizer is off: map values
# may be read unaligned (the kernel allows it on x86); the fuzzer itself
# checks alignment where the verifier promises it (stack, context,
# atomics).
$(FUZZ_VERIFIER_BIN): $(VERIFIER_HOST_SRCS) fuzz_verifier.c \
		$(VERIFIER_HOST_HDRS) verifier.mk
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DBPF_INTERP_MEMCHECK $(BASE_CFLAGS) -O1 $(SAN) \
		-fno-strict-overflow -fno-sanitize=alignment -o $@ \
		$(VERIFIER_HOST_SRCS) fuzz_verifier.c $(LDLIBS)

# The same fuzzer with every accepted program also run through the JIT
FUZZ_JIT_BIN := $(O)/test/fuzz_jit
$(FUZZ_JIT_BIN): $(VERIFIER_HOST_SRCS) $(JSRCS) fuzz_verifier.c \
		$(VERIFIER_HOST_HDRS) $(JHDRS) verifier.mk
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DBPF_INTERP_MEMCHECK -DFUZZ_JIT $(BASE_CFLAGS) -O1 \
		$(SAN) -fno-strict-overflow -fno-sanitize=alignment -o $@ \
		$(VERIFIER_HOST_SRCS) $(JSRCS) fuzz_verifier.c $(LDLIBS)

# For long campaigns: UBSan only (ASan cannot see into JIT code
# anyway), several times faster; the interpreter's checks stay
FUZZ_JIT_FAST_BIN := $(O)/test/fuzz_jit_fast
$(FUZZ_JIT_FAST_BIN): $(VERIFIER_HOST_SRCS) $(JSRCS) fuzz_verifier.c \
		$(VERIFIER_HOST_HDRS) $(JHDRS) verifier.mk
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DBPF_INTERP_MEMCHECK -DFUZZ_JIT $(BASE_CFLAGS) -O1 \
		-fsanitize=undefined -fno-sanitize-recover=all \
		-fno-sanitize=alignment -fno-strict-overflow -o $@ \
		$(VERIFIER_HOST_SRCS) $(JSRCS) fuzz_verifier.c $(LDLIBS)

$(BENCH_VERIFIER_BIN): $(VERIFIER_HOST_SRCS) bench_verifier.c \
		$(VERIFIER_HOST_HDRS) verifier.mk
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(BASE_CFLAGS) -O2 -DNDEBUG -o $@ \
		$(VERIFIER_HOST_SRCS) bench_verifier.c $(LDLIBS)

.PHONY: fuzz fuzz-short bench-verifier fuzz-jit fuzz-jit-short fuzz-jit-fast
fuzz: $(FUZZ_VERIFIER_BIN)
	$(FUZZ_ENV) $(FUZZ_VERIFIER_BIN) $(FUZZ_FLAGS) -n $(FUZZ_N) \
		-s $(FUZZ_SEED) -c $(O)/fuzz-crash.bin

# One KTAP result, so that make test counts it with the unit tests.
fuzz-short: $(FUZZ_VERIFIER_BIN)
	@echo "KTAP version 1"; echo "1..1"; \
	if $(FUZZ_ENV) $(FUZZ_VERIFIER_BIN) $(FUZZ_FLAGS) -q \
		-n $(FUZZ_SHORT_N) -s $(FUZZ_SEED) -c $(O)/fuzz-crash.bin; then \
		echo "ok 1 fuzz_verifier: $(FUZZ_SHORT_N) programs"; \
	else \
		echo "not ok 1 fuzz_verifier: $(FUZZ_SHORT_N) programs"; \
		exit 1; \
	fi

fuzz-jit: $(FUZZ_JIT_BIN)
	$(FUZZ_ENV) $(FUZZ_JIT_BIN) $(FUZZ_FLAGS) -n $(FUZZ_N) \
		-s $(FUZZ_SEED) -c $(O)/fuzz-jit-crash.bin

fuzz-jit-fast: $(FUZZ_JIT_FAST_BIN)
	$(FUZZ_ENV) $(FUZZ_JIT_FAST_BIN) $(FUZZ_FLAGS) -n $(FUZZ_N) \
		-s $(FUZZ_SEED) -c $(O)/fuzz-jit-crash-$(FUZZ_SEED).bin

fuzz-jit-short: $(FUZZ_JIT_BIN)
	@echo "KTAP version 1"; echo "1..1"; \
	if $(FUZZ_ENV) $(FUZZ_JIT_BIN) $(FUZZ_FLAGS) -q \
		-n $(FUZZ_JIT_SHORT_N) -s $(FUZZ_SEED) \
		-c $(O)/fuzz-jit-crash.bin; then \
		echo "ok 1 fuzz_jit: $(FUZZ_JIT_SHORT_N) programs, interpreter and JIT agree"; \
	else \
		echo "not ok 1 fuzz_jit: $(FUZZ_JIT_SHORT_N) programs, interpreter and JIT agree"; \
		exit 1; \
	fi

bench-verifier: $(BENCH_VERIFIER_BIN)
	$(BENCH_VERIFIER_BIN)

bench: bench-verifier
