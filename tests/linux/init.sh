#!/bin/sh
# /init of the Linux test initramfs (busybox sh). It checks, from inside the booted kernel, what
# the firmware handed over, prints one line per check and powers the VM off:
#   LINUXCHECK PASS name | LINUXCHECK FAIL name: details | LINUXCHECK INFO ... | LINUXCHECK DONE
# The kernel command line picks the checks, so tests/linux/run.sh decides per boot:
#   pvhefi.expect=w1,w2,...      the checks to run (names: see run_check below)
#   pvhefi.marks=m1,m2,...       cmdline: these words are on /proc/cmdline, once each, in order
#   pvhefi.memtotal_min=kB       memtotal: MemTotal is at least this
#   pvhefi.cpus=n                cpus: this many CPUs are online
#   pvhefi.end=reboot            end with reboot -f instead of poweroff -f (reboot=efi tests)
# "LINUXCHECK MEMTOTAL n" is printed on every boot: the harness takes its baseline from it.
export PATH=/bin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
set -f # the command line is split into words below: no globbing of them

pass() { echo "LINUXCHECK PASS $1"; }
fail() { echo "LINUXCHECK FAIL $1: $2"; }
info() { echo "LINUXCHECK INFO $*"; }

# param NAME: the value of NAME=value on the kernel command line (the last one wins, as in Linux).
param() {
	v=
	for w in $(cat /proc/cmdline); do
		case $w in "$1"=*) v=${w#*=} ;; esac
	done
	echo "$v"
}

check_efi() {
	d=/sys/firmware/efi
	[ -d $d ] || { fail efi "no $d: the kernel did not boot through EFI"; return; }
	[ -r $d/systab ] || { fail efi "no $d/systab"; return; }
	size=$(cat $d/fw_platform_size 2>/dev/null)
	[ "$size" = 64 ] || { fail efi "fw_platform_size is '$size', not 64"; return; }
	info "efi systab: $(tr '\n' ' ' <$d/systab)"
	dmesg | grep -E 'efi: (EFI v|ACPI|SMBIOS)' | while read -r l; do info "dmesg: $l"; done
	pass efi
}

# The kernel found the ACPI tables (through the EFI configuration table when booted by EFI):
# without them there is no MADT (one CPU only) and no power-off.
check_acpi() {
	t=/sys/firmware/acpi/tables
	for n in FACP APIC DSDT; do
		[ -r $t/$n ] || { fail acpi "no ACPI table $n in $t ($(ls $t 2>/dev/null | tr '\n' ' '))"; return; }
	done
	pass acpi
}

# Runtime services in use: the runtime regions are mapped (runtime-map) and SetVirtualAddressMap
# worked. On x86 the kernel frees the boot services memory only after that call succeeded (when
# it fails, those pages stay lost and runtime services are off), so that log line is the sign.
check_efi_runtime() {
	d=/sys/firmware/efi
	[ -r $d/runtime ] || { fail efi-runtime "no $d/runtime: no runtime services table"; return; }
	[ -d $d/runtime-map ] || { fail efi-runtime "no $d/runtime-map: runtime services are off"; return; }
	freed=$(dmesg | grep -o 'Freeing EFI boot services memory.*')
	[ -n "$freed" ] || { fail efi-runtime "runtime services are off: $(dmesg | grep -o 'efi: .*virtual mode.*' ||
		echo 'no "Freeing EFI boot services memory" in the kernel log')"; return; }
	info "efi-runtime: $(ls $d/runtime-map | wc -l) runtime-map regions; $freed"
	pass efi-runtime
}

# EFI errors and warnings in the kernel log: "efi" lines logged as warnings or worse, and any
# line naming an EFI error/failure or a [Firmware Bug]. "efi" must start a word ("undefined" is
# not EFI); the command line echoes are left out (they hold this script's own words).
check_efi_dmesg() {
	bad=$(dmesg -r | grep -v 'ommand line:' | grep -iE \
		'^<[0-4]>.*([^a-z]|^)efi|([^a-z]|^)efi.*(error|fail|warn|invalid|corrupt)|firmware bug')
	if [ -z "$bad" ]; then
		pass efi-dmesg
		return
	fi
	echo "$bad" | while read -r l; do info "efi-dmesg: $l"; done
	fail efi-dmesg "$(echo "$bad" | wc -l) kernel log line(s) report EFI/firmware trouble (INFO efi-dmesg lines above)"
}

