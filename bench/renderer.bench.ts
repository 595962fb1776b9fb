import { chromium, type Browser, type Page } from '@playwright/test';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { startServe } from '../e2e/browser-shell-process';
import { locateRenderer } from '../src/main/cli/renderer-location';
import { stageLayout } from '../src/main/cli/program/test-support/staged-fixture';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import { createServices } from '../src/main/services/create-services';
import { startBrowserShell } from '../src/main/shell/browser-shell';
import type { BenchEntry, BenchResult } from './bench-entry';

// Frames are timed with the frame-rate limit off: each requestAnimationFrame delta is then the frame's own
// work, not the 16.7 ms of a 60 Hz vsync.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-gpu-vsync',
  '--disable-frame-rate-limit',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

/** p95 frame time while a realistic-mode virtual board programs the DK1 layout (images of 200 KiB: fsbl1 has 256 KiB). */
async function frameTimesWhileProgramming(browser: Browser, dir: string): Promise<number[]> {
  const { layoutPath } = await stageLayout(
    'stm32mp157a-dk1-sdcard-trusted-blog.tsv',
    dir,
    'mp15',
    200 * 1024,
  );
  const served = await startServe([
    '--sim',
    '--sim-speed',
    'realistic',
    '--layout',
    layoutPath,
    '--sim-storage',
    path.join(dir, 's'),
  ]);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(served.url);
    await page.getByText('Ready to program.').waitFor();
    await page.getByRole('button', { name: 'Program', exact: true }).click();
    await page.getByRole('button', { name: 'Erase and program' }).click();
    await page.getByRole('progressbar', { name: 'All partitions' }).waitFor();
    // Runs in the page (a browser context: given as text, since this file is typed for Node).
    const frames = await page.evaluate<number[]>(`new Promise((resolve) => {
      const deltas = [];
      let last = performance.now();
      const end = last + 10000;
      const frame = (now) => {
        deltas.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(frame);
        else resolve(deltas);
      };
      requestAnimationFrame(frame);
    })`);
    await page.close();
    return frames;
  } finally {
    await served.stop();
  }
}

/** Time from writing 1 MB of console text until its last line is on screen in the UART console. */
async function consoleBurstMs(browser: Browser): Promise<number> {
  const rendererDir = locateRenderer();
  if (rendererDir === null) throw new Error('build first: node scripts/build.mjs');
  const services = createServices({
    transport: 'browser-shell',
    platform: process.platform,
    cwd: process.cwd(),
  });
  const uart = new PassThrough();
  services.consoles.attachStream('bench-uart', uart);
  const shell = await startBrowserShell({ server: services.server, rendererDir, host: '127.0.0.1', port: 0 });
  try {
    const page: Page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(shell.url);
    const region = page.getByRole('region', { name: 'UART console' });
    await region.getByLabel('Port').selectOption('bench-uart');
    await page.waitForTimeout(300);
    const line = `${'U-Boot 2023.10 bench line '.padEnd(99, '.')}\n`;
    const text = line.repeat(Math.ceil(1e6 / line.length));
    const started = performance.now();
    uart.write(text);
    uart.write('END-OF-BURST\n');
    await region.getByText('END-OF-BURST').waitFor({ timeout: 30_000 });
    const elapsed = performance.now() - started;
    await page.close();
    return elapsed;
  } finally {
    await shell.close();
    services.dispose();
  }
}

const entry: BenchEntry = {
  name: 'renderer',
  async run(): Promise<BenchResult[]> {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    });
    const dir = await makeTempDir();
    try {
      const frames = await frameTimesWhileProgramming(browser, dir);
      const burst = await consoleBurstMs(browser);
      return [
        {
          metric: 'renderer_p95_frame_ms',
          value: percentile(frames, 0.95),
          unit: 'ms',
          target: '< 16',
          note: `${frames.length} frames over 10 s of a realistic DK1 run, frame-rate limit off`,
        },
        { metric: 'renderer_max_frame_ms', value: Math.max(...frames), unit: 'ms' },
        {
          metric: 'renderer_frames_over_18ms_share',
          value: frames.filter((ms) => ms > 18).length / frames.length,
          unit: 'ratio',
          note: `frames 15–18 ms (one 60 Hz period): ${frames.filter((ms) => ms >= 15 && ms <= 18).length}; under 5 ms: ${frames.filter((ms) => ms < 5).length}`,
        },
        {
          metric: 'console_1MB_burst_ms',
          value: burst,
          unit: 'ms',
          target: '< 1000',
          note: 'write to last line on screen',
        },
      ];
    } finally {
      await browser.close();
      await removeTempDir(dir);
    }
  },
};

export default entry;
