UNIT_TESTS += test_payload
$(BUILD)/unit/test_payload: tests/unit/test_payload.c boot/payload.c
