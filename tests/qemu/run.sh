#!/bin/sh
# Boots pvhefi in QEMU with payloads that work and payloads that must fail cleanly: every run
# has to end the VM by itself with the message the case calls for.
cd "$(dirname "$0")/../.."
. tests/qemu/lib.sh

make -s BUILD=build/t-apps build/t-apps/efi/hello.efi build/t-apps/efi/fault.efi \
	build/t-apps/efi/status.efi build/t-apps/efi/stack_overflow.efi build/t-apps/efi/null_deref.efi \
	build/t-apps/efi/code_write.efi build/t-apps/efi/inputs.efi || exit 1
APPS=build/t-apps/efi
T=build/t-files; mkdir -p $T

# A copy of hello.efi with one little-endian field of its PE header changed.
patch_pe() { # SRC DST OFFSET_FROM_PE_HEADER BYTES(as printf escapes)
	cp "$1" "$2"
	pe=$(od -An -tu4 -j60 -N4 "$1" | tr -d ' ')
	printf "$4" | dd of="$2" bs=1 seek=$((pe + $3)) conv=notrunc status=none
}

# --- the demo application on every machine type and memory size ---
build_image hello KERNEL=$APPS/hello.efi CMDLINE="embedded=1" || exit 1
for case in "q35 512" "pc 128" "microvm 256" "q35 6G" "pc 5G" "q35 64" "pc 64" "microvm 64"; do
	set -- $case
	log=$LOGDIR/hello-$1-$2.log
	boot "$log" "$1" "$2" build/t-hello/pvhefi.elf -append "appended=2"
	expect "hello on -M $1 -m $2" "$log" "Hello from an EFI application running on pvhefi" \
		'command line: "embedded=1 appended=2"' "time: 20[2-9][0-9]-[01][0-9]-[0-3][0-9] " \
		"payload returned EFI_SUCCESS" "powering off"
done

# --- every error path ends the VM with a named message ---
build_image nopayload || exit 1
for m in q35 pc microvm; do
	boot "$LOGDIR/nopayload-$m.log" $m 256 build/t-nopayload/pvhefi.elf
	expect "no payload on -M $m" "$LOGDIR/nopayload-$m.log" "fatal: no payload embedded" "powering off"
done

printf 'this is not a PE file\n' > $T/text.efi
build_image notpe KERNEL=$T/text.efi || exit 1
boot "$LOGDIR/notpe.log" q35 256 build/t-notpe/pvhefi.elf
expect "payload that is not PE" "$LOGDIR/notpe.log" "not a valid x86_64 EFI image: .*DOS" "fatal: cannot load the payload"

patch_pe $APPS/hello.efi $T/arm64.efi 4 '\144\252' # Machine = 0xAA64
build_image arm64 KERNEL=$T/arm64.efi || exit 1
boot "$LOGDIR/arm64.log" q35 256 build/t-arm64/pvhefi.elf
expect "payload for another machine" "$LOGDIR/arm64.log" "not a valid x86_64 EFI image: .*machine" "powering off"

patch_pe $APPS/hello.efi $T/huge.efi 80 '\000\000\000\100' # SizeOfImage = 1 GiB
build_image huge KERNEL=$T/huge.efi || exit 1
boot "$LOGDIR/huge.log" q35 256 build/t-huge/pvhefi.elf
expect "payload larger than RAM" "$LOGDIR/huge.log" "cannot load the payload: EFI_OUT_OF_RESOURCES" "powering off"

build_image fault KERNEL=$APPS/fault.efi || exit 1
for m in q35 pc microvm; do
	boot "$LOGDIR/fault-$m.log" $m 256 build/t-fault/pvhefi.elf
	expect "CPU exception on -M $m" "$LOGDIR/fault-$m.log" "CPU exception 14 \(page fault\)" \
		"CR2=00007ffffffff000" "RIP=" "RAX=" "powering off"
done

