#!/bin/sh
# make run: builds pvhefi with the demo payload and boots it in QEMU on this terminal.
set -e
cd "$(dirname "$0")/.."
BUILD=build/demo
make -s BUILD=$BUILD $BUILD/efi/hello.efi
make -s BUILD=$BUILD KERNEL=$BUILD/efi/hello.efi CMDLINE="demo=1"
echo "pvhefi: booting the demo in QEMU (-M q35, TCG); it powers off by itself"
exec qemu-system-x86_64 -M q35 -m 512 -nographic -no-reboot -net none \
	-kernel $BUILD/pvhefi.elf -append "from=qemu-append"
