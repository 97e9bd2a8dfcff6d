#!/bin/sh
# Prints the firmware's size in memory, apart from the embedded payload (the last section,
# whose size objdump reads from the section header: pvhefi-pack keeps it true).
#   tools/image-size.sh ELF            one line (make prints it after every link)
#   tools/image-size.sh ELF OBJDIR     also the bytes by folder and kind, and issue 11's
#                                      targets: loadable bytes and runtime-resident memory
elf=$1 objdir=${2:-}
sym() { nm "$elf" | awk -v s="$1" '$3 == s { print $1 }'; }
start=$((0x$(sym __image_start))); end=$((0x$(sym __image_end)))
payload=$((0x$(objdump -h "$elf" | awk '$2 == ".payload" { print $3 }')))
bss=$((end - 0x$(sym __bss_start)))
echo "pvhefi: $elf: firmware $(((end - start) / 1024)) KiB in memory ($((bss / 1024)) KiB of it .bss and stacks)," \
	"payload $((payload / 1024)) KiB, file $(( $(stat -c %s "$elf") / 1024 )) KiB"
[ -n "$objdir" ] || exit 0

# By folder, from the objects as compiled (before the link's alignment): code, read-only data,
# data, .bss. The runtime unit is one object (runtime/ and the lib/ parts it carries).
echo
printf '%-10s %8s %8s %8s %8s\n' folder code rodata data bss
for d in boot lib pe platform services runtime; do
	if [ $d = runtime ]; then objs=$objdir/fw/runtime.o; else objs=$(find "$objdir/fw/$d" -name '*.o'); fi
	# shellcheck disable=SC2086
	size -A $objs | awk -v d=$d '
		$1 ~ /^\.(text|rtcode)/ { c += $2 }
		$1 ~ /^\.rodata/ { r += $2 }
		$1 ~ /^\.(data|rtdata)/ { w += $2 }
		$1 ~ /^\.(bss|rtbss)|^COMMON/ { b += $2 }
		END { printf "%-10s %8d %8d %8d %8d\n", d, c, r, w, b }'
done

# What a VMM loads (every PT_LOAD's file bytes but the payload's) and what the OS keeps.
loadable=0
for f in $(readelf -lW "$elf" | awk '$1 == "LOAD" { print $5 }' | sed '$d'); do # the last: the payload
	loadable=$((loadable + f))
done
resident=$((0x$(sym __rtdata_end) - 0x$(sym __rtcode_start)))
verdict() { # WHAT BYTES LIMIT
	if [ "$2" -le "$3" ]; then v="met"; else v="missed by $((($2 - $3 + 1023) / 1024)) KiB"; fi
	echo "$1: $(($2 / 1024)) KiB ($2 bytes; target at most $(($3 / 1024)) KiB): $v"
}
echo
verdict "loadable bytes without the payload" "$loadable" 32768
verdict "runtime-resident memory (runtime code, data, variable store)" "$resident" 32768
