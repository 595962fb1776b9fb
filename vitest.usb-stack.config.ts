import { defineConfig } from 'vitest/config';

/**
 * `npm run test:usb-stack`: the virtual board on a real Linux kernel in QEMU, judged by real dfu-util and lsusb
 * and by our own CLI through libusb (usb-stack/). One guest at a time: TCG takes a whole core.
 */
export default defineConfig({
  test: {
    include: ['usb-stack/**/*.usb-stack.test.ts'],
    globalSetup: ['usb-stack/harness/global-setup.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
