#!/bin/sh
# Boot benchmark (make bench). One Debian cloud kernel and one tiny initramfs
# (tools/bench-init.sh: prints its /proc/uptime and MemTotal, powers off) booted to userspace
# along every path, on q35 and on microvm, with the same QEMU options (-m 512, -smp 1,
# -vga none, -net none) and the same kernel command line:
#   pvhefi   pvhefi with the kernel, initramfs and command line embedded (-kernel pvhefi.elf)
#   pvh      the kernel's own PVH entry: -kernel vmlinux (the ELF inside the bzImage)
#   qboot    -bios qboot.rom -kernel bzImage -initrd -append
#   seabios  SeaBIOS -kernel bzImage (QEMU's default BIOS on q35; on microvm, whose default is
#            qboot, -bios /usr/share/seabios/bios-microvm.bin)
#   ovmf     -bios OVMF.fd -kernel bzImage (q35 only: OVMF has no microvm support)
# Rounds are interleaved (round r boots every path on every machine, the order rotating each
# round) so that load from other jobs falls on all alike. Serial lines are time-stamped as they
# arrive, counted from QEMU's start (tools/bench/stamp.pl); tools/bench/measure.awk reads each
# log; tools/bench/report.awk gives median [min-max] per path, the per-round ratios to pvhefi
# and pvhefi's milestones; gnuplot draws the chart (tools/bench/chart.gp). A failed boot
# (timeout, no init line) is reported and left out. Every command line carries pvhefi.timeline
# (pvhefi then prints its milestones; Linux ignores the word). A tool to run by hand, not a test.
#   tools/bench.sh [-n ROUNDS] [-k 6.1|6.12] [-t TIMEOUT_S] [-m "q35 microvm"]
#                  [-p "pvhefi pvh qboot seabios ovmf"] [-a auto|kvm|tcg] [-v]
# Defaults: 7 rounds, 6.1, 30 s a boot, every machine and path, -a auto (BENCH_ACCEL):
# KVM when /dev/kvm works (a probe boot), else TCG. -v adds loglevel=7 to time "Linux version".
# Output: the tables on stdout and in build/bench/bench.md, the chart in build/bench/bench.png,
# the serial logs in build/bench/logs/.
set -e
cd "$(dirname "$0")/.."
N=7 KVER=6.1 TMO=30 MACHINES="q35 microvm" PATHS="pvhefi pvh qboot seabios ovmf"
ACCEL=${BENCH_ACCEL:-auto} VERBOSE=
usage() {
	echo "usage: $0 [-n ROUNDS] [-k 6.1|6.12] [-t TIMEOUT_S] [-m MACHINES] [-p PATHS] [-a auto|kvm|tcg] [-v]" >&2
	exit 2
}
while getopts n:k:t:m:p:a:v o; do
	case $o in
	n) N=$OPTARG ;; k) KVER=$OPTARG ;; t) TMO=$OPTARG ;; m) MACHINES=$OPTARG ;;
	p) PATHS=$OPTARG ;; a) ACCEL=$OPTARG ;; v) VERBOSE=loglevel=7 ;; *) usage ;;
	esac
done
case $N in '' | *[!0-9]* | 0) usage ;; esac
case $ACCEL in auto | kvm | tcg) ;; *) usage ;; esac
QBOOT=${QBOOT:-/usr/share/qemu/qboot.rom}
SEABIOS_MICROVM=${SEABIOS_MICROVM:-/usr/share/seabios/bios-microvm.bin}
OVMF=${OVMF:-/usr/share/ovmf/OVMF.fd}
QEMU="qemu-system-x86_64 -m 512 -smp 1 -nographic -no-reboot -net none -vga none"
CMDLINE="console=ttyS0 quiet" # embedded in pvhefi, QEMU -append for the others
W=build/bench
B=tools/bench

# ---- the pieces ---------------------------------------------------------------------------
prepare() {
	KDIR=$(tools/fetch-kernel.sh "$KVER")
	VMLINUZ=$KDIR/vmlinuz
	VMLINUX=$W/vmlinux-$(basename "$KDIR")
	INITRD=$W/initrd.cpio
	mkdir -p $W
	rm -rf $W/logs && mkdir $W/logs
	[ "$VMLINUX" -nt "$VMLINUZ" ] || tests/linux/extract-vmlinux.sh "$VMLINUZ" "$VMLINUX"
	tools/mkinitramfs.sh $INITRD tools/bench-init.sh
	make -s BUILD=$W KERNEL="$VMLINUZ" INITRD=$INITRD CMDLINE="$CMDLINE" >$W/make.log 2>&1 ||
		{ cat $W/make.log; exit 1; }
	FW_KIB=$(sed -n 's/.*firmware \([0-9]*\) KiB in memory.*/\1/p' $W/make.log)
}

