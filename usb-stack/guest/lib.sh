# Sourced by every guest script (usb-stack): the section markers the host parses, and waits on the bus.

# section NAME CMD...: runs CMD, its output between `@@begin NAME` and `@@end NAME rc=N`.
# Sections nest (a run holds its listings): busybox sh's `local` keeps each one's name.
section() {
  local section_name=$1 section_rc
  shift
  echo "@@begin $section_name"
  "$@" 2>&1
  section_rc=$?
  echo "@@end $section_name rc=$section_rc"
  return $section_rc
}

# wait_for PATTERN [TENTHS]: waits until a USB device whose "vid:pid product serial" line matches PATTERN is
# on the bus (default 15 s); answers 1 after the deadline.
wait_for() {
  i=0
  while [ "$i" -lt "${2:-150}" ]; do
    bus_devices | grep -q -- "$1" && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "@@timeout waiting for $1"; bus_devices
  return 1
}

# wait_gone PATTERN [TENTHS]: waits until no device matches PATTERN.
wait_gone() {
  i=0
  while [ "$i" -lt "${2:-150}" ]; do
    bus_devices | grep -q -- "$1" || return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "@@timeout waiting for $1 to leave"; bus_devices
  return 1
}

# One line per USB device: "path vid:pid product|serial".
bus_devices() {
  for d in /sys/bus/usb/devices/*; do
    [ -f "$d/idVendor" ] || continue
    echo "$(basename "$d") $(cat "$d/idVendor"):$(cat "$d/idProduct") $(cat "$d/product" 2>/dev/null)|$(cat "$d/serial" 2>/dev/null)"
  done
}
