import { afterAll, beforeAll, expect, it } from 'vitest';
import { runStalledReaderLoad } from './test-support/stalled-reader-load';
import { startServeProcess, type ServeProcess } from './test-support/serve-process';

// The built CLI (`npm run build` first); RSS from /proc, so Linux only. The exact figure is `npm run bench` (serve-stalled-reader).
let served: ServeProcess;

beforeAll(async () => {
  served = await startServeProcess([]);
});

afterAll(async () => {
  await served.stop();
});

// Before the limits: 423 MB at peak, 300 frames read; after: about 90 MB, the server stops reading at ~12.
it.runIf(process.platform === 'linux')(
  'a client that never reads, sending 300 requests of 1 MB, leaves the server bounded and answering',
  async () => {
    const figures = await runStalledReaderLoad(served, 300, 15_000);
    expect(figures.peakBytes).toBeLessThan(300 * 1024 * 1024);
    expect(figures.otherClientMs).toBeLessThan(2000);
    expect(served.child.exitCode).toBeNull();
  },
  40_000,
);