# With efi=debug Linux lists the EFI_MEMORY_ATTRIBUTES_TABLE entries it applied to its EFI page
# table (drivers/firmware/efi/memattr.c); an entry it refused starts with "!" or comes with a
# warning. The runtime unit's code must be mapped read-only and executable, its data writable
# and not executable: an entry with RO and not XP, one with XP and not RO.
check_efi_memattr() {
	lines=$(dmesg | grep 'efi: memattr:')
	echo "$lines" | grep -q 'Processing EFI Memory Attributes table' ||
		{ fail efi-memattr "Linux processed no EFI Memory Attributes table (efi=debug and a MEMATTR table are needed)"; return; }
	echo "$lines" | while read -r l; do info "efi-memattr: $l"; done
	bad=$(echo "$lines" | grep -E 'memattr: *!|Entry |No matching|Unexpected|Error|Failed')
	[ -z "$bad" ] || { fail efi-memattr "Linux refused entries: $bad"; return; }
	entries=$(echo "$lines" | grep 'Runtime Code')
	echo "$entries" | grep '|RO|' | grep -vq '|XP|' ||
		{ fail efi-memattr "no runtime code entry mapped read-only and executable"; return; }
	echo "$entries" | grep '|XP|' | grep -vq '|RO|' ||
		{ fail efi-memattr "no runtime entry mapped writable and not executable"; return; }
	pass efi-memattr
}

check_efivarfs() {
	m=/lib/modules/efivarfs.ko
	if [ -f $m ]; then
		out=$(insmod $m 2>&1) || { fail efivarfs "insmod efivarfs.ko: $out"; return; }
	fi
	out=$(mount -t efivarfs efivarfs /sys/firmware/efi/efivars 2>&1) ||
		{ fail efivarfs "mount: $out"; return; }
	info "efivarfs: $(ls /sys/firmware/efi/efivars | wc -l) variables"
	pass efivarfs
}

EFIVARS=/sys/firmware/efi/efivars
GLOBAL=8be4df61-93ca-11d2-aa0d-00e098032b8c
LOADER=4a67b082-0a4c-41cf-b6c7-440b29bb8c4f
# efivarfs makes a variable it does not know immutable, so that a stray rm cannot delete it:
# those of LINUX_EFI_CRASH_GUID it knows, and they can be deleted without chattr.
CRASH=cfc8fc79-be2e-4ddc-97f0-9f98bfe298a0

# efivarfs: mounted (efivarfs check); a variable's file is its attributes (4 bytes) then data.
var_data() { tail -c +5 "$EFIVARS/$1" 2>/dev/null | tr -d '\000'; }
var_attributes() { head -c 1 "$EFIVARS/$1" 2>/dev/null | od -An -tu1 | tr -d ' '; }

# The variables the firmware owns are there, and one written from Linux reads back.
check_efivars() {
	grep -q " $EFIVARS efivarfs" /proc/mounts || check_efivarfs >/dev/null
	for v in SecureBoot SetupMode OsIndicationsSupported PlatformLang PlatformLangCodes LangCodes; do
		[ -f "$EFIVARS/$v-$GLOBAL" ] || { fail efivars "no $v in efivarfs ($(ls $EFIVARS | tr '\n' ' '))"; return; }
	done
	sb=$(tail -c +5 "$EFIVARS/SecureBoot-$GLOBAL" | head -c 1 | od -An -tu1 | tr -d ' ')
	[ "$sb" = 0 ] || { fail efivars "SecureBoot reads '$sb', want 0"; return; }
	[ "$(var_data PlatformLang-$GLOBAL)" = en-US ] || { fail efivars "PlatformLang is '$(var_data PlatformLang-$GLOBAL)'"; return; }
	f=$EFIVARS/PvhefiLinux-$CRASH
	printf '\007\000\000\000written from Linux' >"$f" || { fail efivars "cannot write $f"; return; }
	[ "$(var_data PvhefiLinux-$CRASH)" = "written from Linux" ] && [ "$(var_attributes PvhefiLinux-$CRASH)" = 7 ] ||
		{ fail efivars "$f reads back '$(var_data PvhefiLinux-$CRASH)', attributes $(var_attributes PvhefiLinux-$CRASH)"; return; }
	rm -f "$f" && [ ! -e "$f" ] || { fail efivars "cannot delete $f"; return; }
	info "efivars: $(ls $EFIVARS | wc -l) variables"
	pass efivars
}

