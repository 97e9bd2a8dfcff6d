#!/bin/sh
# Downloads a Debian cloud kernel package (never installs it) and unpacks it under build/kernels/.
#   tools/fetch-kernel.sh [6.1|6.12]   prints the directory: vmlinuz, modules, config
# 6.1 is linux-image-cloud-amd64 (Debian 12's own), 6.12 is linux-image-6.12-cloud-amd64.
set -e
cd "$(dirname "$0")/.."
case "${1:-6.1}" in
6.1) meta=linux-image-cloud-amd64 ;;
6.12) meta=linux-image-6.12-cloud-amd64 ;;
*) echo "usage: $0 [6.1|6.12]" >&2; exit 2 ;;
esac
pkg=$(apt-cache depends "$meta" 2>/dev/null | sed -n 's/.*Depends: \(linux-image-.*\)$/\1/p' | head -1)
if [ -z "$pkg" ]; then
	apt-get update -qq >&2 || true
	pkg=$(apt-cache depends "$meta" | sed -n 's/.*Depends: \(linux-image-.*\)$/\1/p' | head -1)
fi
[ -n "$pkg" ] || { echo "fetch-kernel: cannot resolve $meta" >&2; exit 1; }
dir=build/kernels/$pkg
if [ ! -f "$dir/vmlinuz" ]; then
	mkdir -p build/kernels/debs "$dir.tmp"
	(cd build/kernels/debs && ls ${pkg}_*.deb >/dev/null 2>&1 || apt-get download "$pkg" >&2)
	dpkg-deb -x build/kernels/debs/${pkg}_*.deb "$dir.tmp"
	cp "$dir.tmp"/boot/vmlinuz-* "$dir.tmp/vmlinuz"
	rm -rf "$dir"; mv "$dir.tmp" "$dir"
fi
echo "$dir"
