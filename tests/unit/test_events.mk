UNIT_TESTS += test_events
$(BUILD)/unit/test_events: tests/unit/test_events.c services/events.c
