UNIT_TESTS += test_utf16
$(BUILD)/unit/test_utf16: tests/unit/test_utf16.c lib/utf16.c