# qemu_file NAME: the file QEMU finds by that name in its data directories (e.g. its default BIOS)
qemu_file() {
	for d in $(qemu-system-x86_64 -L help); do [ -f "$d/$1" ] && { echo "$d/$1"; return; }; done
}
kib() { [ -f "$1" ] && echo "$(($(stat -L -c %s "$1") / 1024)) KiB $(basename "$1")" || echo "-"; }

# ---- the accelerator: KVM only when a probe boot reaches the init -------------------------
pick_accel() {
	if [ "$ACCEL" != auto ]; then
		ACCEL_WHY="forced (-a or BENCH_ACCEL)"
	elif [ ! -e /dev/kvm ]; then
		ACCEL=tcg ACCEL_WHY="no /dev/kvm"
	elif [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		ACCEL=tcg ACCEL_WHY="/dev/kvm is not usable by $(id -un)"
	else
		timeout 15 $QEMU -M q35 -accel kvm -kernel "$VMLINUX" -initrd $INITRD -append "$CMDLINE" \
			</dev/null >$W/logs/kvm-probe.log 2>&1 || true
		if grep -aq 'BENCH memtotal' $W/logs/kvm-probe.log; then
			ACCEL=kvm ACCEL_WHY="/dev/kvm works (a probe boot reached the init)"
		else
			why=$(tr -d '\r' <$W/logs/kvm-probe.log | grep -a 'KVM internal error\|emulation failure\|qemu-system-x86_64: ' |
				grep -v 'warning:\|terminating on signal' | head -1)
			ACCEL=tcg ACCEL_WHY="/dev/kvm exists but a probe boot with KVM did not reach the init in 15 s${why:+ ($why)}; see $W/logs/kvm-probe.log"
		fi
	fi
}

# host_khz: the TSC rate a microvm guest is told under TCG (it has nothing to calibrate against)
host_khz() { awk -F: '/^cpu MHz/ { printf "%d\n", $2 * 1000; exit }' /proc/cpuinfo; }

# extra MACHINE: what goes after the embedded command line (pvhefi gets it through -append)
extra() {
	e=pvhefi.timeline
	[ "$1" = microvm ] && [ "$ACCEL" = tcg ] && e="$e tsc_early_khz=$KHZ"
	echo "$e${VERBOSE:+ $VERBOSE}"
}

# not_applicable MACHINE PATH: why that path cannot boot on that machine (nothing when it can)
not_applicable() {
	[ "$1 $2" = "microvm ovmf" ] && echo "Debian has no microvm OVMF"
	return 0
}

# boot MACHINE PATH LOG: one boot, its serial output time-stamped into LOG
boot() {
	m=$1 p=$2 log=$3
	case $p in
	pvhefi) set -- -kernel $W/pvhefi.elf -append "$(extra $m)" ;;
	pvh) set -- -kernel "$VMLINUX" -initrd $INITRD -append "$CMDLINE $(extra $m)" ;;
	qboot) set -- -bios "$QBOOT" -kernel "$VMLINUZ" -initrd $INITRD -append "$CMDLINE $(extra $m)" ;;
	seabios) set -- -kernel "$VMLINUZ" -initrd $INITRD -append "$CMDLINE $(extra $m)"
		[ $m = microvm ] && set -- -bios "$SEABIOS_MICROVM" "$@" ;;
	ovmf) set -- -bios "$OVMF" -kernel "$VMLINUZ" -initrd $INITRD -append "$CMDLINE $(extra $m)" ;;
	esac
	$B/stamp.pl timeout "$TMO" $QEMU -M $m -accel $ACCEL "$@" </dev/null >"$log"
}

# rotate K WORDS...: the words, starting at the K-th (mod their count)
rotate() { k=$1; shift; echo "$*" | awk -v k="$k" '{ for (i = 0; i < NF; i++) printf "%s ", $((k + i) % NF + 1) }'; }

# ---- the rounds ---------------------------------------------------------------------------
run_rounds() {
	: >$W/results
	r=1
	while [ $r -le "$N" ]; do
		for m in $MACHINES; do
			for p in $(rotate $((r - 1)) $PATHS); do
				[ -n "$(not_applicable $m $p)" ] && continue
				log=$W/logs/$r-$m-$p.log
				boot $m $p "$log"
				awk -v round=$r -v machine=$m -v path=$p -v timeout="$TMO" -f $B/measure.awk "$log" >>$W/results
				tail -n 1 $W/results | grep -q " FAIL " &&
					echo "round $r/$N $m $p: FAILED, $(tail -n 1 $W/results | cut -d' ' -f5-) ($log)" >&2 ||
					echo "round $r/$N $m $p: init $(sed -n "s/^$r $m $p init //p" $W/results) s" >&2
			done
		done
		r=$((r + 1))
	done
}

