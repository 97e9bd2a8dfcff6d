#!/bin/sh
# Runs the in-guest EFI test programs on pvhefi and/or on OVMF (the reference) in QEMU.
#   tests/efi/run.sh [pvhefi|ovmf|both] [program...]     (default: both, every program)
# Each run must print "PVHEFI-TEST <program>: N passed, M failed" on the serial line; a missing
# line (timeout, crash), N = 0 (nothing was checked), M > 0 or a "SKIP" line fails the run: a
# check that cannot run on a machine is replaced there by one that can (tests/efi/lib/machine.h).
# Logs: $EFI_BUILD/logs/<firmware>-<machine>-<prog>.log
# pvhefi runs: the firmware is built with the program as its payload in build/efitest-<prog>
# (make KERNEL=... CMDLINE=pvhefi), and the program's LoadOptions are the word "pvhefi". The
# checks of what pvhefi promises beyond the spec (a sorted, merged memory map; LoadOptions from
# CMDLINE) and of answers where the spec lets pvhefi and OVMF differ (BY_FIRMWARE in
# tests/efi/lib/check.h) look for that word; OVMF runs have no LoadOptions. OVMF runs boot the
# program as EFI/BOOT/BOOTX64.EFI of a QEMU vvfat disk with -vga none: no display, so no GOP
# there either.
# Environment: EFI_BUILD (default build/efitest), OVMF (default /usr/share/ovmf/OVMF.fd),
# EFI_TEST_TIMEOUT (seconds per run, default 60).
set -u
cd "$(dirname "$0")/../.." || exit 1

firmware=${1:-both}
[ $# -gt 0 ] && shift
case $firmware in pvhefi|ovmf|both) ;; *) echo "usage: $0 [pvhefi|ovmf|both] [program...]"; exit 2;; esac
progs=${*:-memtest protocoltest bstest eventtest imagetest ebstest rttest vartest tpltest cputest memattrtest}
EFI_BUILD=${EFI_BUILD:-build/efitest}
OVMF=${OVMF:-/usr/share/ovmf/OVMF.fd}
TIMEOUT=${EFI_TEST_TIMEOUT:-60}
logs=$EFI_BUILD/logs
passed=0
failed=0

mkdir -p "$logs"
targets=""
for prog in $progs; do
	[ -f "tests/efi/$prog.c" ] || { echo "efi: no such test program: $prog"; exit 2; }
	targets="$targets $EFI_BUILD/efi/$prog.efi"
done
make -s BUILD="$EFI_BUILD" $targets || { echo "efi tests: 0 passed, 1 failed (build)"; exit 1; }

# The serial log without terminal escapes and carriage returns (OVMF's console sends both).
clean_log() {
	sed 's/\x1b\[[0-9;=?]*[A-Za-z]//g; s/\r//g' "$1"
}

# judge NAME LOG RC [reset]: prints the run's line and counts it. With "reset", the program's
# closing ResetSystem (before or after ExitBootServices) must have ended the VM itself.
judge() {
	line=$(clean_log "$2" | grep -a -o 'PVHEFI-TEST [a-z]*: [0-9]* passed, [0-9]* failed' | tail -n 1)
	if [ -z "$line" ]; then
		why="crash"
		[ "$3" -eq 124 ] && why="timeout after ${TIMEOUT}s"
		echo "efi: $1: FAILED: no PVHEFI-TEST line ($why, qemu status $3); log tail:"
		clean_log "$2" | tail -n 15 | sed 's/^/    | /'
		failed=$((failed + 1))
		return
	fi
	npass=$(echo "$line" | sed 's/.*: \([0-9]*\) passed.*/\1/')
	nfail=$(echo "$line" | sed 's/.* \([0-9]*\) failed/\1/')
	if [ "${4:-}" = reset ] && clean_log "$2" | grep -aq 'pvhefi: payload returned'; then
		echo "efi: $1: FAILED: ResetSystem returned instead of ending the VM"
		failed=$((failed + 1))
	elif [ "$npass" -eq 0 ]; then
		echo "efi: $1: FAILED: the program ran no check (${line#PVHEFI-TEST })"
		failed=$((failed + 1))
	elif clean_log "$2" | grep -aq '^SKIP '; then
		echo "efi: $1: FAILED: a check was skipped:"
		clean_log "$2" | grep -a '^SKIP ' | sed 's/^/    | /'
		failed=$((failed + 1))
	elif [ "$nfail" -eq 0 ]; then
		echo "efi: $1: ok (${line#PVHEFI-TEST })"
		passed=$((passed + 1))
	else
		echo "efi: $1: FAILED (${line#PVHEFI-TEST }); failing checks:"
		clean_log "$2" | grep -a '^FAIL ' | sed 's/^/    | /'
		failed=$((failed + 1))
	fi
}

