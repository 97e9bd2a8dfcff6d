#!/bin/sh
# Boot benchmark: one Debian cloud kernel and one tiny initramfs (tools/bench-init.sh) booted
#   pvhefi  pvhefi with the kernel, initramfs and command line embedded (QEMU -kernel pvhefi.elf)
#   OVMF    -bios OVMF.fd, QEMU -kernel vmlinuz -initrd -append (OVMF loads it through fw_cfg)
#   PVH     the kernel's own PVH entry: QEMU -kernel vmlinux (the ELF inside the bzImage)
# on the same machine (q35, 512 MiB, -vga none), interleaved (pvhefi OVMF PVH, pvhefi OVMF PVH,
# ...) so that load from other jobs falls on all three alike. Prints medians [min-max] and the
# ratios to pvhefi. A tool to run by hand, not a test: the figures depend on the machine.
#   tools/bench.sh [-n RUNS] [-k 6.1|6.12] [-t TIMEOUT_S] [-v]     (defaults: 5, 6.1, 120)
# The command line is "console=ttyS0 quiet", so Linux prints nothing before the init and OVMF
# nothing at all: the time "before Linux's clock" (wall time at the init's line minus its
# /proc/uptime) stands for firmware + EFI stub + decompression. -v adds loglevel=7 (the EFI
# stub stays quiet) so that the "Linux version" line times the kernel's start directly.
# Needs Debian 12's qemu-system-x86, ovmf, busybox-static, perl, lz4/zstd. Logs: build/bench/logs.
set -e
cd "$(dirname "$0")/.."
N=5 KVER=6.1 TMO=120
VERBOSE=
while getopts n:k:t:v o; do
	case $o in
	n) N=$OPTARG ;; k) KVER=$OPTARG ;; t) TMO=$OPTARG ;; v) VERBOSE=loglevel=7 ;;
	*) echo "usage: $0 [-n RUNS] [-k 6.1|6.12] [-t TIMEOUT_S] [-v]" >&2; exit 2 ;;
	esac
done
OVMF=${OVMF:-/usr/share/ovmf/OVMF.fd}
W=build/bench
CMDLINE="console=ttyS0 quiet"
CONFIGS="pvhefi ovmf pvh"

# ---- the pieces ---------------------------------------------------------------------------
KDIR=$(tools/fetch-kernel.sh "$KVER")
VMLINUX=$W/vmlinux-$(basename "$KDIR")
mkdir -p $W/logs
[ "$VMLINUX" -nt "$KDIR/vmlinuz" ] || tests/linux/extract-vmlinux.sh "$KDIR/vmlinuz" "$VMLINUX"
tools/mkinitramfs.sh $W/initrd.cpio tools/bench-init.sh
make -s BUILD=$W KERNEL="$KDIR/vmlinuz" INITRD=$W/initrd.cpio CMDLINE="$CMDLINE" >$W/make.log 2>&1 ||
	{ cat $W/make.log; exit 1; }
FW_KIB=$(sed -n 's/.*firmware \([0-9]*\) KiB in memory.*/\1/p' $W/make.log)

# ---- one boot -----------------------------------------------------------------------------
# stamp CMD...: runs CMD with stdout and stderr into a pipe and prefixes every line with the
# seconds since just before the fork; the last line is "<time> QEMU-EXIT <status>".
stamp() {
	perl -MTime::HiRes=time -e '
		pipe(my $r, my $w) or die "pipe: $!";
		my $t0 = time;
		my $pid = fork // die "fork: $!";
		if (!$pid) { open(STDOUT, ">&", $w); open(STDERR, ">&", $w); exec @ARGV or die "exec: $!" }
		close $w; $| = 1;
		while (<$r>) { s/\r//g; printf "%.3f %s", time - $t0, $_ }
		waitpid $pid, 0;
		printf "%.3f QEMU-EXIT %d\n", time - $t0, $? >> 8' "$@"
}

# boot CONFIG LOG
boot() {
	case $1 in
	pvhefi) set -- "$2" -kernel $W/pvhefi.elf ${VERBOSE:+-append $VERBOSE} ;;
	ovmf) set -- "$2" -bios "$OVMF" -kernel "$KDIR/vmlinuz" -initrd $W/initrd.cpio \
		-append "$CMDLINE${VERBOSE:+ $VERBOSE}" ;;
	pvh) set -- "$2" -kernel "$VMLINUX" -initrd $W/initrd.cpio -append "$CMDLINE${VERBOSE:+ $VERBOSE}" ;;
	esac
	log=$1; shift
	stamp timeout "$TMO" qemu-system-x86_64 -M q35 -m 512 -nographic -no-reboot -net none \
		-vga none "$@" </dev/null >"$log"
}

# measure LOG ROUND: "init exit before_clock memtotal_kib fw_ms payload_wall linux_version round"
# ("-" when absent),
# or nothing when the boot failed (no init line, no MemTotal, or QEMU did not exit cleanly).
measure() {
	awk -v round="$2" '
	/BENCH uptime/ && !init { init = $1; up = $NF }
	/BENCH memtotal/ { mem = $NF }
	/pvhefi: starting the payload/ { fw = $(NF - 1) / 1000; pl = $1 }
	/Linux version/ && !lv { lv = $1 }
	/QEMU-EXIT/ { exit_t = $1; rc = $3 }
	END {
		if (!init || !mem || rc != 0) exit
		printf "%s %s %.3f %s %s %s %s %s\n", init, exit_t, init - up, mem, fw == "" ? "-" : fw,
			pl == "" ? "-" : pl, lv == "" ? "-" : lv, round
	}' "$1"
}

