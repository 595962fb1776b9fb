import { startServeProcess } from '../src/main/shell/test-support/serve-process';
import { runStalledReaderLoad } from '../src/main/shell/test-support/stalled-reader-load';
import type { BenchEntry } from './bench-entry';

const requests = 300;
const mib = 1024 * 1024;

/** `serve` (the built CLI) while a client that never reads sends 300 requests of 1 MB with 1 MB replies. */
const entry: BenchEntry = {
  name: 'serve-stalled-reader',
  async run() {
    const served = await startServeProcess([]);
    try {
      const figures = await runStalledReaderLoad(served, requests, 15_000);
      const note = `${figures.framesWritten} of ${requests} frames taken; idle ${(figures.baselineBytes / mib).toFixed(0)} MB`;
      return [
        {
          metric: 'serve peak RSS, stalled reader',
          value: figures.peakBytes / mib,
          unit: 'MB',
          target: '< 200',
          note,
        },
        {
          metric: 'serve app.info, stalled reader',
          value: figures.otherClientMs,
          unit: 'ms',
          note: 'another client',
        },
      ];
    } finally {
      await served.stop();
    }
  },
};

export default entry;
