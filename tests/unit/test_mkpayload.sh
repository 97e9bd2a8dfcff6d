#!/bin/sh
# tools/mkpayload: a good payload's layout, and every way it must refuse to write one (issue 9
# defect 9): an input that is shorter or longer than the size it recorded, the same kind twice,
# a write that fails. A refused payload leaves no output file behind (make would take a partial
# one for up to date). Run by `make unit` through tests/unit/mkpayload.mk; it ends with cmocka's
# summary line, which tests/unit/run.sh reads for every unit program.
# Usage: tests/unit/test_mkpayload.sh PATH/TO/mkpayload
MKPAYLOAD=$1
T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS mkpayload: $1"; }
bad() { fail=$((fail + 1)); echo "FAIL mkpayload: $1"; }

# refuses NAME PATTERN ARGS...: mkpayload exits non-zero, says PATTERN, leaves no $T/out.
refuses() {
	name=$1 pattern=$2; shift 2
	rm -f "$T/out"
	if "$MKPAYLOAD" "$T/out" "$@" >"$T/err" 2>&1; then
		bad "$name: exit status 0"
	elif ! grep -q -- "$pattern" "$T/err"; then
		bad "$name: no message matching '$pattern' in: $(cat "$T/err")"
	elif [ -e "$T/out" ]; then
		bad "$name: left a partial $T/out behind"
	else
		ok "$name"
	fi
}

u32() { od -An -tu4 -j"$2" -N4 "$1" | tr -d ' '; }
u64() { od -An -tu8 -j"$2" -N8 "$1" | tr -d ' '; }

head -c 5000 /dev/urandom >"$T/kernel"
head -c 123 /dev/urandom >"$T/initrd"
if "$MKPAYLOAD" "$T/out" --kernel "$T/kernel" --initrd "$T/initrd" --cmdline "console=ttyS0" 2>"$T/err"; then
	good=1
	[ "$(head -c 8 "$T/out")" = PVHEFIPL ] || good=0
	[ "$(u32 "$T/out" 12)" = 3 ] || good=0
	# entry i: kind at 16 + 24 i, offset at +8, size at +16; blobs are page-aligned
	i=0
	for f in kernel initrd cmdline; do
		off=$(u64 "$T/out" $((24 + 24 * i))) size=$(u64 "$T/out" $((32 + 24 * i)))
		[ $((off % 4096)) = 0 ] || good=0
		if [ $f = cmdline ]; then
			[ "$(dd if="$T/out" bs=1 skip="$off" count="$size" status=none)" = console=ttyS0 ] || good=0
		else
			dd if="$T/out" of="$T/blob" bs=4096 skip=$((off / 4096)) status=none &&
				head -c "$size" "$T/blob" | cmp -s - "$T/$f" || good=0
		fi
		i=$((i + 1))
	done
	[ $good = 1 ] && ok "a kernel, an initrd and a command line, each where the header says" ||
		bad "the good payload's layout"
else
	bad "the good payload: $(cat "$T/err")"
fi

refuses "the same kind twice" "given twice" --kernel "$T/kernel" --kernel "$T/initrd"
refuses "the command line twice" "given twice" --kernel "$T/kernel" --cmdline a --cmdline b
# sysfs announces 4096 bytes and holds a few: like a file that shrank while it was read.
refuses "an input shorter than its recorded size" "shrank" --kernel /sys/devices/system/cpu/online
# procfs announces 0 bytes and holds more: like a file that grew while it was read.
refuses "an input longer than its recorded size" "grew" --kernel /proc/self/status
refuses "a missing input" "cannot" --kernel "$T/missing"
refuses "an option without a value" "without a value" --kernel
# Writes to /dev/full fail; the device itself is no partial output to remove.
if "$MKPAYLOAD" /dev/full --kernel "$T/kernel" >"$T/err" 2>&1; then
	bad "a failing write: exit status 0"
elif ! [ -c /dev/full ]; then
	bad "a failing write: /dev/full is gone"
elif grep -q "write" "$T/err"; then
	ok "a failing write (/dev/full)"
else
	bad "a failing write: no message about it in: $(cat "$T/err")"
fi

echo "mkpayload: $pass passed, $fail failed"
[ $fail = 0 ] && echo "[  PASSED  ] $pass test(s)." || echo "[  FAILED  ] $fail test(s)."
[ $fail = 0 ]
