# The PVH shim of the bad-input boots (tests/qemu/shim/shim.c), a freestanding 32-bit ELF:
#   make -f tests/qemu/shim/shim.mk SHIM_BUILD=build/t-shim
SHIM_BUILD ?= build/t-shim
SHIM_SRCS := $(wildcard tests/qemu/shim/*.c)
SHIM_OBJS := $(SHIM_SRCS:tests/qemu/shim/%.c=$(SHIM_BUILD)/%.o) $(SHIM_BUILD)/entry.o
SHIM_CFLAGS := -std=gnu11 -m32 -O2 -g -Wall -Wextra -Werror -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-builtin -MMD -MP

$(SHIM_BUILD)/shim.elf: $(SHIM_OBJS) tests/qemu/shim/shim.ld
	ld -m elf_i386 -nostdlib -static -T tests/qemu/shim/shim.ld --build-id=none \
		--no-warn-rwx-segments -o $@ $(SHIM_OBJS)

$(SHIM_BUILD)/%.o: tests/qemu/shim/%.c
	@mkdir -p $(@D)
	gcc $(SHIM_CFLAGS) -c $< -o $@

$(SHIM_BUILD)/entry.o: tests/qemu/shim/entry.asm
	@mkdir -p $(@D)
	nasm -f elf32 -o $@ $<

-include $(wildcard $(SHIM_BUILD)/*.d)
