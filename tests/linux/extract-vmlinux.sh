#!/bin/sh
# Writes the ELF vmlinux inside a bzImage, for booting the kernel through its own PVH entry
# (QEMU -kernel with an ELF that has XEN_ELFNOTE_PHYS32_ENTRY): the baseline of tests/linux.
#   tests/linux/extract-vmlinux.sh BZIMAGE OUT
# The boot protocol header says where the compressed kernel lies (payload_offset/length, from
# the protected-mode code, which starts after the setup sectors); its magic says the format.
set -e
z=$1 out=$2
u8() { od -An -tu1 -j "$1" -N1 "$z" | tr -d ' '; }
u32() { od -An -tu4 -j "$1" -N4 "$z" | tr -d ' '; }
[ "$(od -An -c -j $((0x202)) -N4 "$z" | tr -d ' ')" = HdrS ] || { echo "$z: not a bzImage" >&2; exit 1; }
setup_sects=$(u8 $((0x1f1)))
[ "$setup_sects" = 0 ] && setup_sects=4
off=$(((setup_sects + 1) * 512 + $(u32 $((0x248)))))
len=$(u32 $((0x24c)))
magic=$(od -An -tx1 -j "$off" -N4 "$z" | tr -d ' ')
case $magic in
02214c18) unpack="lz4 -dc" ;;
28b52ffd) unpack="zstd -dc" ;;
fd377a58) unpack="xz -dc" ;;
1f8b08*) unpack="gzip -dc" ;;
*) echo "$z: unknown kernel compression (magic $magic)" >&2; exit 1 ;;
esac
# The kernel appends the uncompressed size to the stream: the tools complain about these
# 4 bytes (non-zero status) after writing everything, so the ELF header is what counts.
tail -c +$((off + 1)) "$z" | head -c "$len" | $unpack >"$out.tmp" 2>/dev/null || true
[ "$(od -An -c -N4 "$out.tmp" | tr -d ' ')" = 177ELF ] || { echo "$z: $unpack gave no ELF" >&2; exit 1; }
readelf -n "$out.tmp" | grep -q 'Xen.*0x00000012' || { echo "$z: vmlinux has no PVH entry note" >&2; exit 1; }
mv "$out.tmp" "$out"
