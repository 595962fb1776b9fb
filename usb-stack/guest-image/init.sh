#!/bin/sh
# The guest's /init: mount, start udevd (libusb's hotplug needs its events, as on a desk), load the USB host
# modules, run /work/cmd.sh, print its exit status, power off. Output goes to ttyS0, which the host reads.
export PATH=/usr/bin:/usr/sbin:/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
echo "@@uptime init $(cut -d' ' -f1 /proc/uptime)"
grep -q " no-udevd" /proc/cmdline || /lib/systemd/systemd-udevd --daemon --resolve-names=never 2>/dev/null || echo "@@udevd failed"
for m in $(cat /lib/modules/order); do insmod "/lib/modules/$m" || echo "@@insmod $m failed"; done
udevadm trigger --action=add >/dev/null 2>&1
udevadm settle --timeout=10 >/dev/null 2>&1
echo "@@uptime modules $(cut -d' ' -f1 /proc/uptime)"
cd /work && sh /work/cmd.sh
echo "@@guest-exit $?"
echo "@@uptime done $(cut -d' ' -f1 /proc/uptime)"
sync
poweroff -f
