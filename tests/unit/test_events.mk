UNIT_TESTS += test_events test_event_timers
$(BUILD)/unit/test_events: tests/unit/test_events.c tests/unit/events_fixture.c services/events.c
$(BUILD)/unit/test_event_timers: tests/unit/test_event_timers.c tests/unit/events_fixture.c \
	services/events.c
