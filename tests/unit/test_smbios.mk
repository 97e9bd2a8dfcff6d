UNIT_TESTS += test_smbios
$(BUILD)/unit/test_smbios: tests/unit/test_smbios.c services/smbios.c include/acpi_tables.h
