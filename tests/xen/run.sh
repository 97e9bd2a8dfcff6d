#!/bin/sh
# pvhefi on a real Xen: boots Xen 4.17 (Debian 12's packages) under QEMU-TCG with a PV dom0 that
# runs the xl toolstack from an initramfs (tests/xen/dom0-init.sh), which creates PVH guests
# whose kernel= is pvhefi, one after another in that one Xen boot:
#   hello        the demo EFI program runs, shows its command line (embedded + xl cmdline=)
#                and the domain powers itself off (SHUTDOWN_poweroff); output reaches the PV
#                console and, through port 0xE9, Xen's log
#   keys         ConIn reads the PV console: dom0 types a line (and an arrow key) into it
#   watchdog     the EFI watchdog expires: the firmware resets, i.e. SHUTDOWN_reboot
#   notpe        a text file as payload: a message, then SHUTDOWN_crash, no hang
#   direct-K     (stage 2) Debian's cloud kernel K through its own PVH entry: the baseline
#   linux-K      the same kernel embedded in pvhefi, initrd embedded + xl ramdisk=: EFI boot,
#                guest type PVH, both initrd parts, both command line parts, MemTotal within
#                1 % of the baseline; the first kernel's image is linked by make KERNEL=, the
#                others' packed by pvhefi-pack into the generic firmware
#   uki-K        (the last kernel) kernel= the generic pvhefi.elf, ramdisk= a UKI of that
#                kernel and the test initrd (tests/linux/mkuki.sh): xl passes one ramdisk, so
#                a UKI is how the generic firmware gets a kernel with an initrd; no cmdline=,
#                so the UKI's own .cmdline applies
#   xl shutdown  the first kernel's pvhefi guest does not power itself off but waits: dom0's
#                `xl shutdown -w` ends it through Linux's orderly power-off, within 60 s
# Debian packages are downloaded (apt-get download, never installed) once into build/t-xen/.
# Usage: tests/xen/run.sh
# Environment: XEN_KERNELS (stage 2 kernels, default "6.1 6.12"; "" for stage 1 only),
#   XEN_TIMEOUT (s for the whole QEMU run, default 270), LOGDIR (default build/test-logs/xen).
cd "$(dirname "$0")/../.." || exit 1
LOGDIR=${LOGDIR:-build/test-logs/xen}
. tests/qemu/lib.sh
W=build/t-xen
XEN_KERNELS=${XEN_KERNELS-6.1 6.12}
XL_SHUTDOWN=$(echo $XEN_KERNELS | cut -d' ' -f1) # the kernel whose pvhefi guest waits for xl shutdown
XEN_UKI=$(echo $XEN_KERNELS | awk '{ print $NF }') # the kernel also booted as a UKI by the generic firmware
GENERIC=build/t-xen-generic/pvhefi.elf PACK=build/t-xen-generic/pvhefi-pack
XEN_TIMEOUT=${XEN_TIMEOUT:-270}
SERIAL=$LOGDIR/serial.log
start=$(date +%s)

for t in qemu-system-x86_64 cpio dpkg-deb apt-get apt-cache ldd readelf strip perl timeout; do
	command -v $t >/dev/null || { echo "xen tests: missing tool $t"; echo "xen tests: 0 passed, 1 failed"; exit 1; }
done

