import type { GuestImage } from '../harness/boot-guest';
import { buildAppArchive } from './app-archive';
import { prepareBaseInitramfs } from './base-initramfs';
import { prepareDebianKernel } from './debian-kernel';
import { guestCacheDir } from './guest-cache';

/**
 * Everything a guest boots from: Debian's kernel and the base initramfs (cached outside the repository, keyed
 * on their inputs) and the app archive, built now at `appArchive` from the current `out/cli`.
 */
export function prepareGuestImage(appArchive: string): GuestImage & { readonly kernelVersion: string } {
  const cache = guestCacheDir();
  const kernel = prepareDebianKernel(cache);
  const base = prepareBaseInitramfs(cache, kernel);
  buildAppArchive(appArchive);
  return { vmlinuz: kernel.vmlinuz, initramfs: [base, appArchive], kernelVersion: kernel.version };
}
