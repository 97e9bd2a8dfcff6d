# The Linux test harness's pieces, shared by tests/linux/run.sh and tests/linux/soak.sh: the
# initramfs pieces, the kernels, the firmware images, a boot and its judgement. Sourced from
# the repository's root; the caller sets KERNELS and may set LINUX_FIRMWARE, LINUX_SKIP,
# LINUX_MEMTOTAL_PCT, BOOT_TIMEOUT and LOGDIR (see tests/linux/run.sh).
BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}
LOGDIR=${LOGDIR:-build/test-logs/linux}
. tests/qemu/lib.sh
FIRMWARE=${LINUX_FIRMWARE:-pvhefi}
OVMF=${OVMF:-/usr/share/ovmf/OVMF.fd}
W=build/t-linux

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
# judge NAME LOG EXPECT [LINE]: every expected check passed, the init finished, the VM powered
# off; and the log has a line matching LINE, when given.
judge() {
	jname=$1 jlog=$2 jexpect=$3 jline=${4:-}
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
	[ -n "$jline" ] && ! log_lines "$jlog" "$jline" >/dev/null && why="$why${why:+; }no '$jline' line"
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
	k=$1 m=$2 ram=$3 cpus=$4 src=$5 line=
	expect=efi,efi-runtime,efi-dmesg,acpi,cmdline,cpus
	case $src in
	both) expect=$expect,initrd-embedded,initrd-module ;;
	*) expect=$expect,initrd-$src ;;
	esac
	[ -n "$BASE_KB" ] && expect=$expect,memtotal
	expect=$expect,efivarfs,efivars # insmod from the initramfs, mount, list, write, read back
	[ "$FIRMWARE" = pvhefi ] && expect=$expect,loader-vars # systemd's boot loader interface
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
		line='pvhefi: LoadImage: in place at' # the embedded bzImage runs where it lies
	fi
	judge "$title ($(($(now) - t0)) s)" "$elog" "$expect" "${line:-}"
}

