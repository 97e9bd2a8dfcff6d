#!/bin/sh
# Linux boots that must fail, and end the VM with a message instead of hanging:
#  - the EFI stub itself fails (6.1 asked for an initrd= file that no file system holds):
#    pvhefi prints the status the stub returned and powers off;
#  - no initrd at all: pvhefi says so, the kernel cannot mount a root and panics, and with
#    panic=-1 (documented in the README) the panic reboots, which ends QEMU (-no-reboot).
cd "$(dirname "$0")/../.." || exit 1
BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}
LOGDIR=${LOGDIR:-build/test-logs/linux}
. tests/qemu/lib.sh

k61=$(tools/fetch-kernel.sh 6.1) || exit 1
k612=$(tools/fetch-kernel.sh 6.12) || exit 1

build_image stubfail KERNEL="$k61/vmlinuz" CMDLINE='console=ttyS0 initrd=\missing.img' || exit 1
boot "$LOGDIR/stubfail.log" q35 512 build/t-stubfail/pvhefi.elf
expect "6.1 stub failure ends the VM" "$LOGDIR/stubfail.log" "EFI stub: ERROR" \
	"pvhefi: payload returned EFI_" "pvhefi: powering off"

build_image noinitrd KERNEL="$k612/vmlinuz" CMDLINE="console=ttyS0 panic=-1" || exit 1
boot "$LOGDIR/noinitrd.log" q35 512 build/t-noinitrd/pvhefi.elf
expect "6.12 without an initrd ends the VM" "$LOGDIR/noinitrd.log" "pvhefi: initrd: none" \
	"Kernel panic - not syncing: VFS: Unable to mount root fs"

summary "linux error tests"