# ---- Xen, the dom0 kernel and the toolstack ------------------------------------------------
# dom0 is Debian's generic kernel (the cloud kernel has no dom0 support).
kver() { apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: linux-image-\(.*\)-amd64$/\1/p' | head -1; }
KVER=$(kver)
[ -n "$KVER" ] || { apt-get update -qq >/dev/null 2>&1; KVER=$(kver); }
DEBS="xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common xenstore-utils libxencall1
 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxenhypfs1 libxenmisc4.17
 libxenstore4 libxentoolcore1 libxentoollog1 libyajl2 linux-image-$KVER-amd64"
BUSYBOX=$(dpkg -L busybox-static 2>/dev/null | grep '/bin/busybox$' | head -1)

fetch_debs() {
	[ -n "$KVER" ] || { echo "cannot resolve linux-image-amd64 (apt-get update?)"; return 1; }
	[ -x "$BUSYBOX" ] || { echo "busybox-static is not installed"; return 1; }
	mkdir -p $W/debs
	for p in $DEBS; do
		ls $W/debs/${p}_*.deb >/dev/null 2>&1 || (cd $W/debs && apt-get download "$p") || return 1
	done
}

# The dom0 initramfs without the guests: busybox, xl and its daemons with their libraries, the
# Xen driver modules and the init. Built once, again when the init or this script changes.
dom0_base() {
	[ $W/dom0-base.cpio -nt tests/xen/dom0-init.sh ] && [ $W/dom0-base.cpio -nt tests/xen/run.sh ] &&
		[ -s $W/xen ] && return
	rm -rf $W/x $W/k $W/root && mkdir -p $W/x $W/k || return 1
	for p in $W/debs/xen*.deb $W/debs/libxen*.deb $W/debs/libyajl2*.deb; do dpkg-deb -x "$p" $W/x || return 1; done
	dpkg-deb -x $W/debs/linux-image-$KVER-amd64_*.deb $W/k || return 1
	zcat $W/x/boot/xen-4.17-amd64.gz >$W/xen # multiboot: QEMU -kernel loads it
	cp $W/k/boot/vmlinuz-$KVER-amd64 $W/dom0-vmlinuz
	r=$W/root
	mkdir -p $r/bin $r/proc $r/sys $r/dev $r/tmp $r/run/xen $r/var/lib/xen $r/var/lib/xenstored \
		$r/var/log/xen/console $r/lib/modules $r/lib64 $r/usr/lib $r/etc $r/guests
	ln -s ../run $r/var/run
	cp $BUSYBOX $r/bin/busybox
	ln -s busybox $r/bin/sh
	cp -a $W/x/usr/lib/xen-4.17 $r/usr/lib/ && rm -rf $r/usr/lib/xen-4.17/lib/python
	cp -a $W/x/usr/lib/x86_64-linux-gnu $r/usr/lib/
	cp -a $W/x/etc/xen $r/etc/
	xb=$W/x/usr/lib/xen-4.17/bin
	cp $W/x/usr/bin/xenstore $r/bin/ && ln -s xenstore $r/bin/xenstore-read
	# The host's libc and friends: the same Debian 12 as the packages.
	for f in $(LD_LIBRARY_PATH=$W/x/usr/lib/x86_64-linux-gnu ldd $xb/xl $xb/xenstored $xb/xenconsoled \
		$xb/xen-init-dom0 $W/x/usr/bin/xenstore | awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | grep -v "^$W" | sort -u); do
		mkdir -p $r$(dirname $f) && cp -L $f $r$f
	done
	cp -L /lib64/ld-linux-x86-64.so.2 $r/lib64/
	cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 $r/lib/x86_64-linux-gnu/ # pthread_cancel dlopen()s it
	for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc; do
		f=$(find $W/k/lib/modules -name "$m.ko*" | head -1)
		[ -n "$f" ] || { echo "no module $m in linux-image-$KVER-amd64"; return 1; }
		case $f in *.xz) xz -dc "$f" ;; *.zst) zstd -qdc "$f" ;; *) cat "$f" ;; esac >$r/lib/modules/$m.ko
	done
	cp tests/xen/dom0-init.sh $r/init
	(cd $r && find . | cpio -o -H newc --quiet) >$W/dom0-base.cpio.tmp && mv $W/dom0-base.cpio.tmp $W/dom0-base.cpio
	rm -rf $W/x $W/k $r
}

# ---- the guests ---------------------------------------------------------------------------
# guest NAME SECONDS KERNEL [RAMDISK] EXTRA: a PVH guest for the list. tsc_mode native: QEMU
# 7.2 TCG reports an RDTSCP intercept as RDTSC and Xen (no NRIPS under TCG) cannot emulate it.
guest() {
	name=$1 secs=$2 kernel=$3 rd=$4 extra=$5
	cp "$kernel" $W/guests/$name.elf
	rdline=
	[ -n "$rd" ] && cp "$rd" $W/guests/$name.rd && rdline="ramdisk = \"/guests/$name.rd\""
	cat >$W/guests/$name.cfg <<EOF
name = "$name"
type = "pvh"
kernel = "/guests/$name.elf"
$rdline
extra = "$extra"
memory = 256
vcpus = 1
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
tsc_mode = "native"
EOF
	echo "$name $secs" >>$W/guests/list
}