# ---- the runs, interleaved ----------------------------------------------------------------
START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
for c in $CONFIGS; do : >$W/results-$c; done
i=1
while [ $i -le "$N" ]; do
	for c in $CONFIGS; do
		log=$W/logs/$c-$i.log
		boot $c "$log"
		m=$(measure "$log" $i)
		if [ -n "$m" ]; then
			echo "$m" >>$W/results-$c
			echo "run $i $c: init $(echo "$m" | cut -d' ' -f1) s, exit $(echo "$m" | cut -d' ' -f2) s" >&2
		else
			echo "run $i $c: FAILED, QEMU status $(sed -n 's/.* QEMU-EXIT //p' "$log") (see $log)" >&2
		fi
	done
	i=$((i + 1))
done

# ---- the table ----------------------------------------------------------------------------
# spread: "median min max" of the numbers on stdin, one a line ("- - -" when none)
spread() {
	sort -n | awk '{ v[NR] = $1 }
	END {
		if (!NR) { print "- - -"; exit }
		print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR]
	}'
}
# stats CONFIG COLUMN: the spread of that column over the successful runs
stats() { cut -d' ' -f"$2" $W/results-$1 | grep -v '^-$' | spread; }
med() { stats "$1" "$2" | cut -d' ' -f1; }

# row LABEL COLUMN FORMAT: one column per configuration, "median [min-max]"
row() {
	printf '%-30s' "$1"
	for c in $CONFIGS; do
		stats $c "$2" | awk -v f="$3" '{
			if ($1 == "-") s = "-"
			else if ($2 == $3) s = sprintf(f, $1)
			else s = sprintf(f " [" f "-" f "]", $1, $2, $3)
			printf "%-24s", s }'
	done
	echo
}

# ratio CONFIG COLUMN: the median, over the rounds where both booted, of CONFIG's value divided
# by pvhefi's in the same round (the interleaving makes neighbours share the machine's load)
ratio() {
	awk -v c="$2" 'NR == FNR { p[$8] = $c; next } ($8 in p) && p[$8] > 0 { print $c / p[$8] }' \
		$W/results-pvhefi $W/results-$1 | spread | awk '{ print $1 == "-" ? "?" : sprintf("%.2fx", $1) }'
}

# ratios CONFIG NAME
ratios() {
	mem=$(echo "$(med $1 4) $(med pvhefi 4)" | awk '{ print $1 != "-" && $2 != "-" ? sprintf("%+d", $1 - $2) : "?" }')
	echo "$2/pvhefi: $(ratio $1 1) time to init, $(ratio $1 2) time to exit," \
		"$(ratio $1 3) time before Linux's clock, $mem KiB MemTotal"
}

# cost CONFIG: its median time before Linux's clock minus PVH's
cost() {
	echo "$(med $1 3) $(med pvh 3)" | awk '{ print $1 != "-" && $2 != "-" ? sprintf("%+.2f", $1 - $2) : "?" }'
}

ok() { wc -l <$W/results-$1 | tr -d ' '; }
echo
echo "pvhefi boot benchmark, $(date -u +%Y-%m-%d), $(basename "$KDIR"), QEMU $(qemu-system-x86_64 --version |
	sed -n '1s/.*version \([^ ]*\).*/\1/p') TCG -M q35 -m 512, $(nproc) CPUs, N=$N interleaved"
echo "command line: $CMDLINE${VERBOSE:+ $VERBOSE}"
echo "load average before/after: $START_LOAD / $(cut -d' ' -f1-3 /proc/loadavg);" \
	"successful runs: pvhefi $(ok pvhefi), OVMF $(ok ovmf), PVH $(ok pvh)"
echo "median [min-max]"
printf '%-30s%-24s%-24s%-24s\n' "" pvhefi OVMF "PVH (no firmware)"
row "init's first line (s)" 1 "%.2f"
row "QEMU exit (s)" 2 "%.2f"
row "before Linux's clock (s)" 3 "%.2f"
row "firmware, own timer (ms)" 5 "%.1f"
row "pvhefi starts payload (s)" 6 "%.2f"
[ -n "$VERBOSE" ] && row "\"Linux version\" line (s)" 7 "%.2f"
row "MemTotal (KiB)" 4 "%d"
printf '%-30s%-24s%-24s%-24s\n' "firmware image (KiB)" "$FW_KIB in memory" \
	"$(($(stat -c %s "$OVMF") / 1024)) OVMF.fd" "-"
echo
echo "ratios (median of the per-round ratios):"
ratios ovmf OVMF
ratios pvh PVH
echo "EFI boot cost before Linux's clock, against PVH: pvhefi $(cost pvhefi) s, OVMF $(cost ovmf) s"
echo "Times are seconds since QEMU started. Before Linux's clock: the init's line minus its"
echo "/proc/uptime, i.e. QEMU start, firmware, EFI stub, decompression and the kernel's first steps;"
echo "OVMF prints no line of its own, so this is its firmware time's proxy."
[ -n "$VERBOSE" ] && echo "The \"Linux version\" line (-v) marks the kernel's start directly."
exit 0
