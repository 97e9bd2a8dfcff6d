#!/bin/sh
# The generic firmware, pvhefi-pack and make install, as a user meets them: `make install` into
# a temporary DESTDIR installs a working set (the firmware, the tool, man pages that render, the
# xl example with the install paths); the installed pvhefi-pack packs an EFI program, --show
# lists it, QEMU boots it; its image is byte for byte what `make KERNEL=` links; a packed image
# packs again; every error is named (a firmware that is not pvhefi, a kernel that is not an
# x86_64 EFI image, an output that cannot be written); the installed generic firmware boots
# its first module and ends the VM with "no payload embedded" and what to do without one.
# Linux through the generic firmware and pvhefi-pack: tests/linux/run.sh, tests/xen/run.sh.
cd "$(dirname "$0")/../.." || exit 1
LOGDIR=${LOGDIR:-build/test-logs/pack}
. tests/qemu/lib.sh
W=build/t-pack
rm -rf $W && mkdir -p $W
D=$(mktemp -d) || exit 1
trap 'rm -rf "$D"' EXIT

make -s BUILD=build/t-apps build/t-apps/efi/hello.efi build/t-apps/efi/status.efi >$LOGDIR/apps.build 2>&1 ||
	{ fail "build the EFI programs" "see $LOGDIR/apps.build" $LOGDIR/apps.build; summary "pack tests"; exit 1; }
HELLO=build/t-apps/efi/hello.efi

# ---- make install ------------------------------------------------------------------------
if make -s BUILD=build/t-install install DESTDIR="$D" PREFIX=/usr >$LOGDIR/install.log 2>&1; then
	pass "make install DESTDIR=... PREFIX=/usr"
else
	fail "make install DESTDIR=... PREFIX=/usr" "see $LOGDIR/install.log" $LOGDIR/install.log
	summary "pack tests"
	exit 1
fi
FW=$D/usr/lib/pvhefi/pvhefi.elf PACK=$D/usr/bin/pvhefi-pack
missing=
for f in $FW $PACK $D/usr/share/man/man1/pvhefi-pack.1 $D/usr/share/man/man7/pvhefi.7 \
	$D/usr/share/doc/pvhefi/examples/xl-guest.cfg; do
	[ -s "$f" ] || missing="$missing ${f#$D}"
done
[ -x "$PACK" ] || missing="$missing (pvhefi-pack not executable)"
[ -z "$missing" ] && pass "the installed set is complete" || fail "the installed set is complete" "missing:$missing"
for m in man1/pvhefi-pack.1 man7/pvhefi.7; do
	warn=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$D/usr/share/man/$m" 2>&1 >/dev/null)
	if [ -n "$warn" ]; then
		fail "man page $m renders" "$warn"
	elif grep -q '@[A-Z]*@' "$D/usr/share/man/$m"; then
		fail "man page $m names the install paths" "a @...@ placeholder is left"
	else
		pass "man page $m renders and names /usr/lib/pvhefi/pvhefi.elf"
	fi
done
grep -q '^kernel *= "/usr/lib/pvhefi/pvhefi.elf"' $D/usr/share/doc/pvhefi/examples/xl-guest.cfg &&
	pass "the xl example starts the installed firmware" ||
	fail "the xl example starts the installed firmware" "no kernel = \"/usr/lib/pvhefi/pvhefi.elf\" line"

# ---- pack, show, boot with the installed tool ------------------------------------------------
# shows NAME IMAGE PATTERN...: --show's output has every pattern (grep -E)
shows() {
	name=$1 img=$2; shift 2
	"$PACK" --show "$img" >$W/show.out 2>&1 || { fail "$name" "--show failed: $(cat $W/show.out)"; return; }
	for p in "$@"; do
		grep -qE -- "$p" $W/show.out || { fail "$name" "no line matching '$p' in: $(cat $W/show.out)"; return; }
	done
	pass "$name"
}
shows "--show: the installed firmware is the generic one" $FW "kernel +none: the generic firmware" \
	"initrd +none embedded" "cmdline +none embedded"

hello_size=$(stat -c %s $HELLO)
if "$PACK" -o $W/hello.elf $FW --kernel $HELLO --cmdline "embedded=1" 2>$W/err; then
	pass "pvhefi-pack -o OUT FIRMWARE --kernel hello.efi --cmdline ..."
else
	fail "pvhefi-pack -o OUT FIRMWARE --kernel hello.efi --cmdline ..." "$(cat $W/err)"
fi
shows "--show: the packed image" $W/hello.elf "kernel +$hello_size bytes.*x86_64 EFI image" \
	'cmdline +"embedded=1"'
for m in q35 microvm; do
	boot $LOGDIR/hello-$m.log $m 256 $W/hello.elf -append "appended=2"
	expect "the packed image boots on -M $m" $LOGDIR/hello-$m.log \
		"Hello from an EFI application running on pvhefi" 'command line: "embedded=1 appended=2"' \
		"payload returned EFI_SUCCESS"
done

# pvhefi-pack does what the linker does: the same bytes as make KERNEL= CMDLINE= builds.
build_image pack-hello KERNEL=$HELLO CMDLINE="embedded=1" || exit 1
cmp -s $W/hello.elf build/t-pack-hello/pvhefi.elf &&
	pass "the packed image is byte for byte the one make KERNEL=... links" ||
	fail "the packed image is byte for byte the one make KERNEL=... links" "cmp: $(cmp $W/hello.elf build/t-pack-hello/pvhefi.elf 2>&1)"

