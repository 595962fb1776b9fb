import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repositoryRoot } from '../../src/main/engine/layout/test-support/layout-images';
import { writeCpio } from './cpio-archive';
import type { GuestKernel } from './debian-kernel';
import { hostCommand, sharedLibraries } from './host-command';

/** The host programs the guest runs, copied with the libraries `ldd` finds for them. */
export const guestPrograms = [
  // busybox-static: the shell and every small tool (an ordinary busybox brings its libraries along).
  '/bin/busybox',
  '/usr/bin/dfu-util',
  '/usr/bin/lsusb',
  '/bin/udevadm',
  // The fast path's independent host: AOSP fastboot (Debian's `fastboot`), img2simg
  // (`android-sdk-libsparse-utils`) and mkimage (`u-boot-tools`) for the script image.
  '/usr/bin/fastboot',
  '/usr/bin/img2simg',
  '/usr/bin/mkimage',
  // Node for our own CLI; the same binary that runs the tests.
  process.execPath,
] as const;

// From the repository root, so the same file works from usb-stack/ and bundled into out/bench/.
const initScript = path.join(repositoryRoot, 'usb-stack', 'guest-image', 'init.sh');

function inputKey(kernel: GuestKernel): string {
  const hash = createHash('sha256');
  hash.update(kernel.version);
  hash.update(readFileSync(initScript));
  for (const file of guestPrograms) {
    const stat = statSync(file);
    hash.update(`${realpathSync(file)}:${stat.size}:${stat.mtimeMs}`);
  }
  return hash.digest('hex').slice(0, 16);
}

function copyInto(root: string, file: string, as = file): void {
  const target = path.join(root, as);
  mkdirSync(path.dirname(target), { recursive: true });
  if (!existsSync(target)) copyFileSync(realpathSync(file), target);
}

/**
 * The guest's base initramfs (uncompressed cpio: TCG unpacks it faster than it inflates gzip): busybox, udevd,
 * dfu-util, lsusb, fastboot, img2simg, mkimage, Node, their libraries, the USB host modules and /init. Cached, keyed on its inputs.
 */
export function prepareBaseInitramfs(cacheDir: string, kernel: GuestKernel): string {
  const out = path.join(cacheDir, `base-${inputKey(kernel)}.cpio`);
  if (existsSync(out)) return out;
  const root = mkdtempSync(path.join(tmpdir(), 'stm32mp-guest-base-'));
  try {
    for (const dir of ['bin', 'sbin', 'usr/bin', 'proc', 'sys', 'dev', 'run', 'tmp', 'work', 'lib/modules'])
      mkdirSync(path.join(root, dir), { recursive: true });
    for (const program of guestPrograms) {
      copyInto(root, program, program === process.execPath ? '/usr/bin/node' : program);
      for (const library of sharedLibraries(program)) copyInto(root, library);
    }
    // Busybox's applets where no real program of that name is (its own lsusb must not hide usbutils').
    for (const applet of hostCommand('/bin/busybox', ['--list']).split('\n').filter(Boolean)) {
      const link = path.join(root, 'bin', applet);
      if (!existsSync(link) && !existsSync(path.join(root, 'usr/bin', applet))) symlinkSync('busybox', link);
    }
    mkdirSync(path.join(root, 'lib/systemd'), { recursive: true });
    symlinkSync('/bin/udevadm', path.join(root, 'lib/systemd/systemd-udevd'));
    for (const module of kernel.modules) copyInto(root, module, `/lib/modules/${path.basename(module)}`);
    writeFileSync(
      path.join(root, 'lib/modules/order'),
      kernel.modules.map((module) => path.basename(module)).join('\n') + '\n',
    );
    copyFileSync(initScript, path.join(root, 'init'));
    chmodSync(path.join(root, 'init'), 0o755);
    writeCpio(root, out);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return out;
}
