# SPDX-License-Identifier: GPL-2.0-only
# Entry points of the eBPF series; the work is done by integration/pipeline.sh.
PIPELINE := integration/pipeline.sh

.PHONY: run shell test debug-test bench host-test kernel deps series clean
run shell test debug-test bench host-test kernel deps:
	@$(PIPELINE) $@

# the work as a git format-patch series against pristine 6.1: out/series/
series:
	@integration/series.sh

clean:
	rm -rf out
