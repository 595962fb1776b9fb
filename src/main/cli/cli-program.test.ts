import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appIdentity } from '../app-identity';
import { runCli } from './cli-program';
import { exitCodes } from './exit-codes';
import { fakeCliIo } from './fake-cli-io';

/** Where these servers write their log: never the user's own log folder. */
const logDir = mkdtempSync(path.join(os.tmpdir(), 'cli-program-log-'));

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the command line', () => {
  it('prints the version and exits 0', async () => {
    const io = fakeCliIo();
    expect(await runCli(['--version'], io)).toBe(exitCodes.success);
    expect(io.out().trim()).toBe(appIdentity.version);
  });

  it('prints help naming serve, and exits 0', async () => {
    const io = fakeCliIo();
    expect(await runCli(['--help'], io)).toBe(exitCodes.success);
    expect(io.out()).toMatch(/serve/);
  });

  it('shows help and exits 2 when given nothing to do', async () => {
    const io = fakeCliIo();
    expect(await runCli([], io)).toBe(exitCodes.cannotStart);
    expect(io.err()).toMatch(/Usage: stm32mp-flasher/);
  });

  it.each([
    [['frobnicate']],
    [['--frobnicate']],
    [['serve', '--port', 'eighty']],
    [['serve', '--port', '70000']],
    [['-c', 'port=usb1', '-w', 'a.tsv', '-e', 'all']],
  ])('exits 2 with a one-line reason on a usage error: %j', async (argv) => {
    const io = fakeCliIo();
    expect(await runCli(argv, io)).toBe(exitCodes.cannotStart);
    expect(io.err()).toMatch(/error/i);
  });

  it('serve prints the Listening line, then stops cleanly with 130 when interrupted', async () => {
    const io = fakeCliIo();
    const running = runCli(['serve', '--port', '0', '--log-dir', logDir], io);
    await waitFor(() => io.out().includes('Listening on'));
    expect(io.out()).toMatch(/^Listening on http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/m);
    io.interruptNow();
    expect(await running).toBe(exitCodes.interrupted);
    expect(io.out()).toMatch(/Stopped\./);
  });

  it('writes plain timestamped lines when stdout is not a terminal, and no escape codes', async () => {
    const io = fakeCliIo({ isTTY: false });
    const running = runCli(['serve', '--port', '0', '--log-dir', logDir], io);
    await waitFor(() => io.out().includes('Ctrl+C'));
    io.interruptNow();
    await running;
    expect(io.out()).toMatch(/^2026-01-02T03:04:05\.678Z Press Ctrl\+C to stop\.$/m);
    expect(io.out()).not.toContain('\r');
    expect(io.out()).not.toContain(String.fromCharCode(0x1b));
  });

  it('serve --layout with a missing file exits 2 and names the file', async () => {
    const io = fakeCliIo();
    expect(
      await runCli(
        ['serve', '--port', '0', '--log-dir', logDir, '--layout', '/nonexistent/FlashLayout.tsv'],
        io,
      ),
    ).toBe(exitCodes.cannotStart);
    expect(io.err()).toMatch(/--layout \/nonexistent\/FlashLayout\.tsv: .*no such file/);
  });

  it('serve refuses a port already in use with exit 2 and what to do', async () => {
    const first = fakeCliIo();
    const running = runCli(['serve', '--port', '0', '--log-dir', logDir], first);
    await waitFor(() => first.out().includes('Listening on'));
    const port = /127\.0\.0\.1:(\d+)/.exec(first.out())?.[1] ?? '';
    const second = fakeCliIo();
    expect(await runCli(['serve', '--port', port, '--log-dir', logDir], second)).toBe(exitCodes.cannotStart);
    expect(second.err()).toMatch(/already in use.*--port 0/);
    first.interruptNow();
    await running;
  });
});