# systemd's boot loader interface: what systemd-analyze would read, with sane values.
check_loader_vars() {
	grep -q " $EFIVARS efivarfs" /proc/mounts || check_efivarfs >/dev/null
	info=$(var_data LoaderFirmwareInfo-$LOADER) type=$(var_data LoaderFirmwareType-$LOADER)
	init=$(var_data LoaderTimeInitUSec-$LOADER) exec=$(var_data LoaderTimeExecUSec-$LOADER)
	info "loader: firmware '$info', type '$type', init $init us, exec $exec us"
	case $info in pvhefi\ *) ;; *) fail loader-vars "LoaderFirmwareInfo is '$info'"; return ;; esac
	case $type in "UEFI 2."*) ;; *) fail loader-vars "LoaderFirmwareType is '$type'"; return ;; esac
	case "$init$exec" in *[!0-9]* | "") fail loader-vars "times are not decimal: '$init' '$exec'"; return ;; esac
	[ "$init" -le "$exec" ] && [ "$exec" -lt 60000000 ] ||
		{ fail loader-vars "LoaderTimeInitUSec $init, LoaderTimeExecUSec $exec: not 0 <= init <= exec < 60 s"; return; }
	pass loader-vars
}

check_cmdline() {
	marks=$(param pvhefi.marks)
	[ -n "$marks" ] || { fail cmdline "no pvhefi.marks= on the command line"; return; }
	words=$(cat /proc/cmdline)
	prev=-1
	for m in $(echo "$marks" | tr ',' ' '); do
		i=0 at= n=0
		for w in $words; do
			[ "$w" = "$m" ] && { n=$((n + 1)); at=$i; }
			i=$((i + 1))
		done
		[ $n = 1 ] || { fail cmdline "'$m' is $n times on the command line: $words"; return; }
		[ "$at" -gt "$prev" ] || { fail cmdline "'$m' is out of order: $words"; return; }
		prev=$at
	done
	pass cmdline
}

# Each initrd piece carries /pvhefi/<piece>.bin and its checksum: the file is there and whole.
check_initrd() {
	piece=$1
	f=/pvhefi/$piece.bin
	[ -f $f ] || { fail initrd-$piece "no $f in the initramfs: that initrd did not arrive"; return; }
	sum=$(sha256sum $f | cut -d' ' -f1)
	want=$(cat /pvhefi/$piece.sha256)
	[ "$sum" = "$want" ] || { fail initrd-$piece "$f is corrupt: sha256 $sum, want $want"; return; }
	pass initrd-$piece
}

check_memtotal() {
	min=$(param pvhefi.memtotal_min)
	[ -n "$min" ] || { fail memtotal "no pvhefi.memtotal_min= on the command line"; return; }
	[ "$memtotal" -ge "$min" ] ||
		{ fail memtotal "MemTotal $memtotal kB < $min kB: $((min - memtotal)) kB short"; return; }
	pass memtotal
}

check_cpus() {
	want=$(param pvhefi.cpus)
	have=$(grep -c '^processor' /proc/cpuinfo)
	[ "$have" = "$want" ] || { fail cpus "$have CPUs online, want $want"; return; }
	pass cpus
}

run_check() {
	case $1 in
	efi) check_efi ;;
	efi-runtime) check_efi_runtime ;;
	efi-dmesg) check_efi_dmesg ;;
	efi-memattr) check_efi_memattr ;;
	efivarfs) check_efivarfs ;;
	efivars) check_efivars ;;
	loader-vars) check_loader_vars ;;
	acpi) check_acpi ;;
	cmdline) check_cmdline ;;
	initrd-embedded) check_initrd embedded ;;
	initrd-module) check_initrd module ;;
	memtotal) check_memtotal ;;
	cpus) check_cpus ;;
	*) fail "$1" "unknown check" ;;
	esac
}

# The kernel's own console messages (a clocksource watchdog, say) would land in the middle of
# these lines, which the harness reads whole: from here on only emergencies reach the console.
echo 1 >/proc/sys/kernel/printk
echo "LINUXCHECK START $(cut -d' ' -f1 /proc/uptime)s after boot, $(uname -r)"
info "cmdline: $(cat /proc/cmdline)"
memtotal=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
echo "LINUXCHECK MEMTOTAL $memtotal"
# Both initrd pieces write /pvhefi/order: the one unpacked last wins.
[ -f /pvhefi/order ] && info "initrd unpacked last: $(cat /pvhefi/order)"
for c in $(param pvhefi.expect | tr ',' ' '); do
	run_check "$c"
done
echo "LINUXCHECK DONE"
[ "$(param pvhefi.end)" = reboot ] && reboot -f
poweroff -f
