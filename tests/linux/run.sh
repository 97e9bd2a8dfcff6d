#!/bin/sh
# Boots Debian's cloud kernels (6.1: LZ4, 6.12: ZSTD) through pvhefi in QEMU; the test init
# (tests/linux/init.sh) checks from inside Linux that EFI, ACPI, the command line, both initrd
# pieces and the memory arrived. Each kernel first boots through its own PVH entry on the same
# machine (the baseline): that run validates the test initramfs and measures MemTotal, which
# the pvhefi boots must reach to 99 %. Baselines are cached in build/t-linux/baseline/.
# 6.12 also boots through the generic firmware, as QEMU's module: a bzImage, then a UKI; and
# as the first of three modules that the PVH shim passes (the initrd in the other two).
# Times (2 TCG cores): about 160 s with no cache, 80 s with the baselines cached.
#   tests/linux/run.sh [KERNEL...]          KERNEL: 6.1, 6.12 (default: both)
# Environment:
#   LINUX_FIRMWARE=ovmf   the same EFI boots on OVMF (the reference; q35 and pc only): OVMF
#                         gets the embedded part of the initrd and command line through QEMU.
#                         OVMF keeps about 1.1 % of 512 MiB for itself: LINUX_MEMTOTAL_PCT=98
#   LINUX_SKIP="a b"      checks to leave out of every EFI boot (e.g. efivarfs)
#   LINUX_MEMTOTAL_PCT    how much of the baseline's MemTotal an EFI boot must reach (99)
#   BOOT_TIMEOUT          seconds per boot (default 90); LOGDIR (default build/test-logs/linux)
cd "$(dirname "$0")/../.." || exit 1
KERNELS=${*:-6.1 6.12}
. tests/linux/lib.sh

# kernel machine RAM CPUs initrd: where the initrd comes from (embedded in pvhefi, the QEMU
# -initrd module, or both concatenated). Each kernel sees every machine and initrd source.
MATRIX="
6.1 q35 512 1 both
6.1 pc 512 2 embedded
6.1 microvm 512 1 module
6.1 q35 6G 1 both
6.12 q35 512 1 both
6.12 pc 512 2 module
6.12 microvm 512 1 embedded
6.12 q35 6G 1 both"

# ---- the call trace, the memory attributes --------------------------------------------------
# trace_boot K: pvhefi.trace logs, on port 0xE9, the calls the README's table of what the EFI
# stub and the kernel ask lists: boot services with their gist and status, runtime services
# also after SetVirtualAddressMap. With -cpu max (LA57) the stub switches to 5-level paging
# through a trampoline it copies into data pages: it runs only because the stub made the page
# executable through EFI_MEMORY_ATTRIBUTE_PROTOCOL, as it makes its decompressed kernel's text
# read-only and executable. With efi=debug Linux lists the memory attributes table it mapped
# the runtime with (efi-memattr); efi=debug also keeps boot-services memory, so efi-runtime's
# sign of it is missing here (the other boots check it).
trace_boot() {
	firmware "$1" embedded
	[ -n "$FW_ELF" ] || { fail "$FIRMWARE $1 call trace" "pvhefi did not build"; return; }
	tlog=$LOGDIR/trace-$1.log dlog=$LOGDIR/trace-$1.debugcon
	boot "$tlog" q35 512 "$FW_ELF" -cpu max -debugcon file:"$dlog" -append \
		"pvhefi.trace efi=debug pvhefi.expect=efi,efi-memattr"
	judge "pvhefi $1 with pvhefi.trace, efi=debug, -cpu max" "$tlog" efi,efi-memattr
	for p in 'trace: on' 'trace: LocateDevicePath\(LoadFile2, ' 'trace: LocateDevicePath = EFI_SUCCESS' \
		'trace: AllocatePages\(type 2, memory 1, ' 'trace: ExitBootServices\(' \
		'trace: runtime GetVariable\(SecureBoot\) = EFI_SUCCESS' \
		'trace: runtime SetVirtualAddressMap\([0-9]+ bytes\) = EFI_SUCCESS' \
		'trace: runtime SetVariable\(.*\) = EFI_NOT_FOUND' \
		'trace: MemoryAttribute.SetMemoryAttributes\(0x[0-9a-f]+, 4096 bytes, 0x20000\) = EFI_SUCCESS' \
		'trace: MemoryAttribute.ClearMemoryAttributes\(0x[0-9a-f]+, 4096 bytes, 0x4000\) = EFI_SUCCESS' \
		'trace: MemoryAttribute.ClearMemoryAttributes\(0x[0-9a-f]+, [0-9]{7,} bytes, 0x4000\) = EFI_SUCCESS'; do
		grep -aqE "$p" "$dlog" 2>/dev/null || { fail "pvhefi $1 call trace on port 0xE9" "no line matching '$p' in $dlog"; return; }
	done
	grep -a -A1 'trace: LocateProtocol(MemoryAttribute)' "$dlog" | grep -q 'LocateProtocol = EFI_SUCCESS' ||
		{ fail "pvhefi $1 call trace on port 0xE9" "LocateProtocol(MemoryAttribute) did not succeed in $dlog"; return; }
	pass "pvhefi $1 call trace on port 0xE9 ($(grep -ac 'trace: ' "$dlog") lines)"
}

