UNIT_TESTS += test_initrd_linux
$(BUILD)/unit/test_initrd_linux: tests/unit/test_initrd_linux.c services/initrd.c \
	services/initrd_image.c services/devpath.c services/protocol.c services/protocol_open.c \
	services/protocol_locate.c services/protocol_multi.c services/protocol_notify.c services/initrd.h
