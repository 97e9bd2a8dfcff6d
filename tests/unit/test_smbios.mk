UNIT_TESTS += test_smbios
$(BUILD)/unit/test_smbios: tests/unit/test_smbios.c platform/smbios.c lib/checksum.c platform/smbios.h
