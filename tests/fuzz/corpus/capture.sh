#!/bin/sh
# Makes the real seeds of tests/fuzz/corpus: QEMU starts the shim (tests/qemu/shim) in its case
# "capture" on q35, pc and microvm, with a small cpio as module and a command line; the shim
# prints what QEMU gave it, pack.py turns that into seeds (and their broken variants).
# The Xen seeds come from the same shim run as an xl PVH guest (corpus/README).
# Usage: tests/fuzz/corpus/capture.sh
cd "$(dirname "$0")/../../.." || exit 1
T=build/fuzz/capture
mkdir -p $T/root/etc
make -s -f tests/qemu/shim/shim.mk SHIM_BUILD=build/t-shim || exit 1
printf 'pvhefi fuzz seed\n' >$T/root/etc/motd
touch -d @946684800 $T/root $T/root/etc $T/root/etc/motd # the same cpio every time
(cd $T/root && find . | sort | cpio -o -H newc --quiet --reproducible) >$T/module.cpio || exit 1
for spec in "q35 512 1" "pc 512 1" "microvm 256 1" "q35 6G 2"; do
	set -- $spec
	name=qemu-$1-$2
	timeout 60 qemu-system-x86_64 -M "$1" -m "$2" -smp "$3" -nographic -no-reboot -net none \
		-kernel build/t-shim/shim.elf -initrd $T/module.cpio \
		-append "capture console=ttyS0 root=/dev/vda1 ro quiet" </dev/null >$T/$name.log 2>&1
	grep -q "CAPTURE end" $T/$name.log || { echo "capture on $name failed: $T/$name.log"; exit 1; }
	python3 tests/fuzz/corpus/pack.py $T/$name.log tests/fuzz/corpus $name || exit 1
	echo "captured $name"
done