# --- memory protection: each fault is named, on every machine ---
build_image stack_overflow KERNEL=$APPS/stack_overflow.efi || exit 1
build_image null_deref KERNEL=$APPS/null_deref.efi || exit 1
build_image code_write KERNEL=$APPS/code_write.efi || exit 1
for m in q35 pc microvm; do
	log=$LOGDIR/stack_overflow-$m.log
	boot "$log" $m 256 build/t-stack_overflow/pvhefi.elf
	expect "stack overflow on -M $m" "$log" "CPU exception 14 \(page fault\)" \
		"stack overflow: 0x[0-9a-f]+ is in the guard page below the boot stack" "powering off"
	# UEFI gives a payload 128 KiB of stack: the guard page must lie at least that far below.
	entry=$(sed -n 's/.*stack at entry 0x\([0-9A-Fa-f]*\).*/\1/p' "$log" | head -1)
	cr2=$(sed -n 's/.*CR2=\([0-9a-f]*\).*/\1/p' "$log" | head -1)
	if [ -n "$entry" ] && [ -n "$cr2" ] && [ $((0x$entry - 0x$cr2)) -ge $((128 * 1024)) ]; then
		pass "stack overflow on -M $m: the payload had $(((0x$entry - 0x$cr2) / 1024)) KiB of stack"
	else
		fail "stack overflow on -M $m" "less than 128 KiB of stack (entry 0x$entry, fault at 0x$cr2)" "$log"
	fi

	log=$LOGDIR/null_deref-$m.log
	boot "$log" $m 256 build/t-null_deref/pvhefi.elf
	expect "NULL dereference on -M $m" "$log" "CR2=0000000000000008" \
		"NULL pointer dereference: read of address 0x8 \(page 0 is not mapped\)" "powering off"

	log=$LOGDIR/code_write-$m.log
	boot "$log" $m 256 build/t-code_write/pvhefi.elf
	expect "write to its own code on -M $m" "$log" "code_write.efi: writing to" \
		"write to read-only memory at 0x[0-9a-f]+ \(loader code\)" "powering off"
	grep -aq "the write went through" "$log" && fail "write to its own code on -M $m" "the write went through" "$log"
done

build_image status KERNEL=$APPS/status.efi || exit 1
boot "$LOGDIR/status.log" pc 256 build/t-status/pvhefi.elf
expect "payload exit status and data" "$LOGDIR/status.log" "payload returned EFI_ACCESS_DENIED" \
	"exit data: status.efi gave up on purpose" "powering off"

# --- a hostile start_info: the shim (tests/qemu/shim) starts pvhefi as its VMM ---
# Each case must end the VM by itself (within SHIM_TIMEOUT s) with pvhefi's own exit, after
# the named fatal error or after the payload (tests/qemu/payloads/inputs.c) reported what it got.
make -s -f tests/qemu/shim/shim.mk SHIM_BUILD=build/t-shim >"$LOGDIR/shim.build" 2>&1 ||
	{ echo "build of the shim failed:"; tail -20 "$LOGDIR/shim.build"; exit 1; }
build_image inputs KERNEL=$APPS/inputs.efi || exit 1
shim() { # MACHINE MEM CASE EXPECTED-PATTERN...
	m=$1 mem=$2 c=$3; shift 3
	BOOT_TIMEOUT=${SHIM_TIMEOUT:-30} boot "$LOGDIR/shim-$c-$m-$mem.log" "$m" "$mem" build/t-shim/shim.elf \
		-initrd build/t-inputs/pvhefi.elf -append "$c"
	expect "start_info $c on -M $m -m $mem" "$LOGDIR/shim-$c-$m-$mem.log" "shim: entering pvhefi" "$@" \
		"pvhefi: powering off"
}
F="pvhefi: fatal: start_info:"
for m in q35 pc microvm; do
	shim $m 512 no-memmap "pvhefi: fatal: no memory map in start_info"
	shim $m 512 version0 "pvhefi: fatal: no memory map in start_info"
	shim $m 512 memmap-overlap 'inputs: command line "shim=memmap-overlap"' "payload returned EFI_SUCCESS"
	shim $m 512 memmap-zero 'inputs: command line "shim=memmap-zero"' "payload returned EFI_SUCCESS"
	shim $m 512 memmap-wrap "$F memory map entry overflows"
	shim $m 512 module-firmware "$F module 0 \(0x110000, 0x1000 bytes\) overlaps the firmware"
	shim $m 512 module-payload "$F module 0 \(0x[0-9a-f]+, 0x1000 bytes\) overlaps the firmware"
	shim $m 512 module-outside-ram "$F module 0 \(0xfee00000, 0x1000 bytes\) outside RAM"
	shim $m 512 module-above-4g "$F module 0 \(0x140000000, 0x1000 bytes\) outside RAM"
	shim $m 6G module-above-4g "inputs: initrd 4096 bytes" "payload returned EFI_SUCCESS"
	shim $m 512 module-sum "$F the modules add up to 2\^64 bytes or more"
	shim $m 512 cmdline-64k 'inputs: command line 65535 characters, 0 U\+FFFD, ending "defg--END--!"' \
		"payload returned EFI_SUCCESS"
	shim $m 512 cmdline-too-long "$F bad command line"
	shim $m 512 cmdline-utf8 "inputs: command line 22 characters, 7 U\+FFFD" \
		"inputs: command line \"bad=$(printf '\357\277\275') " "payload returned EFI_SUCCESS"
	shim $m 512 acpi-above-4g "pvhefi: ACPI: a table above the first 4 GiB \(not mapped yet\) is treated as absent" \
		"ACPI RSDP revision 2" "payload returned EFI_SUCCESS"
done

summary "qemu tests"
