UNIT_TESTS += test_describe
$(BUILD)/unit/test_describe: tests/unit/test_describe.c platform/describe.c
