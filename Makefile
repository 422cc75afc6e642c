# SPDX-License-Identifier: GPL-2.0-only
# Entry points of the eBPF series; the work is done by integration/pipeline.sh.
PIPELINE := integration/pipeline.sh

.PHONY: run shell test bench host-test kernel deps clean
run shell test bench host-test kernel deps:
	@$(PIPELINE) $@

clean:
	rm -rf out
