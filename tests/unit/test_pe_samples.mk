# Not in UNIT_TESTS: it needs the built EFI programs and the downloaded kernels, which
# `make pe-samples` (Makefile) provides; make check runs it as its own suite.
$(BUILD)/unit/test_pe_samples: tests/unit/test_pe_samples.c pe/pe.c pe/pe.h