# ---- the report ---------------------------------------------------------------------------
sizes() {
	for m in $MACHINES; do
		echo "$m pvhefi $FW_KIB KiB in memory"
		echo "$m pvh none"
		echo "$m qboot $(kib "$QBOOT")"
		[ $m = microvm ] && echo "$m seabios $(kib "$SEABIOS_MICROVM")" || echo "$m seabios $(kib "$(qemu_file bios-256k.bin)")"
		echo "$m ovmf $(kib "$OVMF")"
	done
}

header() {
	echo "# pvhefi boot benchmark"
	echo
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); N=$N interleaved rounds, which took $(date -u -d @$((END - START)) +%-Mm%Ss)"
	echo "- machine: $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(nproc) CPUs;" \
		"load average before $LOAD0, after $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- QEMU $(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p'), accelerator $ACCEL: $ACCEL_WHY"
	echo "- kernel: $(basename "$KDIR") (the same bzImage for every path; its ELF vmlinux for the PVH entry)"
	echo "- QEMU: \`$QEMU -M q35|microvm -accel $ACCEL\`"
	echo "- kernel command line, every path: \`$CMDLINE $(extra q35)\`" \
		"$(echo " $MACHINES " | grep -q ' microvm ' && [ $ACCEL = tcg ] && echo "(on microvm also \`tsc_early_khz=$KHZ\`: under TCG Linux has nothing to calibrate the TSC against there)")"
	echo
	echo "Times in seconds since QEMU started, median [min-max] over the successful boots; \"-\": no data."
	echo "Before Linux's clock: the init's line minus its /proc/uptime (QEMU start, firmware, EFI stub or"
	echo "real-mode setup, decompression, the kernel's first steps). x / pvhefi: the median of the per-round"
	echo "ratios to pvhefi on the same machine. On q35 QEMU starts both PVH ELFs (pvhefi.elf, vmlinux)"
	echo "through SeaBIOS and its pvh.bin option ROM, on microvm through qboot (Debian's default bios-microvm.bin)."
	echo "pvhefi's own time: from its first instruction to the payload's entry (its timeline's payload-entry"
	echo "milestone with \`pvhefi.timeline\`, else its \"starting the payload ... at N us\" line)."
	echo "OVMF is not booted on microvm: Debian ships OVMF.fd for pc/q35 only (no edk2 MicrovmX64 build),"
	echo "and that file hangs on microvm without printing a line."
	echo
}

report() {
	sizes >$W/sizes
	rm -f $W/chart.dat $W/bench.png
	: >$W/notapplicable
	for m in $MACHINES; do for p in $PATHS; do
		why=$(not_applicable $m $p)
		[ -z "$why" ] || echo "$m $p $why" >>$W/notapplicable
	done; done
	{
		header
		awk -v machines="$MACHINES" -v paths="$PATHS" -v chart=$W/chart.dat -f $B/report.awk \
			$W/sizes $W/notapplicable $W/results
		if [ -s $W/chart.dat ]; then printf "\n![chart](bench.png)\n"; fi
	} >$W/bench.md
	cat $W/bench.md
	chart
}

# chart: build/bench/bench.png from report.awk's chart data (paths not run are named on it)
chart() {
	[ -s $W/chart.dat ] || return 0
	note=$(awk '{ m = $1; p = $2 == "ovmf" ? "OVMF" : $2; $1 = $2 = ""; sub(/^ +/, ""); printf "%s %s: not run, %s. ", m, p, $0 }' $W/notapplicable)
	title="time to init, $(basename "$KDIR"), QEMU $ACCEL, N=$N, $(date -u +%Y-%m-%d)"
	gnuplot -e "data='$W/chart.dat'; out='$W/bench.png'; title=\"$title\"; note=\"$note\"" $B/chart.gp &&
		echo "chart: $W/bench.png, table: $W/bench.md" >&2
}

tools/install-deps.sh gnuplot-nox seabios qemu-system-data perl >&2
prepare
pick_accel
KHZ=$(host_khz)
echo "pvhefi bench: $N rounds of $PATHS on $MACHINES, $(basename "$KDIR"), accelerator $ACCEL ($ACCEL_WHY)" >&2
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
run_rounds
END=$(date +%s)
report
