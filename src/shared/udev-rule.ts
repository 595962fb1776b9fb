/**
 * The one udev rule file that lets a logged-in Linux user open STM32MP boards, and the commands that install it.
 * The shipped file (`assets/linux/70-stm32mp-flasher.rules`, which the .deb installs), the app's "Install rule"
 * button (run through pkexec), the hints and the CLI all take their text from here, so they cannot drift.
 */

/** Every stage of a board (ROM code, TF-A, U-Boot) enumerates as this one USB ID. */
export const dfuUsbId = { vendor: '0483', product: 'df11' } as const;

/**
 * U-Boot's fastboot gadget on STM32MP boards (the fast path): `STM32MP1_G_DNL_FASTBOOT_PRODUCT_NUM 0x0afb` in
 * `g_dnl_bind_fixup` (ST's U-Boot, board/st/stm32mp1/stm32mp1.c and board/st/stm32mp2/stm32mp2.c).
 */
export const fastbootUsbId = { vendor: '0483', product: '0afb' } as const;

/** The ST-Link virtual COM ports (the board's console): V2-1, V3 and V3PWR variants. */
export const stLinkVcpProductIds = ['374b', '3752', '374e', '374f', '3753', '3754'] as const;

/** `uaccess` for the person at the seat; `MODE`/`GROUP` where no logind seat applies. */
const access = 'TAG+="uaccess", MODE="0660", GROUP="plugdev"';

/** The file name must sort before `73-seat-late.rules`, where `uaccess` is applied, or the tag does nothing. */
export const udevRuleFileName = '70-stm32mp-flasher.rules';

/** Where the app's "Install rule" (and the .deb) put it: the local administrator's udev folder. */
export const udevRuleInstallPath = `/etc/udev/rules.d/${udevRuleFileName}`;

/** The rule for a USB device itself (a `usb` device node: its own attributes). */
function usbDeviceUdevRule(id: { readonly vendor: string; readonly product: string }): string {
  return `SUBSYSTEM=="usb", ATTR{idVendor}=="${id.vendor}", ATTR{idProduct}=="${id.product}", ${access}`;
}

/** The rule for the DFU device (every stage). */
export const dfuUdevRule = usbDeviceUdevRule(dfuUsbId);

/** The rule for U-Boot's fastboot device (the fast path). */
export const fastbootUdevRule = usbDeviceUdevRule(fastbootUsbId);

/** The console's `ttyACM` node: its vendor and product are on the parent USB device (`ATTRS`). */
function vcpUdevRule(product: string): string {
  return `SUBSYSTEM=="tty", ATTRS{idVendor}=="0483", ATTRS{idProduct}=="${product}", ${access}`;
}

/** The whole file, byte for byte what `assets/linux/70-stm32mp-flasher.rules` holds (a test checks it). */
export const udevRulesText = [
  '# STM32MP Flasher: lets the person at the desk open STM32MP boards without root.',
  '# The name must sort before 73-seat-late.rules, which turns TAG+="uaccess" into an ACL for the user at the seat;',
  '# MODE/GROUP is the fallback where no logind seat applies (the plugdev group, e.g. over ssh).',
  '# Every stage of a board (ROM code, TF-A, U-Boot) enumerates as 0483:df11.',
  dfuUdevRule,
  '# U-Boot running fastboot (the fast path: SD and eMMC partitions over fastboot) enumerates as 0483:0afb.',
  fastbootUdevRule,
  '# The ST-Link virtual COM port (the board console, a ttyACM node): its IDs are on the parent USB device.',
  ...stLinkVcpProductIds.map(vcpUdevRule),
  '',
].join('\n');

/** Re-reads the rules and applies them to the boards and consoles already plugged in (no replug needed). */
export const udevReloadCommand = `udevadm control --reload-rules && udevadm trigger --subsystem-match=usb --attr-match=idVendor=${dfuUsbId.vendor} && udevadm trigger --subsystem-match=tty --property-match=ID_VENDOR_ID=0483`;

/**
 * The script that installs the rule, run as root (`sh -c`). It holds no single quote, so it can be shown and
 * pasted as `sudo sh -c '…'`; the here-document is unquoted but the rule text has no `$`, backquote or backslash.
 */
export const udevInstallScript = [
  'set -e',
  `cat > ${udevRuleInstallPath} <<EOF`,
  udevRulesText.trimEnd(),
  'EOF',
  `chmod 0644 ${udevRuleInstallPath}`,
  udevReloadCommand,
].join('\n');

/** The program the app runs for "Install rule": argv, never through a shell of ours. */
export const pkexecInstallArgv = ['pkexec', 'sh', '-c', udevInstallScript] as const;

/** The install as a person types it: `pkexec` (what the app's button runs) or `sudo` (a terminal, the CLI). */
export function udevInstallCommandLine(elevate: 'pkexec' | 'sudo'): string {
  return `${elevate} sh -c '${udevInstallScript}'`;
}
