UNIT_TESTS += test_start_info
$(BUILD)/unit/test_start_info: tests/unit/test_start_info.c platform/start_info.c