# A cpio holding /pvhefi/NAME.bin (random) and its sha256, as tests/linux/init.sh checks them.
piece() { # NAME KB OUT
	d=$(mktemp -d) && mkdir $d/pvhefi || return 1
	head -c "$2K" /dev/urandom >$d/pvhefi/$1.bin
	sha256sum $d/pvhefi/$1.bin | cut -d' ' -f1 >$d/pvhefi/$1.sha256
	(cd $d && find . | cpio -o -H newc --quiet) >"$3"
	rm -rf $d
}

stage1() {
	build_image xen-generic || return 1 # make builds pvhefi-pack too
	make -s -f Makefile -f tests/xen/xen.mk BUILD=$W/apps $W/apps/efi/hello.efi $W/apps/efi/keys.efi \
		$W/apps/efi/watchdog.efi >$LOGDIR/apps.build 2>&1 || { fail "build the EFI programs" "see $LOGDIR/apps.build" "$LOGDIR/apps.build"; return 1; }
	build_image xen-hello KERNEL=$W/apps/efi/hello.efi CMDLINE="embedded=1" || return 1
	build_image xen-keys KERNEL=$W/apps/efi/keys.efi || return 1
	build_image xen-watchdog KERNEL=$W/apps/efi/watchdog.efi || return 1
	printf 'this is not a PE file\n' >$W/text.efi
	build_image xen-notpe KERNEL=$W/text.efi || return 1
	guest hello 60 build/t-xen-hello/pvhefi.elf "" "appended=2"
	guest keys 60 build/t-xen-keys/pvhefi.elf "" ""
	printf 'xen-pv\033[A\r' >$W/guests/keys.keys
	guest watchdog 60 build/t-xen-watchdog/pvhefi.elf "" ""
	guest notpe 60 build/t-xen-notpe/pvhefi.elf "" ""
}

# One kernel: its baseline through the PVH entry, then through pvhefi. Every guest gets noxsave:
# under QEMU TCG, Xen's handling of XSAVE state breaks user processes (a #GP restoring FPU
# state, then AVX faults as invalid opcodes). 6.12 hits it at its first rt_sigreturn; 6.1 now
# and then, with or without pvhefi (seen on its own PVH entry too).
LINUX_CMDLINE="console=hvc0 panic=-1 pvhefi.embedded=1"
MARKS=pvhefi.embedded=1,pvhefi.appended=1
stage2() { # K
	kdir=$(tools/fetch-kernel.sh "$1") || { fail "Linux $1" "tools/fetch-kernel.sh $1 failed"; return 1; }
	kw=$W/linux-$1 && mkdir -p $kw
	if [ ! $kw/vmlinux -nt $kdir/vmlinuz ]; then
		tests/linux/extract-vmlinux.sh $kdir/vmlinuz $kw/vmlinux && strip $kw/vmlinux ||
			{ fail "Linux $1" "no vmlinux from $kdir/vmlinuz"; return 1; }
	fi
	tools/mkinitramfs.sh $kw/base.cpio tests/xen/guest-init.sh || { fail "Linux $1" "mkinitramfs failed"; return 1; }
	d=$(mktemp -d) && cp tests/linux/init.sh $d/linux-init && chmod +x $d/linux-init
	(cd $d && echo linux-init | cpio -o -H newc --quiet) >$kw/linux-init.cpio && rm -rf $d
	piece embedded 512 $kw/piece-embedded.cpio && piece module 2048 $kw/piece-module.cpio || return 1
	cat $kw/base.cpio $kw/linux-init.cpio $kw/piece-embedded.cpio >$kw/embedded.cpio
	cat $kw/embedded.cpio $kw/piece-module.cpio >$kw/all.cpio
	quirk="noxsave "
	if [ "$1" = "$XL_SHUTDOWN" ]; then
		build_image xen-linux-$1 KERNEL=$kdir/vmlinuz INITRD=$kw/embedded.cpio CMDLINE="$LINUX_CMDLINE" || return 1
	else
		pack_image xen-linux-$1 $kdir/vmlinuz $kw/embedded.cpio "$LINUX_CMDLINE" || return 1
	fi
	waits=$([ "$1" = "$XL_SHUTDOWN" ] && echo "pvhefi.xlshutdown=1 ")
	checks=acpi,cmdline,initrd-embedded,initrd-module,cpus
	guest direct-$1 100 $kw/vmlinux $kw/all.cpio \
		"$LINUX_CMDLINE ${quirk}pvhefi.appended=1 pvhefi.marks=$MARKS pvhefi.cpus=1 pvhefi.expect=$checks,efi-dmesg"
	guest linux-$1 100 build/t-xen-linux-$1/pvhefi.elf $kw/piece-module.cpio \
		"${quirk}${waits}pvhefi.appended=1 pvhefi.marks=$MARKS pvhefi.cpus=1 pvhefi.expect=efi,efi-runtime,efi-dmesg,$checks"
	[ -n "$waits" ] && touch $W/guests/linux-$1.shutdown
	[ "$1" = "$XEN_UKI" ] || return 0
	tests/linux/mkuki.sh $kw/uki.efi $kdir/vmlinuz $kw/embedded.cpio "$LINUX_CMDLINE ${quirk}pvhefi.uki=1 \
pvhefi.marks=pvhefi.embedded=1 pvhefi.cpus=1 pvhefi.expect=efi,efi-runtime,efi-dmesg,acpi,cmdline,initrd-embedded,cpus" ||
		{ fail "Linux $1 UKI" "tests/linux/mkuki.sh failed"; return 1; }
	guest uki-$1 100 $GENERIC $kw/uki.efi ""
}

