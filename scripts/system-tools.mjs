// The system tools the tests use, found or installed: Chromium for Playwright, sgdisk (gdisk) to read back
// GPTs the virtual board writes, bmaptool (bmap-tools) to check SD-card images' block maps, socat for its pseudo-terminal console, and for the usb-stack tests (a real
// kernel in QEMU) QEMU, busybox-static, dfu-util, lsusb (usbutils), udevd (udev), cpio, and for the fast path's
// judge AOSP fastboot (fastboot), img2simg (android-sdk-libsparse-utils) and mkimage (u-boot-tools).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const systemTools = [
  {
    command: 'chromium',
    path: '/usr/bin/chromium',
    debianPackage: 'chromium',
    why: 'the Playwright e2e tests',
  },
  { command: 'sgdisk', path: '/usr/sbin/sgdisk', debianPackage: 'gdisk', why: 'reading back GPTs in tests' },
  {
    command: 'socat',
    path: '/usr/bin/socat',
    debianPackage: 'socat',
    why: 'the virtual board pseudo-terminal',
  },
  { command: 'tmux', path: '/usr/bin/tmux', debianPackage: 'tmux', why: 'the terminal-width tests' },
  {
    command: 'bmaptool',
    path: '/usr/bin/bmaptool',
    debianPackage: 'bmap-tools',
    why: 'checking the .bmap of SD-card images and reading sparse files in tests',
  },
  {
    command: 'simg2img',
    path: '/usr/bin/simg2img',
    debianPackage: 'android-sdk-libsparse-utils',
    why: 'reading back the fastboot sparse images in tests',
  },
  {
    command: 'mkimage',
    path: '/usr/bin/mkimage',
    debianPackage: 'u-boot-tools',
    why: 'comparing the fastboot script image with U-Boot’s own tool in tests',
  },
  ...[
    ['qemu-system-x86_64', '/usr/bin/qemu-system-x86_64', 'qemu-system-x86'],
    ['busybox', '/bin/busybox', 'busybox-static'],
    ['dfu-util', '/usr/bin/dfu-util', 'dfu-util'],
    ['lsusb', '/usr/bin/lsusb', 'usbutils'],
    ['udevadm', '/bin/udevadm', 'udev'],
    ['cpio', '/usr/bin/cpio', 'cpio'],
    ['fastboot', '/usr/bin/fastboot', 'fastboot'],
    ['img2simg', '/usr/bin/img2simg', 'android-sdk-libsparse-utils'],
    ['mkimage', '/usr/bin/mkimage', 'u-boot-tools'],
  ].map(([command, path, debianPackage]) => ({ command, path, debianPackage, why: 'the usb-stack tests' })),
];

function found(tool) {
  if (existsSync(tool.path)) return true;
  return spawnSync('sh', ['-c', `command -v ${tool.command}`], { stdio: 'ignore' }).status === 0;
}

/** Returns null when every tool is there (installing what it can as root), else the message to print. */
export function ensureSystemTools(log) {
  const missing = systemTools.filter((tool) => !found(tool));
  if (missing.length === 0) return null;
  const packages = missing.map((tool) => tool.debianPackage);
  const command = `apt-get update && apt-get install -y ${packages.join(' ')}`;
  const canInstall =
    process.getuid?.() === 0 &&
    spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    return `Missing system tools: ${missing.map((t) => `${t.command} (${t.why})`).join(', ')}.\nInstall them with:\n  sudo ${command}`;
  }
  log(`Installing ${packages.join(', ')} with apt-get ...`);
  const result = spawnSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const still = missing.filter((tool) => !found(tool));
  if (result.status !== 0 || still.length > 0) {
    return `Installing ${packages.join(' ')} failed. Run it yourself:\n  ${command}`;
  }
  return null;
}
