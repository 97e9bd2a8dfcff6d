#!/bin/sh
# Boots Debian's cloud kernels (6.1: LZ4, 6.12: ZSTD) through pvhefi in QEMU; the test init
# (tests/linux/init.sh) checks from inside Linux that EFI, ACPI, the command line, both initrd
# pieces and the memory arrived. Each kernel first boots through its own PVH entry on the same
# machine (the baseline): that run validates the test initramfs and measures MemTotal, which
# the pvhefi boots must reach to 99 %. Baselines are cached in build/t-linux/baseline/.
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
BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}
LOGDIR=${LOGDIR:-build/test-logs/linux}
. tests/qemu/lib.sh
FIRMWARE=${LINUX_FIRMWARE:-pvhefi}
OVMF=${OVMF:-/usr/share/ovmf/OVMF.fd}
W=build/t-linux
KERNELS=${*:-6.1 6.12}

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

# Built into pvhefi (CMDLINE); the rest of the command line comes from QEMU -append.
# panic=-1: a kernel panic reboots, which ends QEMU (-no-reboot) instead of waiting for the timeout.
EMBEDDED_CMDLINE="console=ttyS0 panic=-1 pvhefi.embedded=1"
MARKS=pvhefi.embedded=1,pvhefi.appended=1

now() { date +%s; }
log_lines() { tr -d '\r' <"$1" | grep -ao "$2"; }

# ---- the initramfs pieces ----------------------------------------------------------------
# A piece is /pvhefi/<name>.bin (random data), its sha256 and /pvhefi/order (last one wins).
make_piece() { # NAME SIZE_KB
	[ -s $W/piece-$1.cpio ] && return
	d=$(mktemp -d) && mkdir "$d/pvhefi" || return 1
	head -c "$2K" /dev/urandom >"$d/pvhefi/$1.bin"
	sha256sum "$d/pvhefi/$1.bin" | cut -d' ' -f1 >"$d/pvhefi/$1.sha256"
	echo "$1" >"$d/pvhefi/order"
	(cd "$d" && find . | cpio -o -H newc --quiet) >$W/piece-$1.cpio
	rm -rf "$d"
}

# prepare K: sets KDIR, KW (work dir) and builds vmlinux and the initrds for kernel K:
#   embedded.cpio  init + embedded piece (what pvhefi embeds)
#   module.cpio    module piece alone (QEMU -initrd when pvhefi embeds the init)
#   module-init.cpio  init + module piece (QEMU -initrd when nothing is embedded)
#   all.cpio       everything (the baseline's and OVMF's single -initrd)
prepare() {
	KDIR=$(tools/fetch-kernel.sh "$1") || { fail "kernel $1" "tools/fetch-kernel.sh $1 failed"; return 1; }
	KW=$W/$(basename "$KDIR")
	mkdir -p "$KW"
	if [ ! "$KW/vmlinux" -nt "$KDIR/vmlinuz" ]; then
		tests/linux/extract-vmlinux.sh "$KDIR/vmlinuz" "$KW/vmlinux" ||
			{ fail "kernel $1" "no vmlinux from $KDIR/vmlinuz"; return 1; }
	fi
	tools/mkinitramfs.sh "$KW/base.cpio" tests/linux/init.sh "$KDIR" efivarfs ||
		{ fail "kernel $1" "tools/mkinitramfs.sh failed"; return 1; }
	cat "$KW/base.cpio" $W/piece-embedded.cpio >"$KW/embedded.cpio"
	cp $W/piece-module.cpio "$KW/module.cpio"
	cat "$KW/base.cpio" $W/piece-module.cpio >"$KW/module-init.cpio"
	cat "$KW/base.cpio" $W/piece-embedded.cpio $W/piece-module.cpio >"$KW/all.cpio"
}