# pack_image NAME KERNEL INITRD CMDLINE: build/t-NAME/pvhefi.elf, packed by pvhefi-pack into
# the generic firmware ($GENERIC) as a user would.
pack_image() {
	mkdir -p build/t-$1
	$PACK -o build/t-$1/pvhefi.elf $GENERIC --kernel "$2" --initrd "$3" --cmdline "$4" >$LOGDIR/$1.pack 2>&1 ||
		{ fail "pvhefi-pack for $1" "$(cat $LOGDIR/$1.pack)"; return 1; }
}

# ---- judging ------------------------------------------------------------------------------
# The serial log holds every guest's section; section NAME writes it to $LOGDIR/NAME.log.
section() {
	tr -d '\r' <$SERIAL | sed -n "/XENTEST GUEST $1 BEGIN/,/XENTEST GUEST $1 END/p" >$LOGDIR/$1.log
	GLOG=$LOGDIR/$1.log
}
console_has() { grep -aq "console| .*$1" $GLOG; }
# The guest ended by itself with this SHUTDOWN_* reason code.
ended_with() { # NAME CODE
	grep -aq "XENTEST GUEST $1 END" $GLOG || { why="its section is missing or cut short"; return 1; }
	grep -aq "XENTEST GUEST $1 TIMEOUT" $GLOG && { why="it did not end by itself"; return 1; }
	code=$(sed -n 's/.*xl| .*Domain [0-9]* has shut down, reason code \([0-9]*\).*/\1/p' $GLOG | head -1)
	[ "$code" = "$2" ] || { why="xl reports shutdown reason code '${code:-none}', want $2"; return 1; }
}
expect_console() { # TITLE NAME CODE PATTERN...
	title=$1 name=$2 code=$3 && shift 3
	section $name
	ended_with $name $code || { fail "$title" "$why" $GLOG; return; }
	for p in "$@"; do
		console_has "$p" || { fail "$title" "no console line matching '$p'" $GLOG; return; }
	done
	pass "$title"
}

