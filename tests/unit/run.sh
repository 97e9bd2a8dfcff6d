#!/bin/sh
# Runs every cmocka unit-test binary given and ends with one "N passed, N failed" line. A binary
# fails when it exits non-zero, when cmocka skipped a test (a skip hides a check that never ran),
# or when it passed no test at all.
[ $# -gt 0 ] || { echo "unit test programs: 0 passed, 1 failed (none given)"; exit 1; }
# The format judged below is cmocka's standard one; its summary lines go partly to stderr.
CMOCKA_MESSAGE_OUTPUT=stdout
export CMOCKA_MESSAGE_OUTPUT
# UBSan reports and goes on unless told: undefined behaviour must fail the test that hits it.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
pass=0; fail=0
for t in "$@"; do
	"$t" >"$out" 2>&1
	rc=$?
	cat "$out"
	why=""
	[ "$rc" -eq 0 ] || why="exit status $rc"
	grep -q '^\[  SKIPPED \]' "$out" && why="${why:+$why, }skipped tests"
	n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' "$out")
	[ "${n:-0}" -gt 0 ] || why="${why:+$why, }no test passed"
	if [ -z "$why" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "unit: FAILED: $t ($why)"
	fi
done
echo "unit test programs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
