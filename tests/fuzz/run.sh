#!/bin/sh
# Runs each fuzz target for SECONDS (or FUZZ_RUNS executions, when set and sooner) from its
# seeds (tests/fuzz/corpus/TARGET, and for pe also the EFI test programs and pe_mkseeds' images)
# and the corpus earlier runs grew (kept under BUILD/fuzz/work/TARGET, never in the tree). A
# Debian kernel (bzImage) and a UKI (systemd's stub, package systemd-boot-efi) are too big to
# fuzz from: when build/ has them (or the stub is there to make the UKI), the pe target first
# runs them once, whole. Prints executions per target; fails when any target crashed (its
# input is kept as BUILD/fuzz/work/TARGET-crash-*, its log as BUILD/fuzz/work/TARGET.log).
# Usage: tests/fuzz/run.sh BUILD SECONDS TARGET...
cd "$(dirname "$0")/../.." || exit 1
BUILD=$1 SECS=$2
shift 2
W=$BUILD/fuzz/work
mkdir -p "$W"
failed="" total=0 start=$(date +%s)

# A UKI: one the Linux or Xen tests made, else one of Debian's kernel (tests/linux/mkuki.sh).
find_uki() { # KERNEL
	uki=$(find build -name uki.efi 2>/dev/null | grep -v "^$W/" | head -1)
	[ -n "$uki" ] && { echo "$uki"; return; }
	[ "$W/uki.efi" -nt "$1" ] || { head -c 4096 /dev/zero >"$W/uki.initrd" &&
		tests/linux/mkuki.sh "$W/uki.efi" "$1" "$W/uki.initrd" "console=ttyS0" 2>/dev/null; } || return
	echo "$W/uki.efi"
}

# Seeds made at run time for pe: pe_mkseeds' images, the EFI programs, the first 64 KiB of the
# big ones (their headers: something for the mutations to work on).
pe_seeds() {
	rm -rf "$W/pe-seeds" && mkdir -p "$W/pe-seeds" && "$BUILD/fuzz/pe_mkseeds" "$W/pe-seeds" || return 1
	cp "$BUILD"/efi/*.efi "$W/pe-seeds/" 2>/dev/null
	BIG=$(ls build/kernels/*/vmlinuz 2>/dev/null | head -1)
	[ -n "$BIG" ] && BIG="$BIG $(find_uki "$BIG")"
	for f in $BIG; do head -c 65536 "$f" >"$W/pe-seeds/head-$(echo "$f" | tr / _)"; done
	return 0
}

for t in "$@"; do
	opts="-max_total_time=$SECS ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -print_final_stats=1 -timeout=10 -rss_limit_mb=2048"
	extra=""
	case $t in
	pe) pe_seeds || { echo "fuzz pe: cannot make the seeds"; failed="$failed $t"; continue; }
		extra="$W/pe-seeds"
		for f in $BIG; do # whole, once: parsed and loaded like any input
			if "$BUILD/fuzz/fuzz_pe" -artifact_prefix="$W/pe-" "$f" >"$W/pe-big.log" 2>&1; then
				echo "fuzz pe: $f ($(($(wc -c <"$f") >> 10)) KiB) runs once, no crash"
			else
				echo "fuzz pe: $f CRASHED"; tail -30 "$W/pe-big.log"; failed="$failed pe-big"
			fi
		done ;;
	start_info) opts="$opts -max_len=131072" ;; # room for a 64 KiB command line
	memmap) opts="$opts -max_len=2048" ;; # ~300 calls: every one is checked against the model
	variables) opts="$opts -max_len=512" ;; # ~50 calls, the store read whole after each
	esac
	mkdir -p "$W/$t"
	t0=$(date +%s)
	"$BUILD/fuzz/fuzz_$t" $opts -artifact_prefix="$W/$t-" "$W/$t" "tests/fuzz/corpus/$t" $extra >"$W/$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/$t.log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$W/$t.log" | tail -1)
	total=$((total + ${execs:-0}))
	if [ $rc = 0 ]; then
		echo "fuzz $t: ${execs:-?} executions in $(($(date +%s) - t0)) s (${rate:-?}/s), corpus $(ls "$W/$t" | wc -l) inputs, no crash"
	else
		echo "fuzz $t: CRASH (status $rc) after ${execs:-?} executions; input $(ls -t "$W/$t"-crash-* "$W/$t"-leak-* "$W/$t"-timeout-* "$W/$t"-oom-* 2>/dev/null | head -1)"
		grep -v '^#' "$W/$t.log" | tail -40
		failed="$failed $t"
	fi
done
echo "fuzz: $# targets, $total executions in $(($(date +%s) - start)) s${failed:+, FAILED:$failed}"
[ -z "$failed" ]