judge_stage1() {
	expect_console "hello runs and powers the domain off" hello 0 \
		"pvhefi: Xen 4\.17" "Xen PV console: page" "Hello from an EFI application running on pvhefi" \
		'command line: "embedded=1 appended=2"' "time: 20[2-9][0-9]-[01][0-9]-[0-3][0-9] " \
		"payload returned EFI_SUCCESS" "Xen shutdown: poweroff"
	section hello
	if grep -aqE '\(d[0-9]+\) +Hello from an EFI application' $GLOG; then
		pass "firmware output reaches Xen's log through port 0xE9"
	else
		fail "firmware output reaches Xen's log through port 0xE9" "no (dN) line with the greeting" $GLOG
	fi
	# The console page belongs to Xen and the backend: never free memory for the OS.
	page=$(sed -n 's/.*console| .*Xen PV console: page 0x\([0-9a-f]*\).*/\1/p' $GLOG | head -1)
	# The map itself goes to port 0xE9: Xen's log shows it as "(dN)" lines.
	typ=$(sed -n 's/.*(d[0-9]*) *\([a-zA-Z][a-zA-Z ]*[a-z]\) *\([0-9a-f]\{16\}\)-\([0-9a-f]\{16\}\) .*/\2 \3 \1/p' $GLOG |
		while read -r s e t; do
			[ -n "$page" ] && [ $((0x$s <= 0x$page && 0x$page <= 0x$e)) = 1 ] && echo "$t"
		done | head -1)
	case $typ in
	reserved) pass "the PV console page (0x$page) is reserved in the EFI memory map" ;;
	*) fail "the PV console page is reserved in the EFI memory map" "page 0x$page is '$typ'" $GLOG ;;
	esac
	expect_console "ConIn reads what dom0 types on the PV console" keys 0 \
		'keys: read "xen-pv[{]1[}]"' "payload returned EFI_SUCCESS"
	expect_console "the EFI watchdog reboots the domain" watchdog 1 \
		"watchdog: armed" "watchdog expired" "Xen shutdown: reboot"
	expect_console "a payload that is not PE ends the domain as a crash" notpe 3 \
		"not a valid x86_64 EFI image" "fatal: cannot load the payload" "Xen shutdown: crash"
}

# The guest ran every check it asked for (and guest-init's xen-pvh) and powered off.
judge_linux() { # TITLE NAME
	section $2
	ended_with $2 0 || { fail "$1" "$why" $GLOG; return; }
	expect=$(sed -n 's/.*console| LINUXCHECK INFO cmdline: .*pvhefi\.expect=\([^ ]*\).*/\1/p' $GLOG | head -1)
	[ -n "$expect" ] || { fail "$1" "Linux did not reach the test init" $GLOG; return; }
	for c in xen-pvh $(echo "$expect" | tr ',' ' '); do
		console_has "LINUXCHECK PASS $c\$" && continue
		fail "$1" "check $c: $(grep -a "LINUXCHECK FAIL $c:" $GLOG | sed 's/.*LINUXCHECK FAIL //' | head -1)" $GLOG
		return
	done
	console_has "LINUXCHECK DONE" || { fail "$1" "the test init did not finish" $GLOG; return; }
	pass "$1"
}

judge_stage2() { # K
	judge_linux "Linux $1 through its own PVH entry (baseline)" direct-$1
	how=$([ "$1" = "$XL_SHUTDOWN" ] && echo "make KERNEL=" || echo "pvhefi-pack")
	judge_linux "Linux $1 through pvhefi ($how): EFI, PVH, cmdline, xl ramdisk" linux-$1
	if [ "$1" = "$XEN_UKI" ]; then
		judge_linux "Linux $1 UKI as the ramdisk of the generic pvhefi.elf: EFI, PVH, its .cmdline and .initrd" uki-$1
		console_has "pvhefi: payload: the first module" ||
			fail "the generic pvhefi.elf boots its ramdisk (the UKI)" "no 'payload: the first module' line" $GLOG
	fi
	base=$(sed -n 's/.*LINUXCHECK MEMTOTAL \([0-9]*\).*/\1/p' $LOGDIR/direct-$1.log | head -1)
	mem=$(sed -n 's/.*LINUXCHECK MEMTOTAL \([0-9]*\).*/\1/p' $LOGDIR/linux-$1.log | head -1)
	title="Linux $1 MemTotal through pvhefi within 1 % of the baseline"
	if [ -z "$base" ] || [ -z "$mem" ]; then
		fail "$title" "MemTotal missing (baseline '${base}', pvhefi '${mem}')"
	elif [ $(((mem - base) * 100)) -le "$base" ] && [ $(((base - mem) * 100)) -le "$base" ]; then
		pass "$title ($mem kB, baseline $base kB)"
	else
		fail "$title" "$mem kB, baseline $base kB"
	fi
}

