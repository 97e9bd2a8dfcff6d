UNIT_TESTS += test_crc32
$(BUILD)/unit/test_crc32: tests/unit/test_crc32.c services/crc32.c
