# The Xen test's own EFI program: make -f Makefile -f tests/xen/xen.mk BUILD=... $(BUILD)/efi/keys.efi
# (tests/xen/run.sh does this; the rules for .so and .efi come from tests/efi/efi.mk).
$(BUILD)/efi/%.o: tests/xen/%.c
	@mkdir -p $(@D)
	$(CC) $(EFI_APP_CFLAGS) -c $< -o $@
