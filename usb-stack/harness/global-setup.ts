import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { repositoryRoot } from '../../src/main/engine/layout/test-support/layout-images';
import { prepareGuestImage } from '../guest-image/prepare-guest-image';
import type { GuestImage } from './boot-guest';

declare module 'vitest' {
  export interface ProvidedContext {
    guestImage: GuestImage;
    artifactsDir: string;
  }
}

/** Once per `npm run test:usb-stack`: the guest image, and a fresh artifacts folder (git-ignored). */
export default function setup(project: TestProject): () => void {
  const started = Date.now();
  const artifactsDir = path.join(repositoryRoot, 'usb-stack', 'artifacts');
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  const app = path.join(artifactsDir, 'app.cpio');
  const image = prepareGuestImage(app);
  process.stdout.write(
    `usb-stack: kernel ${image.kernelVersion}, guest image ready in ${Date.now() - started} ms\n`,
  );
  project.provide('guestImage', { vmlinuz: image.vmlinuz, initramfs: image.initramfs });
  project.provide('artifactsDir', artifactsDir);
  return () => rmSync(app, { force: true });
}
