UNIT_TESTS += test_crc32
$(BUILD)/unit/test_crc32: tests/unit/test_crc32.c lib/crc32.c
