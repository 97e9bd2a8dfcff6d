UNIT_TESTS += test_payload
$(BUILD)/unit/test_payload: tests/unit/test_payload.c boot/payload.c pe/pe.c tests/unit/pe/pe_build.c
