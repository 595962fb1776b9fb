# Sourced after phase-led-dfu-util.sh: the fast path judged by hosts that are not ours. dfu-util switches the
# board the way ST's STM32PRG-TOOLBOX-DFU does (TF-A and the FIP, then a legacy script image made by mkimage on
# the FlashLayout's alt and DETACH); AOSP fastboot then talks to U-Boot's fastboot gadget, 0483:0afb.

# script_image TEXT OUT: the legacy U-Boot script image (uImage, type script) ST's toolbox sends instead of the
# FlashLayout.
script_image() {
  mkimage -T script -C none -A arm -O linux -n "stm32mp fastboot switch" -d "$1" "$2"
}

# fb SERIAL ARGS...: AOSP fastboot on the board with that serial, given up after 60 s (fastboot itself waits
# for ever for a device it cannot reach).
fb() {
  fb_serial=$1; shift
  timeout 60 fastboot -s "$fb_serial" "$@"
}

# wait_fastboot SERIAL: waits (30 s) until the board with that serial is on the bus as 0483:0afb, then shows it.
wait_fastboot() {
  wait_for "0483:0afb .*|$1\$" 300 || return 1
  bus_devices | grep -- "0483:0afb"
}

# switch_to_fastboot NAME SERIAL IMAGES: phase_led_run with IMAGES/phase-00.bin being the script image: the ROM
# and TF-A get TF-A and the FIP, U-Boot the script on the FlashLayout's alt (it answers GetPhase 0xFE once it
# took a script, stm32prog_end_phase), then DETACH; U-Boot runs the script and comes back as 0483:0afb.
switch_to_fastboot() {
  LISTINGS=0 phase_led_run "$1" "$2" "$3" 0 || return 1
  wait_fastboot "$2"
}

# lsusb_of SERIAL: lsusb -v of the board with that serial, as it is now.
lsusb_of() {
  lsusb -v -s "$(device_key "$1" | tr - :)"
}
