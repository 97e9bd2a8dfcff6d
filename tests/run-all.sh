#!/bin/sh
# make check: every suite runs even when an earlier one fails; the last line sums them up.
# pe-samples runs the PE loader on the built EFI programs and the Debian kernels, which it
# downloads once when they are not there yet (tests/linux and tests/xen boot them later).
cd "$(dirname "$0")/.." || exit 1
failed=""
npass=0
nfail=0
suite() {
	name=$1; shift
	echo "===== $name: $*"
	start=$(date +%s)
	if "$@"; then
		status=ok; npass=$((npass + 1))
	else
		status=FAILED; nfail=$((nfail + 1)); failed="$failed $name"
	fi
	echo "===== $name: $status in $(($(date +%s) - start)) s"
}
suite unit make -s unit
suite pe-samples make -s pe-samples
suite fuzz make -s fuzz-smoke
suite efi tests/efi/run.sh
suite qemu tests/qemu/run.sh
suite pack tests/pack/run.sh
suite linux tests/linux/run.sh
suite linux-errors tests/linux/errors.sh
suite soak tests/linux/soak.sh 12
suite xen tests/xen/run.sh
[ -n "$failed" ] && echo "make check: failed suites:$failed"
[ "$npass" -gt 0 ] || echo "make check: no suite passed"
echo "suites: $npass passed, $nfail failed"
[ -z "$failed" ] && [ "$npass" -gt 0 ]
