import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createServices } from '../src/main/services/create-services';
import { maxLayoutBytes } from '../src/main/engine/layout/read-layout-file';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import type { BenchEntry, BenchResult } from './bench-entry';

const mib = 1 << 20;
const rounds = 5;
const dataLine = 'P\t0x04\tfsbl1\tBinary\tmmc0\t0x00004400\ttf-a.stm32';

/** A 1 MiB layout (refused unread), and the costliest shapes a layout may have and still be parsed (issue 20 item 4). */
const layouts: Record<string, string> = {
  'newlines-1MiB.tsv': '\n'.repeat(mib - 1),
  'newlines-256KiB.tsv': '\n'.repeat(maxLayoutBytes - 1),
  'tabs-256KiB.tsv': '\t'.repeat(maxLayoutBytes),
  // Just under maxLayoutBytes and maxLayoutLines: 500 lines of 512 bytes, 240 columns and a trailing TAB each.
  'columns-256KiB.tsv': `${dataLine}\t${'x\t'.repeat(230)}\t\n`.repeat(500),
};

/**
 * The longest the event loop stays blocked while the services `serve` runs check a large layout (`layout.check`,
 * as a page sends it): a static GET or a WebSocket frame waits that long. Measured in process with
 * monitorEventLoopDelay (1 ms resolution), the worst of `rounds` checks per layout.
 */
async function measure(dir: string, name: string): Promise<number> {
  const services = createServices({ transport: 'browser-shell', platform: process.platform, cwd: dir });
  const context = { transport: 'browser-shell', clientId: 'bench' } as const;
  let worstMs = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      const monitor = monitorEventLoopDelay({ resolution: 1 });
      monitor.enable();
      await services.server.handle('layout.check', { path: name }, context);
      await new Promise((resolve) => setTimeout(resolve, 5));
      monitor.disable();
      worstMs = Math.max(worstMs, monitor.max / 1e6);
    }
  } finally {
    services.dispose();
  }
  return worstMs;
}

const entry: BenchEntry = {
  name: 'serve-event-loop',
  async run() {
    const dir = await makeTempDir();
    try {
      for (const [name, text] of Object.entries(layouts)) await writeFile(path.join(dir, name), text);
      const results: BenchResult[] = [];
      for (const name of Object.keys(layouts)) {
        results.push({
          metric: `loop block checking ${name}`,
          value: await measure(dir, name),
          unit: 'ms',
          target: '< 100',
          note: `worst of ${rounds} layout.check`,
        });
      }
      return results;
    } finally {
      await removeTempDir(dir);
    }
  },
};

export default entry;
