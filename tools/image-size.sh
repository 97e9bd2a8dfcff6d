#!/bin/sh
# Prints the firmware's size in memory, apart from the embedded payload.
elf=$1
sym() { nm "$elf" | awk -v s="$1" '$3 == s { print $1 }'; }
start=$((0x$(sym __image_start))); end=$((0x$(sym __image_end)))
pstart=$((0x$(sym __payload_start))); pend=$((0x$(sym __payload_end)))
bss=$((end - 0x$(sym __bss_start)))
fw=$(( (end - start) - (pend - pstart) ))
echo "pvhefi: $elf: firmware $((fw / 1024)) KiB in memory ($((bss / 1024)) KiB of it .bss and stacks)," \
	"payload $(((pend - pstart) / 1024)) KiB, file $(( $(stat -c %s "$elf") / 1024 )) KiB"
