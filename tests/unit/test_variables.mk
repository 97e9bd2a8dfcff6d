UNIT_TESTS += test_variables
$(BUILD)/unit/test_variables: tests/unit/test_variables.c runtime/variables.c lib/status.c