# ---- judging a boot ----------------------------------------------------------------------
# judge NAME LOG EXPECT: every expected check passed, the init finished, the VM powered off.
judge() {
	jname=$1 jlog=$2 jexpect=$3
	if ! log_lines "$jlog" 'LINUXCHECK START.*' >/dev/null; then
		hint=$(log_lines "$jlog" '.*\(Kernel panic\|fatal\|CPU exception\|EFI stub: ERROR\).*' | head -3)
		fail "$jname" "Linux did not reach the test init (qemu status $BOOT_RC)${hint:+: $hint}" "$jlog"
		return
	fi
	why=""
	for c in $(echo "$jexpect" | tr ',' ' '); do
		log_lines "$jlog" "LINUXCHECK PASS $c\$" >/dev/null && continue
		log_lines "$jlog" "LINUXCHECK FAIL $c:" >/dev/null && why="$why $c" || why="$why $c(no result)"
	done
	[ -n "$why" ] && why="checks failed:$why"
	log_lines "$jlog" 'LINUXCHECK DONE' >/dev/null || why="$why${why:+; }the init did not finish"
	[ "$BOOT_RC" = 124 ] && why="$why${why:+; }the VM did not power off within ${BOOT_TIMEOUT}s"
	stub=$(log_lines "$jlog" 'EFI stub: \(ERROR\|WARNING\).*')
	[ -n "$stub" ] && why="$why${why:+; }the EFI stub complained"
	if [ -z "$why" ]; then
		pass "$jname"
		return
	fi
	fail "$jname" "$why"
	{ log_lines "$jlog" 'LINUXCHECK \(FAIL\|INFO efi-dmesg\).*'; echo "$stub"; } | grep . | sed 's/^/    | /'
	echo "    log: $jlog, last lines:"
	tr -d '\r' <"$jlog" | tail -n 12 | sed 's/^/    | /'
}

# machine_cmdline MACHINE: what a machine needs on the command line under QEMU-TCG.
# microvm has no HPET, no ACPI PM timer and no port 0x61 (PIT channel 2 gate): Linux cannot
# measure the TSC and hangs after "tsc: Marking TSC unstable". Any given rate lets it boot.
machine_cmdline() {
	[ "$1" = microvm ] && echo "tsc_early_khz=2400000 "
}

# ---- the baseline: the kernel's own PVH entry -------------------------------------------
# baseline K MACHINE MEM CPUS: sets BASE_KB to MemTotal (empty when the baseline failed).
baseline() {
	bcache=$W/baseline/$(basename "$KDIR")-$2-$3-smp$4
	BASE_KB=$(cat "$bcache" 2>/dev/null)
	if [ -n "$BASE_KB" ]; then
		echo "baseline $1 -M $2 -m $3 -smp $4: MemTotal $BASE_KB kB (cached in $bcache)"
		return
	fi
	blog=$LOGDIR/baseline-$1-$2-$3-smp$4.log
	bexpect=acpi,cmdline,initrd-embedded,initrd-module,efi-dmesg,cpus
	t0=$(now)
	boot "$blog" "$2" "$3" "$KW/vmlinux" -smp "$4" -initrd "$KW/all.cpio" -append \
		"$EMBEDDED_CMDLINE $(machine_cmdline "$2")pvhefi.appended=1 pvhefi.marks=$MARKS pvhefi.expect=$bexpect pvhefi.cpus=$4"
	judge "baseline $1 -M $2 -m $3 -smp $4 (PVH entry, $(($(now) - t0)) s)" "$blog" "$bexpect"
	BASE_KB=$(log_lines "$blog" 'LINUXCHECK MEMTOTAL [0-9]*' | sed 's/.* //')
	[ -n "$BASE_KB" ] && mkdir -p $W/baseline && echo "$BASE_KB" >"$bcache"
}

# ---- the EFI boots -------------------------------------------------------------------------
# firmware K SOURCE: builds pvhefi for kernel K, with the embedded initrd unless SOURCE is
# "module"; sets FW_ELF (empty when the build failed).
firmware() {
	fw=linux-$1-$([ "$2" = module ] && echo bare || echo embedded)
	FW_ELF=build/t-$fw/pvhefi.elf
	case " $BUILT " in *" $fw "*) return ;; esac # once a run (the build log is shown once)
	case " $BUILD_FAILED " in *" $fw "*) FW_ELF= && return ;; esac
	if [ "$2" = module ]; then
		build_image "$fw" KERNEL="$KDIR/vmlinuz" CMDLINE="$EMBEDDED_CMDLINE" || FW_ELF=
	else
		build_image "$fw" KERNEL="$KDIR/vmlinuz" INITRD="$KW/embedded.cpio" \
			CMDLINE="$EMBEDDED_CMDLINE" || FW_ELF=
	fi
	[ -n "$FW_ELF" ] && BUILT="$BUILT $fw" || BUILD_FAILED="$BUILD_FAILED $fw"
}

