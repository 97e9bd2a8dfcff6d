#!/bin/sh
# Prints the firmware's size in memory, apart from the embedded payload (the last section,
# whose size objdump reads from the section header: pvhefi-pack keeps it true).
elf=$1
sym() { nm "$elf" | awk -v s="$1" '$3 == s { print $1 }'; }
start=$((0x$(sym __image_start))); end=$((0x$(sym __image_end)))
payload=$((0x$(objdump -h "$elf" | awk '$2 == ".payload" { print $3 }')))
bss=$((end - 0x$(sym __bss_start)))
echo "pvhefi: $elf: firmware $(((end - start) / 1024)) KiB in memory ($((bss / 1024)) KiB of it .bss and stacks)," \
	"payload $((payload / 1024)) KiB, file $(( $(stat -c %s "$elf") / 1024 )) KiB"
