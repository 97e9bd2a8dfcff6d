UNIT_TESTS += test_virtual
$(BUILD)/unit/test_virtual: tests/unit/test_virtual.c runtime/virtual.c lib/status.c