# A packed image packs again, in place: another payload, then the first one back.
head -c 100000 /dev/urandom >$W/initrd
cp $W/hello.elf $W/again.elf
if "$PACK" -o $W/again.elf $W/again.elf --kernel build/t-apps/efi/status.efi --initrd $W/initrd 2>$W/err &&
	"$PACK" --show $W/again.elf | grep -qE "initrd +100000 bytes" &&
	"$PACK" -o $W/again.elf $W/again.elf --kernel $HELLO --cmdline "embedded=1" 2>>$W/err &&
	cmp -s $W/again.elf $W/hello.elf; then
	pass "a packed image packs again in place, and back to the same bytes"
else
	fail "a packed image packs again in place, and back to the same bytes" "$(cat $W/err)"
fi

# ---- every error is named -------------------------------------------------------------------
# refuses NAME STATUS PATTERN ARGS...: pvhefi-pack exits with STATUS, says PATTERN on stderr and
# leaves no $W/out (nor its temporary file) behind.
refuses() {
	name=$1 want=$2 pattern=$3; shift 3
	rm -f $W/out
	"$PACK" "$@" >$W/err 2>&1
	rc=$?
	if [ $rc != "$want" ]; then
		fail "pvhefi-pack refuses $name" "exit status $rc, want $want: $(cat $W/err)"
	elif ! grep -qE -- "$pattern" $W/err; then
		fail "pvhefi-pack refuses $name" "no message matching '$pattern' in: $(cat $W/err)"
	elif [ -e $W/out ] || ls $W/*.tmp >/dev/null 2>&1; then
		fail "pvhefi-pack refuses $name" "it left an output behind"
	else
		pass "pvhefi-pack refuses $name: $(head -1 $W/err | cut -c1-110)"
	fi
}
printf 'This is a text file, not a firmware, a kernel or a UKI: no ELF, no PE, no MZ.\n' >$W/text
objcopy --remove-section .payload $FW $W/nopayload.elf 2>/dev/null
cp $HELLO $W/arm64.efi
pe=$(od -An -tu4 -j60 -N4 $HELLO | tr -d ' ')
printf '\144\252' | dd of=$W/arm64.efi bs=1 seek=$((pe + 4)) conv=notrunc status=none # Machine = 0xAA64
refuses "a firmware that is not ELF" 1 "text: not a pvhefi firmware: not an ELF file" -o $W/out $W/text --kernel $HELLO
refuses "an ELF that is not a pvhefi executable" 1 "not a pvhefi firmware: not an x86_64 ELF executable" \
	-o $W/out "$PACK" --kernel $HELLO
refuses "an ELF without a payload section" 1 "not a pvhefi firmware: it has no .payload section" \
	-o $W/out $W/nopayload.elf --kernel $HELLO
refuses "a kernel that is not PE" 1 "text: not an x86_64 EFI image .*no MZ" -o $W/out $FW --kernel $W/text
refuses "a kernel for another machine" 1 "arm64.efi: not an x86_64 EFI image .*machine" -o $W/out $FW --kernel $W/arm64.efi
refuses "a missing initrd" 1 "cannot read a regular file: $W/missing" -o $W/out $FW --kernel $HELLO --initrd $W/missing
refuses "an output in a missing directory" 1 "cannot write $W/no/out: No such file" -o $W/no/out $FW --kernel $HELLO
refuses "an output that is a device" 1 "/dev/null: not a regular file" -o /dev/null $FW --kernel $HELLO
refuses "no --kernel" 2 "no --kernel FILE" -o $W/out $FW
refuses "--kernel twice" 1 "--kernel given twice" -o $W/out $FW --kernel $HELLO --kernel $HELLO
# A write that fails half-way (a file size limit: EFBIG, the signal ignored) removes the partial file.
(ulimit -f 200; trap '' XFSZ; refuses "an output it cannot write whole" 1 "out: write failed: File too large" \
	-o $W/out $FW --kernel $HELLO --initrd $W/initrd >$W/ulimit.out; cat $W/ulimit.out)
case $(cat $W/ulimit.out) in PASS*) PASSED=$((PASSED + 1)) ;; *) FAILED=$((FAILED + 1)) ;; esac

# ---- the installed generic firmware: its first module is the payload -------------------------
for m in q35 microvm; do
	boot $LOGDIR/module-$m.log $m 256 $FW -initrd $HELLO -append "appended=2"
	expect "the generic firmware boots its first module on -M $m" $LOGDIR/module-$m.log \
		"pvhefi: payload: the first module, $hello_size bytes" 'command line: "appended=2"' \
		"payload returned EFI_SUCCESS" "powering off"
done
boot $LOGDIR/nomodule.log q35 256 $FW
expect "the generic firmware without a module" $LOGDIR/nomodule.log \
	"fatal: no payload embedded and no module: embed a kernel or UKI \(pvhefi-pack" "powering off"
boot $LOGDIR/textmodule.log pc 256 $FW -initrd $W/text
expect "the generic firmware with a first module that is not PE" $LOGDIR/textmodule.log \
	"fatal: no payload embedded, and the first module is not an x86_64 EFI image \(PE: no MZ signature\)" \
	"QEMU -initrd FILE, xl ramdisk=FILE" "powering off"

# ---- uninstall ----------------------------------------------------------------------------
make -s BUILD=build/t-install uninstall DESTDIR="$D" PREFIX=/usr >$LOGDIR/uninstall.log 2>&1
left=$(find "$D" -type f)
[ -z "$left" ] && pass "make uninstall removes every installed file" ||
	fail "make uninstall removes every installed file" "left: $left"
summary "pack tests"
