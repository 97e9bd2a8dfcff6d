#!/bin/sh
# /init of the Linux guests on Xen: the Xen check, then tests/linux/init.sh (here /linux-init),
# which runs the checks the command line names and powers off. Same LINUXCHECK lines.
# With pvhefi.xlshutdown=1 the guest does not power itself off after the checks but prints
# "LINUXCHECK WAITING" and waits for dom0's `xl shutdown`. Linux answers that request
# (drivers/xen/manage.c) with an orderly power-off: it runs /sbin/poweroff, busybox's, which
# without -f asks init by SIGUSR2 (as it asks busybox init); this init then says "LINUXCHECK
# POWEROFF REQUESTED" and powers off.
/bin/busybox mount -t sysfs sysfs /sys
t=$(/bin/busybox cat /sys/hypervisor/guest_type 2>/dev/null)
if [ "$t" = PVH ]; then
	echo "LINUXCHECK PASS xen-pvh"
else
	echo "LINUXCHECK FAIL xen-pvh: /sys/hypervisor/guest_type is '$t', not PVH"
fi
/bin/busybox umount /sys
/bin/busybox mkdir -p /sbin && /bin/busybox ln -s /bin/busybox /sbin/poweroff

# /linux-init ends with "poweroff -f"; run in this shell, it calls this function instead.
poweroff() {
	/bin/busybox grep -qw pvhefi.xlshutdown=1 /proc/cmdline || exec /bin/busybox poweroff "$@"
	trap 'echo "LINUXCHECK POWEROFF REQUESTED"; exec /bin/busybox poweroff -f' USR2
	echo "LINUXCHECK WAITING"
	while :; do sleep 1; done
}
. /linux-init
