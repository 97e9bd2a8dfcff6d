#!/bin/sh
# make run: a Debian cloud kernel (fetched with apt-get download, cached under build/) and a
# busybox initramfs, embedded in pvhefi and booted in QEMU on this terminal. It powers off.
set -e
cd "$(dirname "$0")/.."
BUILD=build/demo
mkdir -p $BUILD
kdir=$(tools/fetch-kernel.sh 6.1)
tools/mkinitramfs.sh $BUILD/initramfs.cpio tools/demo/init.sh
make -s BUILD=$BUILD KERNEL="$kdir/vmlinuz" INITRD=$BUILD/initramfs.cpio CMDLINE="console=ttyS0 quiet"
echo "pvhefi: booting $(basename "$kdir") in QEMU (-M q35, TCG); it powers off by itself"
exec qemu-system-x86_64 -M q35 -m 1G -nographic -no-reboot -net none \
	-kernel $BUILD/pvhefi.elf -append "pvhefi.demo=1"
