PROTOCOL_TEST_SRCS := services/protocol.c services/protocol_open.c services/protocol_locate.c \
	services/protocol_multi.c services/protocol_notify.c services/devpath.c \
	tests/unit/protocol_fixture.c
UNIT_TESTS += test_protocol test_protocol_locate
$(BUILD)/unit/test_protocol: tests/unit/test_protocol.c $(PROTOCOL_TEST_SRCS)
$(BUILD)/unit/test_protocol_locate: tests/unit/test_protocol_locate.c $(PROTOCOL_TEST_SRCS)
