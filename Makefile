# pvhefi: a PVH firmware offering the UEFI a Linux EFI stub needs.
#   make KERNEL=app.efi [INITRD=file] [CMDLINE="..."]   builds build/pvhefi.elf
#   make         the generic build/pvhefi.elf (it boots its first module) and build/pvhefi-pack
#   make install [PREFIX=/usr/local] [DESTDIR=]   installs those two, man pages, an xl example
#   make run     boots the demo payload in QEMU on this terminal
#   make check   runs every test

KERNEL ?=
INITRD ?=
CMDLINE ?=
BUILD ?= build
PREFIX ?= /usr/local
DESTDIR ?=

CC := gcc
NASM := nasm
EFI_INC := -I/usr/include/efi -I/usr/include/efi/x86_64
WARN := -Wall -Wextra -Werror -Wno-unused-parameter
FW_CFLAGS := -std=gnu11 -Os -g $(WARN) -ffreestanding -fno-stack-protector -fno-pic -fno-pie \
	-mno-red-zone -mgeneral-regs-only -mcmodel=small -fno-asynchronous-unwind-tables \
	-fno-omit-frame-pointer -fno-delete-null-pointer-checks --param=min-pagesize=0 \
	-DGNU_EFI_USE_MS_ABI -I. $(EFI_INC) -MMD -MP
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) -DPVHEFI_HOST -DGNU_EFI_USE_MS_ABI -I. $(EFI_INC) \
	-fsanitize=address,undefined -fno-omit-frame-pointer -MMD -MP