# A run is "machine" or "machine:memory" (default 512 MiB); the machine may carry QEMU
# options (microvm,rtc=off).
machine_of() { echo "${1%%:*}"; }
memory_of() { case $1 in *:*) echo "${1#*:}";; *) echo 512;; esac; }

# What the run's machine has, for the programs' machine_has() (tests/efi/lib/machine.h), given
# through QEMU's fw_cfg: q35 and pc have an ACPI PM timer and a revision 0 RSDP, microvm has
# hardware-reduced ACPI 2.0 (no PM timer); q35 with 3 GiB keeps 1 GiB of it above 4 GiB. Each
# has a CMOS RTC ("rtc"), microvm unless rtc=off: its rtc=auto means on under TCG, which is
# what these runs use (under KVM it would mean off).
machine_words() {
	machine=$(machine_of "$1")
	name=${machine%%,*}
	case $name in
	q35 | pc) words="$name pm-timer rsdp-rev0" ;;
	*) words=$name ;;
	esac
	case ,$machine, in *,rtc=off,*) ;; *) words="$words rtc" ;; esac
	[ "$1" = q35:3G ] && words="$words ram-above-4g"
	echo "name=opt/pvhefi/machine,string=$words"
}

run_ovmf() {
	prog=$1
	shift
	esp=$EFI_BUILD/esp-$prog
	rm -rf "$esp"
	mkdir -p "$esp/EFI/BOOT"
	cp "$EFI_BUILD/efi/$prog.efi" "$esp/EFI/BOOT/BOOTX64.EFI"
	for run in "$@"; do
		log=$logs/ovmf-$run-$prog.log
		# -vga none: no display, so ConOut is the serial terminal alone.
		timeout "$TIMEOUT" qemu-system-x86_64 -M "$(machine_of "$run")" -m "$(memory_of "$run")" \
			-nographic -vga none -no-reboot -net none -bios "$OVMF" \
			-fw_cfg "$(machine_words "$run")" -drive format=raw,file=fat:rw:"$esp" \
			</dev/null >"$log" 2>&1
		judge "ovmf $run $prog" "$log" $?
	done
}

run_pvhefi() {
	prog=$1
	shift
	fwbuild=build/efitest-$prog
	if ! make -s BUILD="$fwbuild" KERNEL="$EFI_BUILD/efi/$prog.efi" CMDLINE=pvhefi \
		"$fwbuild/pvhefi.elf" >"$logs/build-$prog.log" 2>&1; then
		echo "efi: pvhefi $prog: FAILED: firmware build failed; log tail:"
		tail -n 15 "$logs/build-$prog.log" | sed 's/^/    | /'
		failed=$((failed + 1))
		return
	fi
	for run in "$@"; do
		log=$logs/pvhefi-$run-$prog.log
		timeout "$TIMEOUT" qemu-system-x86_64 -M "$(machine_of "$run")" -m "$(memory_of "$run")" \
			-nographic -no-reboot -net none -fw_cfg "$(machine_words "$run")" \
			-kernel "$fwbuild/pvhefi.elf" </dev/null >"$log" 2>&1
		judge "pvhefi $run $prog" "$log" $? reset
	done
}

for prog in $progs; do
	# memtest also runs with RAM above 4 GiB (q35 keeps 2 GiB below it).
	case $prog in
	memtest) ovmf_runs="q35 q35:3G"; pvhefi_runs="q35 q35:3G pc microvm" ;;
	# cputest: the VMM's entry path (SeaBIOS's pvh.bin, qboot) leaves other FPU state.
	bstest|eventtest|cputest|memattrtest) ovmf_runs="q35"; pvhefi_runs="q35 pc microvm" ;;
	# rttest: GetTime/SetTime with and without a CMOS RTC, ResetSystem after
	# SetVirtualAddressMap through each machine's reset path.
	rttest) ovmf_runs="q35"; pvhefi_runs="q35 pc microvm microvm,rtc=off" ;;
	tpltest) ovmf_runs="q35"; pvhefi_runs="q35 microvm" ;;
	*) ovmf_runs="q35"; pvhefi_runs="q35" ;;
	esac
	[ "$firmware" != pvhefi ] && run_ovmf "$prog" $ovmf_runs
	[ "$firmware" != ovmf ] && run_pvhefi "$prog" $pvhefi_runs
done

echo "efi tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
