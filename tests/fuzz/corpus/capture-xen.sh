#!/bin/sh
# The Xen seeds of tests/fuzz/corpus (xen-pvh): the PVH shim's case "capture" as an xl PVH
# guest of the Xen 4.17 that tests/xen/run.sh boots under QEMU TCG, with the module and command
# line of capture.sh; the shim's port 0xE9 lines come back through Xen's log on the serial
# console, and pack.py makes the seeds. Uses what tests/xen/run.sh left in build/t-xen (run it
# once first; XEN_KERNELS="" is enough) and the same Xen and dom0 command lines. About 2 minutes.
# Usage: tests/fuzz/corpus/capture-xen.sh
cd "$(dirname "$0")/../../.." || exit 1
X=build/t-xen T=build/fuzz/capture
for f in $X/xen $X/dom0-vmlinuz $X/dom0-base.cpio; do
	[ -s $f ] || { echo "no $f: run tests/xen/run.sh first"; exit 1; }
done
[ -s $T/module.cpio ] || { echo "no $T/module.cpio: run tests/fuzz/corpus/capture.sh first"; exit 1; }
make -s -f tests/qemu/shim/shim.mk SHIM_BUILD=build/t-shim || exit 1
G=$T/xen/guests
rm -rf $T/xen && mkdir -p $G || exit 1
cp build/t-shim/shim.elf $G/capture.elf && cp $T/module.cpio $G/capture.rd || exit 1
cat >$G/capture.cfg <<EOF
name = "capture"
type = "pvh"
kernel = "/guests/capture.elf"
ramdisk = "/guests/capture.rd"
extra = "capture console=ttyS0 root=/dev/vda1 ro quiet"
memory = 256
vcpus = 1
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
EOF
echo "capture 60" >$G/list
(cd $T/xen && find guests | cpio -o -H newc --quiet) | cat $X/dom0-base.cpio - >$T/xen/dom0.cpio
XEN_CMDLINE="console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus=1 loglvl=all guest_loglvl=all smap=0"
timeout 300 qemu-system-x86_64 -accel tcg -M q35 -cpu max -smp 2 -m 3072 -display none -no-reboot \
	-serial stdio -monitor none -net none -kernel $X/xen -append "$XEN_CMDLINE" \
	-initrd "$X/dom0-vmlinuz console=hvc0 rdinit=/init loglevel=4,$T/xen/dom0.cpio" </dev/null >$T/xen-pvh.log 2>&1
grep -aq "CAPTURE end" $T/xen-pvh.log || { echo "no capture in $T/xen-pvh.log"; exit 1; }
python3 tests/fuzz/corpus/pack.py $T/xen-pvh.log tests/fuzz/corpus xen-pvh && echo "captured xen-pvh"
