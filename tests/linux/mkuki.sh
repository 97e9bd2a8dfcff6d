#!/bin/sh
# mkuki.sh OUT KERNEL INITRD CMDLINE: a Unified Kernel Image from Debian 12's systemd stub
# (systemd-boot-efi 252, which has no ukify), made with objcopy at the addresses the stub's
# documentation gives: .osrel 0x20000, .cmdline 0x30000, .linux 0x2000000, .initrd 0x3000000
# (so the kernel must be under 16 MiB). The stub image's base is 0: these are its RVAs.
STUB=${STUB:-/usr/lib/systemd/boot/efi/linuxx64.efi.stub}
[ $# = 4 ] || { echo "usage: $0 OUT KERNEL INITRD CMDLINE" >&2; exit 2; }
out=$1 kernel=$2 initrd=$3 cmdline=$4
[ -f "$STUB" ] || { echo "mkuki: no $STUB (package systemd-boot-efi)" >&2; exit 1; }
[ "$(stat -L -c %s "$kernel")" -lt $((0x1000000)) ] || { echo "mkuki: $kernel is 16 MiB or more" >&2; exit 1; }
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT
printf '%s' "$cmdline" >"$d/cmdline"
printf 'ID=debian\nPRETTY_NAME="pvhefi test UKI"\n' >"$d/osrel"
objcopy \
	--add-section .osrel="$d/osrel" --change-section-vma .osrel=0x20000 \
	--add-section .cmdline="$d/cmdline" --change-section-vma .cmdline=0x30000 \
	--add-section .linux="$kernel" --change-section-vma .linux=0x2000000 \
	--add-section .initrd="$initrd" --change-section-vma .initrd=0x3000000 \
	"$STUB" "$out"
