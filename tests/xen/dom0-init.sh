#!/bin/sh
# /init of the test's dom0 (busybox sh): starts the Xen toolstack, then creates the guests of
# /guests/list one after another (lines "NAME SECONDS"), each from /guests/NAME.cfg, and prints
# for tests/xen/run.sh, between "XENTEST GUEST NAME BEGIN/END" lines:
#   console| ...   the guest's PV console, as xenconsoled logged it
#   xl| ...        what `xl create -F` reported (the domain id and the shutdown reason code)
#   shutdown| ...  for a guest with /guests/NAME.shutdown: once it printed "LINUXCHECK WAITING",
#                  `xl shutdown -w` (at most 60 s), its output and status, and whether the
#                  domain is gone afterwards
# A guest still running after SECONDS is destroyed and reported as timed out. When
# /guests/NAME.keys exists, its bytes are typed on the guest's console once the guest printed
# "waiting for keys". Ends with a reboot, which ends QEMU.
export PATH=/bin:/sbin:/usr/lib/xen-4.17/bin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mkdir -p /dev/pts && mount -t devpts -o ptmxmode=666 devpts /dev/pts # xenconsoled needs ptys

up() { cut -d' ' -f1 /proc/uptime; }
echo "XENTEST DOM0 UP at $(up) s"
for m in xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc; do
	insmod /lib/modules/$m.ko || echo "XENTEST ERROR insmod $m failed"
done
mount -t xenfs xenfs /proc/xen
xenstored --pid-file /run/xen/xenstored.pid || echo "XENTEST ERROR xenstored failed"
xen-init-dom0 >/dev/null || echo "XENTEST ERROR xen-init-dom0 failed"
xenconsoled --pid-file=/run/xen/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console ||
	echo "XENTEST ERROR xenconsoled failed"
echo "XENTEST TOOLSTACK UP at $(up) s: $(xl info | grep -E '^xen_(major|minor|extra)' | tr -s ' ' | tr '\n' ' ')"

# Types /guests/NAME.keys into the console's pty (xenconsoled's end of the ring).
type_keys() { # NAME
	log=/var/log/xen/console/guest-$1.log
	for i in $(seq 1 300); do
		grep -q "waiting for keys" $log 2>/dev/null && break
		sleep 0.1
	done
	tty=$(xenstore-read /local/domain/$(xl domid "$1")/console/tty)
	cat /guests/$1.keys >"$tty" || echo "XENTEST ERROR cannot type on $1's console ($tty)"
}

# Asks the guest to shut down once it waits for it, and waits (bounded) until it did.
shut_down() { # NAME XL_PID
	out=/tmp/$1.shutdown
	until grep -q "LINUXCHECK WAITING" /var/log/xen/console/guest-$1.log 2>/dev/null; do
		kill -0 "$2" 2>/dev/null || { echo "the guest ended before it waited" >$out; return; }
		sleep 0.2
	done
	echo "xl shutdown -w $1 at $(up) s" >$out
	timeout 60 xl shutdown -w "$1" >>$out 2>&1
	echo "xl shutdown -w: status $? at $(up) s" >>$out
}

run_guest() { # NAME SECONDS
	echo "XENTEST GUEST $1 BEGIN at $(up) s"
	timeout "$2" xl create -F /guests/$1.cfg >/tmp/$1.xl 2>&1 &
	xl_pid=$!
	[ -f /guests/$1.keys ] && type_keys "$1"
	[ -f /guests/$1.shutdown ] && shut_down "$1" $xl_pid
	wait $xl_pid
	rc=$?
	if xl list "$1" >/dev/null 2>&1; then
		echo "XENTEST GUEST $1 TIMEOUT: still running after $2 s (xl status $rc)"
		xl destroy "$1"
	elif [ -f /tmp/$1.shutdown ]; then
		echo "domain $1 is gone at $(up) s" >>/tmp/$1.shutdown
	fi
	sed 's/^/console| /' /var/log/xen/console/guest-$1.log
	sed 's/^/xl| /' /tmp/$1.xl
	[ -f /tmp/$1.shutdown ] && sed 's/^/shutdown| /' /tmp/$1.shutdown
	echo "XENTEST GUEST $1 END at $(up) s"
}

while read -r name seconds; do
	run_guest "$name" "$seconds"
done </guests/list
echo "XENTEST DONE at $(up) s"
reboot -f