# reset_boot K: with reboot=efi Linux reboots through the runtime ResetSystem (its only runtime
# use on QEMU but for variables); on microvm, hardware-reduced ACPI, Linux powers off through it
# by itself. Either ends QEMU (-no-reboot); the trace shows the call came to the firmware.
reset_boot() { # K MACHINE APPEND TYPE
	firmware "$1" embedded
	[ -n "$FW_ELF" ] || { fail "$FIRMWARE $1 ResetSystem on $2" "pvhefi did not build"; return; }
	rlog=$LOGDIR/reset-$1-$2.log dlog=$LOGDIR/reset-$1-$2.debugcon
	boot "$rlog" "$2" 512 "$FW_ELF" -debugcon file:"$dlog" -append \
		"$(machine_cmdline "$2")pvhefi.trace $3 pvhefi.expect=efi-runtime"
	judge "pvhefi $1 -M $2 ${3:-(power-off)}" "$rlog" efi-runtime
	if grep -aq "trace: runtime ResetSystem($4)" "$dlog" 2>/dev/null; then
		pass "pvhefi $1 -M $2: Linux ends the VM through the runtime ResetSystem($4)"
	else
		fail "pvhefi $1 -M $2: Linux ends the VM through the runtime ResetSystem($4)" "no such call in $dlog" "$rlog"
	fi
}

# ---- the generic firmware: the kernel is the first module ---------------------------------
# shim_bundle OUT FIRMWARE FILE...: QEMU's one module for the shim's case "modules"
# (tests/qemu/shim/cases.c): FIRMWARE, each FILE on a page after it, then a 4 KiB table,
# "SHIMMODS" and each FILE's offset and size in decimal.
shim_bundle() {
	out=$1 fw=$2 at=0 table=SHIMMODS; shift
	: >"$out" || return 1
	for f in "$@"; do
		pad=$(((4096 - at % 4096) % 4096)) size=$(stat -c %s "$f") || return 1
		head -c "$pad" /dev/zero >>"$out" && cat "$f" >>"$out" || return 1
		[ "$f" = "$fw" ] || table="$table $((at + pad)) $size"
		at=$((at + pad + size))
	done
	head -c $(((4096 - at % 4096) % 4096)) /dev/zero >>"$out"
	printf '%-4095s\n' "$table" >>"$out"
}


