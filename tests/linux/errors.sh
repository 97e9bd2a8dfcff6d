#!/bin/sh
# Linux boots that must fail, and end the VM with a message instead of hanging:
#  - the EFI stub itself fails (6.12 with 64 MiB cannot allocate room to decompress into):
#    pvhefi prints the status the stub returned and powers off;
#  - no initrd at all: pvhefi says so, the kernel cannot mount a root and panics, and with
#    panic=-1 (documented in the README) the panic reboots, which ends QEMU (-no-reboot).
cd "$(dirname "$0")/../.." || exit 1
BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}
LOGDIR=${LOGDIR:-build/test-logs/linux}
. tests/qemu/lib.sh

k612=$(tools/fetch-kernel.sh 6.12) || exit 1

# One image for both: 6.12 with no initrd at all.
build_image noinitrd KERNEL="$k612/vmlinuz" CMDLINE="console=ttyS0 panic=-1" || exit 1
boot "$LOGDIR/stubfail.log" q35 64 build/t-noinitrd/pvhefi.elf
expect "6.12 stub failure ends the VM" "$LOGDIR/stubfail.log" "EFI stub: ERROR" \
	"pvhefi: payload returned EFI_OUT_OF_RESOURCES" "pvhefi: powering off"

boot "$LOGDIR/noinitrd.log" q35 512 build/t-noinitrd/pvhefi.elf
expect "6.12 without an initrd ends the VM" "$LOGDIR/noinitrd.log" "pvhefi: initrd: none" \
	"Kernel panic - not syncing: VFS: Unable to mount root fs"

summary "linux error tests"
