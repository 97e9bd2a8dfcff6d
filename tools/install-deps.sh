#!/bin/sh
# Installs the Debian 12 packages pvhefi builds and tests with, when any is missing.
#   tools/install-deps.sh [EXTRA_PACKAGE...]   e.g. make bench adds gnuplot-nox seabios
set -e
PKGS="gcc make nasm binutils gnu-efi libxen-dev qemu-system-x86 ovmf busybox-static cpio
 libcmocka-dev clang libfuzzer-14-dev xz-utils lz4 zstd python3 systemd-boot-efi man-db $*"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "pvhefi: installing:$missing"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
