UNIT_TESTS += test_initrd
$(BUILD)/unit/test_initrd: tests/unit/test_initrd.c services/initrd.c services/initrd_image.c \
	services/devpath.c services/initrd.h
