#!/bin/sh
# /init of the Linux guests on Xen: the Xen check, then tests/linux/init.sh (here /linux-init),
# which runs the checks the command line names and powers off. Same LINUXCHECK lines.
/bin/busybox mount -t sysfs sysfs /sys
t=$(/bin/busybox cat /sys/hypervisor/guest_type 2>/dev/null)
if [ "$t" = PVH ]; then
	echo "LINUXCHECK PASS xen-pvh"
else
	echo "LINUXCHECK FAIL xen-pvh: /sys/hypervisor/guest_type is '$t', not PVH"
fi
/bin/busybox umount /sys
exec /linux-init