# `xl shutdown` reached Linux (its xenbus "control/shutdown" watch ran /sbin/poweroff, which
# signalled init) and ended the domain. A PVH Linux has no power-off method: its last line is
# "reboot: System halted", and Xen ends a domain whose vCPUs all halt as a poweroff (code 0).
judge_xl_shutdown() { # K
	title="xl shutdown ends Linux $1 booted through pvhefi (orderly power-off)"
	section linux-$1
	console_has "LINUXCHECK WAITING" || { fail "$title" "the guest never waited for xl shutdown" $GLOG; return; }
	grep -aq "shutdown| xl shutdown -w: status 0 " $GLOG ||
		{ fail "$title" "$(grep -a 'shutdown| xl shutdown -w: status' $GLOG | sed 's/.*| //')" $GLOG; return; }
	console_has "LINUXCHECK POWEROFF REQUESTED" ||
		{ fail "$title" "Linux did not run /sbin/poweroff (init got no SIGUSR2)" $GLOG; return; }
	console_has "reboot: \(System halted\|Power down\)" || { fail "$title" "no reboot: line from Linux" $GLOG; return; }
	ended_with linux-$1 0 || { fail "$title" "$why" $GLOG; return; }
	grep -aq "shutdown| domain linux-$1 is gone" $GLOG || { fail "$title" "the domain is still there" $GLOG; return; }
	pass "$title (gone $(sed -n 's/.*shutdown| \(xl shutdown -w\|domain\) linux-.* at \([0-9.]*\) s$/\2/p' $GLOG |
		awk 'NR == 1 { t = $1 } END { printf "%.1f", $1 - t }') s after the request)"
}

# ---- the run ------------------------------------------------------------------------------
rm -rf $W/guests && mkdir -p $W/guests
fetch_debs >$LOGDIR/debs.log 2>&1 || { fail "Xen packages" "apt-get download failed" $LOGDIR/debs.log; summary "xen tests"; exit 1; }
dom0_base >$LOGDIR/dom0.log 2>&1 || { fail "dom0 initramfs" "see $LOGDIR/dom0.log" $LOGDIR/dom0.log; summary "xen tests"; exit 1; }
stage1 || { summary "xen tests"; exit 1; }
for k in $XEN_KERNELS; do stage2 $k; done
(cd $W && find guests | cpio -o -H newc --quiet) | cat $W/dom0-base.cpio - >$W/dom0.cpio
echo "xen tests: prepared in $(($(date +%s) - start)) s; booting Xen (at most $XEN_TIMEOUT s)"

# smap=0: under TCG the PV dom0 dies at its first instructions without it.
XEN_CMDLINE="console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M dom0_max_vcpus=1 loglvl=all guest_loglvl=all smap=0"
DOM0_CMDLINE="console=hvc0 rdinit=/init loglevel=4"
boot_start=$(date +%s)
timeout $XEN_TIMEOUT qemu-system-x86_64 -accel tcg -M q35 -cpu max -smp 2 -m 3072 -display none \
	-no-reboot -serial stdio -monitor none -net none -kernel $W/xen -append "$XEN_CMDLINE" \
	-initrd "$W/dom0-vmlinuz $DOM0_CMDLINE,$W/dom0.cpio" </dev/null 2>&1 |
	perl -MTime::HiRes=time -e '$|=1; $t0=time; while(<STDIN>){ printf "[%7.2f] %s", time-$t0, $_ }' >$SERIAL
echo "xen tests: Xen ran $(($(date +%s) - boot_start)) s; log: $SERIAL"
grep -aq "XENTEST DONE" $SERIAL || fail "the Xen run" "dom0 did not finish within $XEN_TIMEOUT s" $SERIAL
grep -a "XENTEST \(GUEST .* \(BEGIN\|END\|TIMEOUT\)\|ERROR\)" $SERIAL | sed 's/^/  /'

judge_stage1
for k in $XEN_KERNELS; do judge_stage2 $k; done
[ -n "$XL_SHUTDOWN" ] && judge_xl_shutdown $XL_SHUTDOWN
echo "xen tests took $(($(date +%s) - start)) s"
summary "xen tests"
