#!/bin/sh
# /init of the tools/bench.sh initramfs (busybox sh): the first line is the benchmark's
# "init reached" mark, so it comes before anything else; then MemTotal, then power off.
/bin/busybox mount -t proc proc /proc
read -r up _ </proc/uptime
echo "BENCH uptime $up"
while read -r key kb _; do
	[ "$key" = MemTotal: ] && echo "BENCH memtotal $kb" && break
done </proc/meminfo
/bin/busybox poweroff -f
