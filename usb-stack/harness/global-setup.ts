import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { repositoryRoot } from '../../src/main/engine/layout/test-support/layout-images';
import { buildAppArchive } from '../guest-image/app-archive';
import { prepareBaseInitramfs } from '../guest-image/base-initramfs';
import { prepareDebianKernel } from '../guest-image/debian-kernel';
import { guestCacheDir } from '../guest-image/guest-cache';
import type { GuestImage } from './boot-guest';

declare module 'vitest' {
  export interface ProvidedContext {
    guestImage: GuestImage;
    artifactsDir: string;
  }
}

/** Once per `npm run test:usb-stack`: the kernel and base initramfs (cached), the app archive (per run). */
export default function setup(project: TestProject): () => void {
  const started = Date.now();
  const cache = guestCacheDir();
  const kernel = prepareDebianKernel(cache);
  const base = prepareBaseInitramfs(cache, kernel);
  const artifactsDir = path.join(repositoryRoot, 'usb-stack', 'artifacts');
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  const app = path.join(artifactsDir, 'app.cpio');
  buildAppArchive(app);
  process.stdout.write(
    `usb-stack: kernel ${kernel.version}, base ${path.basename(base)}, app archive built in ${Date.now() - started} ms\n`,
  );
  project.provide('guestImage', { vmlinuz: kernel.vmlinuz, initramfs: [base, app] });
  project.provide('artifactsDir', artifactsDir);
  return () => rmSync(app, { force: true });
}
