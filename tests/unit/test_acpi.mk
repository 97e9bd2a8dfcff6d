UNIT_TESTS += test_acpi
$(BUILD)/unit/test_acpi: tests/unit/test_acpi.c platform/acpi.c lib/checksum.c
