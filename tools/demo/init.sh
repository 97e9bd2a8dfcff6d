#!/bin/sh
# /init of the demo initramfs: show what the kernel got from pvhefi, then power off.
export PATH=/bin
busybox mount -t proc proc /proc
busybox mount -t sysfs sys /sys
echo
echo "=== pvhefi demo: Linux $(busybox uname -r) reached userspace after $(busybox cut -d' ' -f1 /proc/uptime) s ==="
echo "command line:    $(busybox cat /proc/cmdline)"
echo "/sys/firmware/efi: $(busybox ls /sys/firmware/efi 2>/dev/null | busybox tr '\n' ' ')"
echo "memory:          $(busybox grep MemTotal /proc/meminfo | busybox tr -s ' ')"
echo "EFI in dmesg:"
busybox dmesg | busybox grep -iE 'efi' | busybox sed 's/^/  /'
echo "=== powering off ==="
busybox poweroff -f
