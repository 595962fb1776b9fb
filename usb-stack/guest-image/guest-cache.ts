import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/**
 * Where the kernel and the base initramfs are kept between runs: outside the repository, keyed on their inputs
 * inside. `STM32MP_USB_STACK_CACHE` moves it (a CI cache folder, say).
 */
export function guestCacheDir(): string {
  const dir =
    process.env['STM32MP_USB_STACK_CACHE'] ?? path.join(homedir(), '.cache', 'stm32mp-flasher', 'usb-stack');
  mkdirSync(dir, { recursive: true });
  return dir;
}
