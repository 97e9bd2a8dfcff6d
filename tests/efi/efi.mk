# In-guest EFI test programs (gnu-efi): $(BUILD)/efi/<name>.efi, run by tests/efi/run.sh on
# pvhefi and on OVMF. Included by the Makefile.
EFI_PROGS := memtest protocoltest bstest eventtest imagetest ebstest rttest vartest tpltest \
	cputest memattrtest
EFI_APP_CFLAGS := -std=gnu11 -O2 -g $(WARN) $(EFI_INC) -I. -Itests/efi/lib -fpic -fshort-wchar \
	-mno-red-zone -fno-stack-protector -ffreestanding -fno-strict-aliasing \
	-DGNU_EFI_USE_MS_ABI -MMD -MP
EFI_APP_LDFLAGS := -nostdlib -znocombreloc -T /usr/lib/elf_x86_64_efi.lds -shared -Bsymbolic \
	-L/usr/lib /usr/lib/crt0-efi-x86_64.o
EFI_APP_SECTIONS := -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
	-j '.rel.*' -j '.rela.*' -j .reloc

.PHONY: efi-progs
.PRECIOUS: $(BUILD)/efi/%.o $(BUILD)/efi/%.so

$(BUILD)/efi/%.o: tests/efi/%.c
	@mkdir -p $(@D)
	@echo '  EFICC   $<'
	@$(CC) $(EFI_APP_CFLAGS) -c $< -o $@

# The test library, and the firmware's own pure helpers (CRC32, the byte checksum) rather than
# copies of them: a test program sums a table the way the firmware does, with the same code.
$(BUILD)/efi/fwlib/%.o: lib/%.c
	@mkdir -p $(@D)
	@echo '  EFICC   $<'
	@$(CC) $(EFI_APP_CFLAGS) -c $< -o $@

EFI_TEST_LIB := $(patsubst %,$(BUILD)/efi/lib/%.o,check tables acpi machine memmap) \
	$(patsubst %,$(BUILD)/efi/fwlib/%.o,crc32 checksum)

$(BUILD)/efi/%.so: $(BUILD)/efi/%.o $(EFI_TEST_LIB)
	ld $(EFI_APP_LDFLAGS) $(filter %.o,$^) -lefi -lgnuefi -o $@

# The PE loaders want a relocation directory and the EFI application subsystem (10).
$(BUILD)/efi/%.efi: $(BUILD)/efi/%.so
	objcopy $(EFI_APP_SECTIONS) --target efi-app-x86_64 --subsystem=10 $< $@
	@objdump -p $@ | grep -q 'Subsystem.*0000000a' || { echo '$@: not subsystem 10'; rm $@; exit 1; }
	@objdump -h $@ | grep -q ' \.reloc ' || { echo '$@: no .reloc section'; rm $@; exit 1; }

# imagetest and cputest carry child.efi as data, to hand it to LoadImage.
$(BUILD)/efi/child_blob.o: $(BUILD)/efi/child.efi
	printf '.section .data\n.balign 16\n.globl child_efi, child_efi_end\n.hidden child_efi, child_efi_end\nchild_efi:\n.incbin "%s"\nchild_efi_end:\n.section .note.GNU-stack,"",@progbits\n' $< | $(CC) -x assembler -c -o $@ -
$(BUILD)/efi/imagetest.so $(BUILD)/efi/cputest.so: $(BUILD)/efi/child_blob.o

# Programs in more than one file (each part under 500 lines).
$(BUILD)/efi/rttest.so: $(BUILD)/efi/rttest_virtual.o
$(BUILD)/efi/vartest.so: $(BUILD)/efi/vartest_runtime.o

efi-progs: $(EFI_PROGS:%=$(BUILD)/efi/%.efi)

efi-tests:
	tests/efi/run.sh
