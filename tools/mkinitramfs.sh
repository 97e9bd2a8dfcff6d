#!/bin/sh
# Builds a small busybox initramfs (newc cpio, uncompressed).
#   tools/mkinitramfs.sh OUT INIT [KERNEL_DIR MODULE...]
# INIT becomes /init. With KERNEL_DIR (from tools/fetch-kernel.sh), the named modules (e.g.
# efivarfs) are copied from that kernel's package to /lib/modules/, decompressed.
set -e
out=$1 init=$2; shift 2
kdir=${1:-}; [ $# -gt 0 ] && shift
bb=/bin/busybox
[ -x "$bb" ] && "$bb" 2>&1 | grep -q 'static' || bb=$(dpkg -L busybox-static 2>/dev/null | grep '/bin/busybox$' | head -1)
[ -n "$bb" ] && [ -x "$bb" ] || { echo "mkinitramfs: busybox-static is not installed" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/lib/modules" "$root/tmp"
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$init" "$root/init"
chmod +x "$root/init"
for m in "$@"; do
	f=$(find "$kdir/lib/modules" -name "$m.ko*" | head -1)
	[ -n "$f" ] || { echo "mkinitramfs: no module $m in $kdir" >&2; exit 1; }
	case $f in
	*.xz) xz -dc "$f" >"$root/lib/modules/$m.ko" ;;
	*.zst) zstd -qdc "$f" >"$root/lib/modules/$m.ko" ;;
	*) cp "$f" "$root/lib/modules/$m.ko" ;;
	esac
done
(cd "$root" && find . | cpio -o -H newc --quiet) >"$out"
