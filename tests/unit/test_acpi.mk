UNIT_TESTS += test_acpi
$(BUILD)/unit/test_acpi: tests/unit/test_acpi.c boot/acpi.c
