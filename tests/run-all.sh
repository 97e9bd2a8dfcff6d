#!/bin/sh
# make check: every suite runs even when an earlier one fails; the last line sums them up.
cd "$(dirname "$0")/.." || exit 1
failed=""
suite() {
	name=$1; shift
	echo "===== $name: $*"
	start=$(date +%s)
	if "$@"; then status=ok; else status=FAILED; failed="$failed $name"; fi
	echo "===== $name: $status in $(($(date +%s) - start)) s"
}
suite unit make -s unit
suite fuzz make -s fuzz-smoke
suite efi tests/efi/run.sh
suite qemu tests/qemu/run.sh
suite linux tests/linux/run.sh
suite linux-errors tests/linux/errors.sh
suite xen tests/xen/run.sh
if [ -n "$failed" ]; then
	echo "make check: failed suites:$failed"
	exit 1
fi
echo "make check: every suite passed"
