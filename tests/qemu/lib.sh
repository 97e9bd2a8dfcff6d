# Shared by the QEMU test scripts: build a pvhefi image, boot it bounded in time, check the log.
# Every check prints PASS/FAIL with the reason; summary() prints "N passed, N failed".

PASSED=0
FAILED=0
LOGDIR=${LOGDIR:-build/test-logs}
mkdir -p "$LOGDIR"

# build_image NAME [make variables...]: builds build/t-NAME/pvhefi.elf
build_image() {
	name=$1; shift
	make -s BUILD="build/t-$name" "$@" >"$LOGDIR/$name.build" 2>&1 || {
		echo "build of $name failed:"; tail -20 "$LOGDIR/$name.build"; return 1; }
}

# boot LOG MACHINE MEM ELF [extra qemu args...]: QEMU exits by itself or is killed after
# ${BOOT_TIMEOUT:-60} s; BOOT_RC is QEMU's exit status (124 = it had to be killed: a hang).
boot() {
	log=$1 machine=$2 mem=$3 elf=$4; shift 4
	timeout "${BOOT_TIMEOUT:-60}" qemu-system-x86_64 -M "$machine" -m "$mem" -nographic \
		-no-reboot -net none -kernel "$elf" "$@" </dev/null >"$log" 2>&1
	BOOT_RC=$?
}

pass() { PASSED=$((PASSED + 1)); echo "PASS $1"; }
fail() {
	FAILED=$((FAILED + 1)); echo "FAIL $1: $2"
	[ -n "${3:-}" ] && [ -f "$3" ] && { echo "----- last lines of $3"; tail -15 "$3" | tr -d '\r'; echo "-----"; }
}

# expect NAME LOG PATTERN...: the VM ended by itself and the log has every pattern (grep -E).
expect() {
	name=$1 log=$2; shift 2
	if [ "$BOOT_RC" = 124 ]; then fail "$name" "timed out: the VM did not end by itself" "$log"; return; fi
	for p in "$@"; do
		grep -aqE -- "$p" "$log" || { fail "$name" "no line matching '$p'" "$log"; return; }
	done
	pass "$name"
}

# A run that passed nothing fails too: it checked nothing (e.g. every case was left out).
summary() {
	echo "$1: $PASSED passed, $FAILED failed"
	[ "$PASSED" -gt 0 ] || echo "$1: FAILED: no check passed"
	[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
}