# efi_boot K MACHINE MEM CPUS SOURCE
efi_boot() {
	k=$1 m=$2 ram=$3 cpus=$4 src=$5
	expect=efi,efi-runtime,efi-dmesg,acpi,cmdline,cpus
	case $src in
	both) expect=$expect,initrd-embedded,initrd-module ;;
	*) expect=$expect,initrd-$src ;;
	esac
	[ -n "$BASE_KB" ] && expect=$expect,memtotal
	[ "$m" = q35 ] && expect=$expect,efivarfs # insmod from the initramfs, mount
	for s in ${LINUX_SKIP:-}; do expect=$(echo ",$expect," | sed "s/,$s,/,/; s/^,//; s/,\$//"); done
	append="$(machine_cmdline "$m")pvhefi.appended=1 pvhefi.marks=$MARKS pvhefi.expect=$expect pvhefi.cpus=$cpus"
	[ -n "$BASE_KB" ] && append="$append pvhefi.memtotal_min=$((BASE_KB * ${LINUX_MEMTOTAL_PCT:-99} / 100))"
	title="$FIRMWARE $k -M $m -m $ram -smp $cpus, initrd: $src"
	elog=$LOGDIR/$FIRMWARE-$k-$m-$ram-smp$cpus-$src.log
	if [ "$FIRMWARE" = ovmf ]; then
		# OVMF embeds nothing: QEMU gives it every initrd piece and the whole command line.
		case $src in both) rd=all ;; embedded) rd=embedded ;; module) rd=module-init ;; esac
		t0=$(now)
		boot "$elog" "$m" "$ram" "$KDIR/vmlinuz" -bios "$OVMF" -vga none -smp "$cpus" \
			-initrd "$KW/$rd.cpio" -append "$EMBEDDED_CMDLINE $append"
	else
		firmware "$k" "$src"
		[ -n "$FW_ELF" ] || { fail "$title" "pvhefi did not build"; return; }
		case $src in both) rd=module ;; module) rd=module-init ;; embedded) rd= ;; esac
		t0=$(now)
		boot "$elog" "$m" "$ram" "$FW_ELF" -smp "$cpus" ${rd:+-initrd "$KW/$rd.cpio"} -append "$append"
	fi
	judge "$title ($(($(now) - t0)) s)" "$elog" "$expect"
}

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
		'trace: runtime GetVariable\(SecureBoot\) = EFI_NOT_FOUND' \
		'trace: runtime SetVirtualAddressMap\([0-9]+ bytes\) = EFI_SUCCESS' \
		'trace: runtime GetNextVariableName = EFI_NOT_FOUND' \
		'trace: MemoryAttribute.SetMemoryAttributes\(0x[0-9a-f]+, 4096 bytes, 0x20000\) = EFI_SUCCESS' \
		'trace: MemoryAttribute.ClearMemoryAttributes\(0x[0-9a-f]+, 4096 bytes, 0x4000\) = EFI_SUCCESS' \
		'trace: MemoryAttribute.ClearMemoryAttributes\(0x[0-9a-f]+, [0-9]{7,} bytes, 0x4000\) = EFI_SUCCESS'; do
		grep -aqE "$p" "$dlog" 2>/dev/null || { fail "pvhefi $1 call trace on port 0xE9" "no line matching '$p' in $dlog"; return; }
	done
	grep -a -A1 'trace: LocateProtocol(MemoryAttribute)' "$dlog" | grep -q 'LocateProtocol = EFI_SUCCESS' ||
		{ fail "pvhefi $1 call trace on port 0xE9" "LocateProtocol(MemoryAttribute) did not succeed in $dlog"; return; }
	pass "pvhefi $1 call trace on port 0xE9 ($(grep -ac 'trace: ' "$dlog") lines)"
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
done
echo "linux tests took $(($(now) - start)) s"
summary "linux tests"
