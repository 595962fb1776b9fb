import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hostCommand } from './host-command';

/** The USB host modules the guest loads, in dependency order (Debian builds all of USB as modules). */
const usbHostModules = [
  'drivers/usb/common/usb-common.ko',
  'drivers/usb/core/usbcore.ko',
  'drivers/usb/host/xhci-hcd.ko',
  'drivers/usb/host/xhci-pci.ko',
];

export interface GuestKernel {
  /** e.g. `6.1.0-57-amd64`: the cache key of everything built from it. */
  readonly version: string;
  readonly vmlinuz: string;
  /** The modules, in load order. */
  readonly modules: readonly string[];
}

/**
 * Debian's current kernel, downloaded with `apt-get download` and unpacked with `dpkg-deb -x` (never installed:
 * that would run the host's initramfs and boot-loader hooks). Only vmlinuz and the USB host modules are kept.
 */
export function prepareDebianKernel(cacheDir: string): GuestKernel {
  const dependsOn = hostCommand('apt-cache', ['depends', 'linux-image-amd64']);
  const pkg = /Depends:\s+(linux-image-\d\S*)/.exec(dependsOn)?.[1];
  if (pkg === undefined) throw new Error(`apt-cache names no kernel for linux-image-amd64:\n${dependsOn}`);
  const version = pkg.replace(/^linux-image-/, '');
  const dir = path.join(cacheDir, `kernel-${version}`);
  const kernel = {
    version,
    vmlinuz: path.join(dir, 'vmlinuz'),
    modules: usbHostModules.map((module) => path.join(dir, path.basename(module))),
  };
  if ([kernel.vmlinuz, ...kernel.modules].every((file) => existsSync(file))) return kernel;

  const download = path.join(cacheDir, 'download');
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  hostCommand('apt-get', ['download', pkg], download);
  const deb = readdirSync(download).find((name) => name.endsWith('.deb'));
  if (deb === undefined) throw new Error(`apt-get download ${pkg} left no .deb in ${download}`);
  const tree = path.join(download, 'tree');
  hostCommand('dpkg-deb', ['-x', path.join(download, deb), tree]);
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(tree, 'boot', `vmlinuz-${version}`), kernel.vmlinuz);
  for (const module of usbHostModules) {
    const source = path.join(tree, 'lib', 'modules', version, 'kernel', module);
    if (!existsSync(source)) throw new Error(`${deb} has no ${module} (compressed modules are not handled)`);
    copyFileSync(source, path.join(dir, path.basename(module)));
  }
  writeFileSync(path.join(dir, 'package'), `${deb}\n`);
  rmSync(download, { recursive: true, force: true });
  return kernel;
}