# generic_boots K: the generic pvhefi.elf (nothing embedded) with QEMU's one module. A bzImage
# alone boots through its EFI stub and, with no initrd, panics at mounting root (QEMU gives a
# PVH guest one module: a bzImage gets its initrd in a UKI or from pvhefi-pack). A UKI from
# Debian's systemd stub (tests/linux/mkuki.sh) boots to the test init with its own .cmdline and
# initrd; given a VMM command line, the stub (Secure Boot off) uses that one instead.
generic_boots() {
	build_image linux-generic || { fail "generic pvhefi" "pvhefi did not build"; return; }
	gfw=build/t-linux-generic/pvhefi.elf
	glog=$LOGDIR/generic-$1-bzimage.log
	boot "$glog" q35 512 "$gfw" -initrd "$KDIR/vmlinuz" -append "console=ttyS0 panic=-1 pvhefi.appended=1"
	title="generic pvhefi, $1 bzImage as the module (no initrd: root cannot mount)"
	why=
	for p in 'pvhefi: payload: the first module' 'efi: EFI v.* by pvhefi' \
		'Kernel command line: console=ttyS0 panic=-1 pvhefi.appended=1$' 'VFS: Unable to mount root fs'; do
		log_lines "$glog" "$p" >/dev/null || why="$why${why:+, }no line matching '$p'"
	done
	[ "$BOOT_RC" = 124 ] && why="$why${why:+, }the VM did not end (panic=-1)"
	[ -z "$why" ] && pass "$title" || fail "$title" "$why" "$glog"

	uexpect=efi,efi-runtime,efi-dmesg,acpi,cmdline,initrd-embedded,cpus
	ucmdline="$EMBEDDED_CMDLINE pvhefi.uki=1 pvhefi.marks=pvhefi.embedded=1 pvhefi.expect=$uexpect pvhefi.cpus=1"
	tests/linux/mkuki.sh "$KW/uki.efi" "$KDIR/vmlinuz" "$KW/embedded.cpio" "$ucmdline" ||
		{ fail "generic pvhefi, $1 UKI" "tests/linux/mkuki.sh failed"; return; }
	ulog=$LOGDIR/generic-$1-uki.log
	boot "$ulog" q35 512 "$gfw" -initrd "$KW/uki.efi"
	judge "generic pvhefi, $1 UKI as the module: its .cmdline and .initrd" "$ulog" "$uexpect"
	ulog=$LOGDIR/generic-$1-uki-append.log
	boot "$ulog" q35 512 "$gfw" -initrd "$KW/uki.efi" -append \
		"console=ttyS0 panic=-1 pvhefi.appended=1 pvhefi.marks=pvhefi.appended=1 pvhefi.expect=efi,cmdline,initrd-embedded"
	judge "generic pvhefi, $1 UKI with -append: the VMM's command line replaces .cmdline" "$ulog" efi,cmdline,initrd-embedded
	log_lines "$ulog" 'Kernel command line:.*pvhefi.uki=1' >/dev/null &&
		fail "the UKI's .cmdline is left out when QEMU gives one" "pvhefi.uki=1 is on the kernel command line" "$ulog"

	# More modules than QEMU passes a PVH guest: the shim (tests/qemu/shim) plays a VMM that
	# gives three, the bzImage, then the init with one initrd piece, then the other piece.
	title="generic pvhefi, $1 bzImage and two initrd modules (three from the shim as VMM)"
	make -s -f tests/qemu/shim/shim.mk SHIM_BUILD=build/t-shim >"$LOGDIR/shim.build" 2>&1 ||
		{ fail "$title" "the shim did not build" "$LOGDIR/shim.build"; return; }
	shim_bundle "$KW/bundle" "$gfw" "$KDIR/vmlinuz" "$KW/embedded.cpio" "$KW/module.cpio" ||
		{ fail "$title" "cannot write $KW/bundle"; return; }
	mexpect=efi,efi-runtime,efi-dmesg,acpi,cmdline,initrd-embedded,initrd-module,cpus
	mlog=$LOGDIR/generic-$1-modules.log
	boot "$mlog" q35 512 build/t-shim/shim.elf -initrd "$KW/bundle" -append "modules console=ttyS0 \
panic=-1 pvhefi.appended=1 pvhefi.marks=pvhefi.appended=1 pvhefi.expect=$mexpect pvhefi.cpus=1"
	judge "$title" "$mlog" "$mexpect" 'pvhefi: payload: the first module'
}

# ---- the matrix ----------------------------------------------------------------------------
start=$(now)
mkdir -p $W
make_piece embedded 512 && make_piece module 2048 || { echo "linux tests: cannot make the initrd pieces"; exit 1; }
for k in $KERNELS; do
	prepare "$k" || continue
	while read -r row_k row_m row_ram row_cpus row_src <&3; do
		[ "$row_k" = "$k" ] || continue
		[ "$FIRMWARE" = ovmf ] && [ "$row_m" = microvm ] && { echo "skip: OVMF has no microvm"; continue; }
		baseline "$k" "$row_m" "$row_ram" "$row_cpus"
		efi_boot "$k" "$row_m" "$row_ram" "$row_cpus" "$row_src"
	done 3<<EOF
$MATRIX
EOF
	[ "$FIRMWARE" = pvhefi ] && trace_boot "$k"
	if [ "$FIRMWARE" = pvhefi ] && [ "$k" = 6.12 ]; then
		reset_boot "$k" q35 "reboot=efi pvhefi.end=reboot" 0
		reset_boot "$k" microvm "" 2
		generic_boots "$k"
	fi
done
echo "linux tests took $(($(now) - start)) s"
summary "linux tests"