# The layers, top to bottom: boot/ platform/ services/ runtime/ pe/ lib/ (tests/unit/layers.sh).
FW_SRCS := $(wildcard boot/*.c platform/*.c services/*.c pe/*.c lib/*.c)
FW_ASMS := $(wildcard boot/*.asm services/*.asm)
FW_OBJS := $(FW_SRCS:%.c=$(BUILD)/fw/%.o) $(FW_ASMS:%.asm=$(BUILD)/fw/%.o) $(BUILD)/fw/runtime.o

# The runtime unit: position-independent, its own copies of the lib/ code it calls, everything
# but its exports (visibility default, runtime/runtime.h) made local.
RT_SRCS := $(wildcard runtime/*.c) lib/string.c lib/crc32.c lib/printf.c lib/status.c
RT_OBJS := $(RT_SRCS:%.c=$(BUILD)/rt/%.o)
RT_CFLAGS := $(filter-out -fno-pic -fno-pie,$(FW_CFLAGS)) -fpie -fvisibility=hidden
LINK := $(CC) -nostdlib -static -no-pie -Wl,--no-dynamic-linker -Wl,-T,linker.ld \
	-Wl,-z,max-page-size=4096 -Wl,--build-id=none -Wl,--emit-relocs

.PHONY: all size install uninstall run check soak unit pe-samples efi-tests deps bench clean
all: $(BUILD)/pvhefi.elf $(BUILD)/pvhefi-pack
	@tools/image-size.sh $<

# ---- the firmware image -------------------------------------------------------------
$(BUILD)/fw/%.o: %.c
	@mkdir -p $(@D)
	@echo '  CC      $<'
	@$(CC) $(FW_CFLAGS) -c $< -o $@

$(BUILD)/rt/%.o: %.c
	@mkdir -p $(@D)
	@echo '  CC      $< (runtime)'
	@$(CC) $(RT_CFLAGS) -c $< -o $@

$(BUILD)/fw/runtime.o: $(RT_OBJS) runtime/unit.ld
	@mkdir -p $(@D)
	@echo '  LD      $@'
	@ld -r -T runtime/unit.ld -o $@.tmp $(RT_OBJS)
	@objcopy --localize-hidden $@.tmp $@ && rm $@.tmp

$(BUILD)/rtrelocs: tools/rtrelocs.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/fw/%.o: %.asm
	@mkdir -p $(@D)
	@echo '  NASM    $<'
	@$(NASM) -f elf64 -g -o $@ $<

$(BUILD)/mkpayload: tools/mkpayload.c tools/payload_writer.c pe/pe.c tools/payload_writer.h \
		boot/payload_format.h pe/pe.h
	@mkdir -p $(@D)
	$(CC) -std=gnu11 -O2 -g $(WARN) -DPVHEFI_HOST -DGNU_EFI_USE_MS_ABI -I. $(EFI_INC) -o $@ $(filter %.c,$^)

# The host tool that packs a kernel into a built pvhefi: the payload writer mkpayload uses, the
# firmware's own payload reader and PE checks (pure C, built for the host).
PACK_SRCS := tools/pvhefi-pack.c tools/payload_writer.c boot/payload.c pe/pe.c
$(BUILD)/pvhefi-pack: $(PACK_SRCS) tools/payload_writer.h boot/payload.h boot/payload_format.h pe/pe.h
	@mkdir -p $(@D)
	@echo '  CC      $@'
	@$(CC) -std=gnu11 -O2 -g $(WARN) -DPVHEFI_HOST -DGNU_EFI_USE_MS_ABI -I. $(EFI_INC) -o $@ $(PACK_SRCS)

# The payload is rebuilt whenever KERNEL, INITRD or CMDLINE (or the files) change.
PAYLOAD_ARGS := $(if $(KERNEL),--kernel '$(KERNEL)') $(if $(INITRD),--initrd '$(INITRD)') \
	$(if $(CMDLINE),--cmdline '$(subst ','\'',$(CMDLINE))')
$(shell mkdir -p $(BUILD); printf '%s\n' "$(subst ",\",$(PAYLOAD_ARGS))" | cmp -s - $(BUILD)/payload.args || \
	printf '%s\n' "$(subst ",\",$(PAYLOAD_ARGS))" > $(BUILD)/payload.args)

$(BUILD)/payload.bin: $(BUILD)/mkpayload $(BUILD)/payload.args $(KERNEL) $(INITRD)
	$(BUILD)/mkpayload $@ $(PAYLOAD_ARGS)

$(BUILD)/payload.o: $(BUILD)/payload.bin
	printf '.section .payload,"a"\n.incbin "%s"\n.section .note.GNU-stack,"",@progbits\n' $< | $(CC) -x assembler -c -o $@ -

# Linked twice: the first link lists the runtime unit's absolute addresses (tools/rtrelocs.c),
# the second carries that list at the end of the unit, where it moves nothing else of it, and
# is checked against its own relocations before they are stripped.
$(BUILD)/pvhefi.elf: $(FW_OBJS) $(BUILD)/payload.o linker.ld $(BUILD)/rtrelocs
	@echo '  LD      $@'
	@$(LINK) -o $@.1 $(FW_OBJS) $(BUILD)/payload.o
	@$(BUILD)/rtrelocs $@.1 $(BUILD)/rtrelocs.S
	@$(CC) -c -o $(BUILD)/rtrelocs.o $(BUILD)/rtrelocs.S
	@$(LINK) -o $@.2 $(FW_OBJS) $(BUILD)/payload.o $(BUILD)/rtrelocs.o
	@$(BUILD)/rtrelocs --check $@.2
	@objcopy --remove-section='.rela*' $@.2 $@ && rm $@.1 $@.2

# make size: also the bytes by folder, and what the VMM loads and the OS keeps against issue 11's
# targets.
size: $(BUILD)/pvhefi.elf
	@tools/image-size.sh $< $(BUILD)

# ---- install ------------------------------------------------------------------------------
# The generic firmware (nothing embedded), the packer, their man pages and an xl example, with
# the install paths written into the last three.
LIBDIR := $(PREFIX)/lib/pvhefi
DOCDIR := $(PREFIX)/share/doc/pvhefi
MANDIR := $(PREFIX)/share/man
INSTALLED := $(LIBDIR)/pvhefi.elf $(PREFIX)/bin/pvhefi-pack $(MANDIR)/man1/pvhefi-pack.1 \
	$(MANDIR)/man7/pvhefi.7 $(DOCDIR)/examples/xl-guest.cfg
SUBST := sed -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g'

install: $(BUILD)/pvhefi.elf $(BUILD)/pvhefi-pack
	@[ -z "$(KERNEL)$(INITRD)$(CMDLINE)" ] || \
		{ echo "make install installs the generic firmware: leave KERNEL, INITRD and CMDLINE out"; exit 1; }
	install -d $(addprefix $(DESTDIR),$(dir $(INSTALLED)))
	install -m 644 $(BUILD)/pvhefi.elf $(DESTDIR)$(LIBDIR)/pvhefi.elf
	install -m 755 $(BUILD)/pvhefi-pack $(DESTDIR)$(PREFIX)/bin/pvhefi-pack
	$(SUBST) doc/pvhefi-pack.1 >$(DESTDIR)$(MANDIR)/man1/pvhefi-pack.1
	$(SUBST) doc/pvhefi.7 >$(DESTDIR)$(MANDIR)/man7/pvhefi.7
	$(SUBST) doc/xl-guest.cfg >$(DESTDIR)$(DOCDIR)/examples/xl-guest.cfg

# What install wrote, and the directories of pvhefi's own it made.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null

# ---- set-up, demo, tests --------------------------------------------------------------
deps:
	@tools/install-deps.sh

run: deps
	@tools/run-demo.sh

# The demo payload and the error-path payloads: gnu-efi applications like the EFI tests.
$(BUILD)/efi/hello.o: tools/demo/hello.c
	@mkdir -p $(@D)
	$(CC) $(EFI_APP_CFLAGS) -c $< -o $@
$(BUILD)/efi/%.o: tests/qemu/payloads/%.c
	@mkdir -p $(@D)
	$(CC) $(EFI_APP_CFLAGS) -c $< -o $@

UNIT_TESTS :=
include $(wildcard tests/unit/*.mk)
include $(wildcard tests/efi/*.mk)
include $(wildcard tests/fuzz/*.mk)
UNIT_BINS := $(UNIT_TESTS:%=$(BUILD)/unit/%)

$(BUILD)/unit/%:
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

unit: $(UNIT_BINS)
	@tests/unit/layers.sh
	@tests/unit/run.sh $(UNIT_BINS)

# The PE loader on real files: the EFI programs built here and the two Debian kernels, which
# tools/fetch-kernel.sh downloads once (so this is not part of `make unit`).
PE_SAMPLE_PROGS := $(EFI_PROGS:%=$(BUILD)/efi/%.efi) $(BUILD)/efi/child.efi \
	$(BUILD)/efi/hello.efi $(BUILD)/efi/fault.efi $(BUILD)/efi/status.efi \
	$(BUILD)/efi/stack_overflow.efi $(BUILD)/efi/null_deref.efi $(BUILD)/efi/code_write.efi
pe-samples: $(BUILD)/unit/test_pe_samples $(PE_SAMPLE_PROGS)
	@k61=$$(tools/fetch-kernel.sh 6.1) && k612=$$(tools/fetch-kernel.sh 6.12) && \
		PE_SAMPLES="$(PE_SAMPLE_PROGS) $$k61/vmlinuz $$k612/vmlinuz" tests/unit/run.sh $<

check: deps
	@tests/run-all.sh

# Debian's kernels booted again and again round the machines (tests/linux/soak.sh).
SOAK_BOOTS ?= 200
soak: deps
	@tests/linux/soak.sh $(SOAK_BOOTS)

# The boot benchmark, by hand only (not part of check): make bench [N=ROUNDS] [K=6.1|6.12]
# [BENCH_ARGS="-m q35 -p 'pvhefi ovmf' -a tcg ..."]; see tools/bench.sh.
bench:
	@tools/bench.sh $(if $(N),-n $(N)) $(if $(K),-k $(K)) $(BENCH_ARGS)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
