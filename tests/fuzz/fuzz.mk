# libFuzzer target for the PE loader (clang; not part of make check).
#   make BUILD=build/x fuzz-smoke   builds it and fuzzes for 20 s from the built seed images
FUZZ_CC := clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 $(WARN) -DPVHEFI_HOST -DGNU_EFI_USE_MS_ABI -I. $(EFI_INC) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined

$(BUILD)/fuzz/fuzz_pe: tests/fuzz/fuzz_pe.c pe/pe.c pe/pe.h lib/lib.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_pe.c pe/pe.c

$(BUILD)/fuzz/pe_mkseeds: tests/unit/pe/mkseeds.c tests/unit/pe/pe_build.c tests/unit/pe/pe_build.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -o $@ tests/unit/pe/mkseeds.c tests/unit/pe/pe_build.c

.PHONY: fuzz-smoke
fuzz-smoke: $(BUILD)/fuzz/fuzz_pe $(BUILD)/fuzz/pe_mkseeds
	@mkdir -p $(BUILD)/fuzz/pe-corpus
	$(BUILD)/fuzz/pe_mkseeds $(BUILD)/fuzz/pe-corpus
	$(BUILD)/fuzz/fuzz_pe -max_total_time=20 -print_final_stats=1 $(BUILD)/fuzz/pe-corpus
