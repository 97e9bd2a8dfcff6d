# libFuzzer targets (clang, ASan+UBSan), one per parser of outside data (tests/fuzz/README).
#   make fuzz-smoke                every target for FUZZ_SMOKE_SECONDS (15) s; make check runs it
#   make fuzz [FUZZ_SECONDS=300] [FUZZ_RUNS=N]   every target for longer (N executions at most)
# Either fails on the first crash; each run prints its executions per target.
FUZZ_CC := clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 $(WARN) -DPVHEFI_HOST -DGNU_EFI_USE_MS_ABI -I. -Itests/fuzz $(EFI_INC) \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -MMD -MP
FUZZ_TARGETS := pe start_info payload acpi smbios utf memmap xen_console variables
FUZZ_SMOKE_SECONDS ?= 15
FUZZ_SECONDS ?= 300
FUZZ_RUNS ?=

$(BUILD)/fuzz/fuzz_pe: pe/pe.c
$(BUILD)/fuzz/fuzz_start_info: tests/fuzz/fake_mem.c platform/start_info.c platform/describe.c \
	boot/payload.c pe/pe.c services/initrd_image.c services/devpath.c
$(BUILD)/fuzz/fuzz_payload: boot/payload.c pe/pe.c
$(BUILD)/fuzz/fuzz_acpi: tests/fuzz/fake_mem.c platform/acpi.c lib/checksum.c
$(BUILD)/fuzz/fuzz_smbios: platform/smbios.c lib/checksum.c
$(BUILD)/fuzz/fuzz_utf: lib/utf16.c
$(BUILD)/fuzz/fuzz_variables: runtime/variables.c lib/status.c
# Sources a target includes rather than links (to reset their statics between runs); -MMD
# lists them among the prerequisites.
FUZZ_INCLUDED := platform/xen_console.c
$(BUILD)/fuzz/fuzz_memmap: services/memmap.c tests/fuzz/memmap_model.ignore
$(BUILD)/fuzz/fuzz_memmap: FUZZ_CFLAGS += -fsanitize-coverage-ignorelist=tests/fuzz/memmap_model.ignore

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c
	@mkdir -p $(@D)
	@echo '  FUZZCC  $@'
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter-out $(FUZZ_INCLUDED),$(filter %.c,$^))

$(BUILD)/fuzz/pe_mkseeds: tests/unit/pe/mkseeds.c tests/unit/pe/pe_build.c tests/unit/pe/pe_build.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O1 -g -Wall -Wextra -o $@ tests/unit/pe/mkseeds.c tests/unit/pe/pe_build.c

# The PE target also starts from the EFI test programs and pe_mkseeds' images.
FUZZ_DEPS := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%) $(BUILD)/fuzz/pe_mkseeds $(EFI_PROGS:%=$(BUILD)/efi/%.efi)

.PHONY: fuzz-smoke fuzz
fuzz-smoke: $(FUZZ_DEPS)
	@tests/fuzz/run.sh $(BUILD) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

fuzz: $(FUZZ_DEPS)
	@FUZZ_RUNS=$(FUZZ_RUNS) tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
