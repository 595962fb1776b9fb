# Sourced: a board programmed by dfu-util alone, led by GetPhase, as ST's "How to load U-Boot with dfu-util"
# page does it: GetPhase by upload on the virtual alt, the download the board asks for, DETACH when it asks.
# Images are /work/<dir>/phase-XX.bin (XX: lower-case hex id; 00 is the layout).

# dfu SERIAL ARGS...: dfu-util on the board with that serial (its output kept in the section).
dfu() {
  serial=$1; shift
  dfu-util -d 0483:df11 -S "$serial" "$@"
}

# alt_for SERIAL HEX: the alt number whose name carries /0xHEX/ (ROM and TF-A write " /0xF1", U-Boot "/0xf1").
alt_for() {
  dfu-util -l -d 0483:df11 -S "$1" 2>/dev/null |
    grep -i "name=\"@[^\"]*/0x$2/" | sed -n 's/.*alt=\([0-9]*\),.*/\1/p' | head -n 1
}

# get_phase SERIAL: sets PHASE (hex) and DETACH_FLAG (the byte after offset, 01 = send DETACH) from GetPhase.
get_phase() {
  rm -f /tmp/phase.bin
  dfu "$1" -a "$(alt_for "$1" f1)" -U /tmp/phase.bin >/tmp/phase.log 2>&1
  PHASE=$(od -An -tx1 -N1 /tmp/phase.bin | tr -d ' \n')
  DETACH_FLAG=$(od -An -tx1 -j9 -N1 /tmp/phase.bin | tr -d ' \n')
}

# device_key SERIAL: "busnum-devnum" of the board now, so a re-enumeration can be told from the same device.
device_key() {
  for d in /sys/bus/usb/devices/*; do
    [ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && echo "$(cat "$d/busnum")-$(cat "$d/devnum")"
  done
}

# device_product SERIAL: the product string the kernel read at enumeration.
device_product() {
  for d in /sys/bus/usb/devices/*; do
    [ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && cat "$d/product"
  done
}

# listing NAME SERIAL: what a person looks at, at each stage: dfu-util -l and lsusb -v of the board.
listing() {
  key=$(device_key "$2")
  section "$1-dfu-util-l" dfu-util -l -d 0483:df11 -S "$2"
  section "$1-lsusb-v" lsusb -v -s "$(echo "$key" | tr - :)"
}

# phase_led_run NAME SERIAL IMAGES TFA_DETACH_ALT: TFA_DETACH_ALT is the alt TF-A's DETACH goes to ("0" or
# "virtual"). Prints one `step` line per action; returns 0 at Download done (phase 0xFE and the last DETACH).
# LISTINGS=0 skips the listings; SLEEP_AFTER_MANIFEST=N sleeps N s after each download, as scripts written
# from ST's wiki page do (the benchmark's dfu-util script).
phase_led_run() {
  run_name=$1; serial=$2; images=$3; tfa_detach=$4; step=0; shown=""; stage_number=0
  while [ "$step" -lt 60 ]; do
    step=$((step + 1))
    wait_for "|$serial" 300 || return 1
    key=$(device_key "$serial")
    product=$(device_product "$serial")
    get_phase "$serial"
    echo "step $step device $key phase $PHASE detach $DETACH_FLAG"
    case "$PHASE" in fe | ff) ;; *) [ "$shown" = "$key" ] || {
      stage_number=$((stage_number + 1))
      [ "${LISTINGS:-1}" = 0 ] || listing "$run_name-stage$stage_number" "$serial"
      shown=$key
    } ;; esac
    if [ "$PHASE" = fe ]; then
      dfu "$serial" -a "$(alt_for "$serial" f1)" -e
      echo "step $step: Download done (DETACH at phase 0xFE)"
      return 0
    fi
    [ "$PHASE" = ff ] && { echo "step $step: the board reports an error:"; od -c /tmp/phase.bin; return 1; }
    if [ "$PHASE" = 00 ] && [ "$DETACH_FLAG" = 01 ]; then
      alt=$(alt_for "$serial" f1)
      case "$(dfu-util -l -d 0483:df11 -S "$serial" 2>/dev/null)" in
        *'name="@FlashLayout'* | *'name="@virtual/'*) ;; # U-Boot: the virtual alt
        *) [ "$tfa_detach" = 0 ] && alt=0 ;;            # TF-A
      esac
      echo "step $step: DETACH on alt $alt"
      dfu "$serial" -a "$alt" -e
      wait_gone_key "$serial" "$key" || return 1
      continue
    fi
    alt=$(alt_for "$serial" "$PHASE")
    image="$images/phase-$PHASE.bin"
    echo "step $step: download $image to alt $alt"
    dfu "$serial" -a "$alt" -D "$image"
    rc=$?
    echo "step $step: dfu-util -D exit $rc"
    sleep "${SLEEP_AFTER_MANIFEST:-0}"
    if [ "$rc" = 74 ]; then
      # The MP15 ROM starts the FSBL by itself: the status read after the manifestation fails (spec §4.3).
      # Same device, no disconnect (findings §13): TF-A's listing is taken on the next step.
      shown=""
      continue
    fi
    [ "$rc" = 0 ] || return 1
    case "$product" in
      'DFU in '*'/0x500,'*) ;;
      'DFU in '*)
        [ "$PHASE" = 01 ] || continue
        # MP13 and MP2 ROMs start the FSBL on DETACH only (ST's toolbox sends it without reading GetPhase).
        if dfu-util -l -d 0483:df11 -S "$serial" 2>/dev/null | grep -q 'name="@virtual'; then
          alt=$(alt_for "$serial" f1)
          echo "step $step: DETACH on alt $alt (ROM, after the FSBL)"
          dfu "$serial" -a "$alt" -e
          wait_gone_key "$serial" "$key" || return 1
        fi
        ;;
    esac
  done
  echo "no end after $step steps"
  return 1
}

# wait_gone_key SERIAL KEY: waits (20 s) until the board with SERIAL is no longer device KEY.
wait_gone_key() {
  i=0
  while [ "$i" -lt 200 ]; do
    now=$(device_key "$1")
    [ -n "$now" ] && [ "$now" != "$2" ] && return 0
    sleep 0.1; i=$((i + 1))
  done
  echo "@@timeout: the board $1 did not re-enumerate after device $2"
  return 1
}
