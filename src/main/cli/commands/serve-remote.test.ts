import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../shell/listen-address';
import { runCli } from '../cli-program';
import { exitCodes } from '../exit-codes';
import { fakeCliIo } from '../fake-cli-io';

/** Where these servers write their log: never the user's own log folder. */
const logDir = mkdtempSync(path.join(os.tmpdir(), 'serve-remote-log-'));

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('serve on an address other than loopback', () => {
  it.each([['0.0.0.0'], ['::'], ['192.0.2.7']])(
    'refuses --host %s without --allow-remote: exit 2, and why',
    async (host) => {
      const io = fakeCliIo();
      expect(await runCli(['serve', '--port', '0', '--host', host], io)).toBe(exitCodes.cannotStart);
      expect(io.err()).toMatch(/not a loopback address/);
      expect(io.err()).toMatch(/plain HTTP, unencrypted/);
      expect(io.err()).toMatch(/--allow-remote/);
      expect(io.out()).not.toMatch(/Listening on/);
    },
  );

  it('serves with --allow-remote and says plainly what the link is and what the token allows', async () => {
    const io = fakeCliIo();
    const running = runCli(
      ['serve', '--port', '0', '--host', '0.0.0.0', '--allow-remote', '--log-dir', logDir],
      io,
    );
    await waitFor(() => io.out().includes('Press Ctrl+C'));
    expect(io.out()).toMatch(/Listening on http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(io.out()).toMatch(
      /Warning: serving on 0\.0\.0\.0, reachable from other machines, over plain HTTP/,
    );
    expect(io.out()).toMatch(/not encrypted/);
    expect(io.out()).toMatch(/program \(erase and overwrite\) the boards/);
    expect(io.out()).toMatch(/read the layouts and images/);
    expect(io.out()).toMatch(/consoles/);
    io.interruptNow();
    expect(await running).toBe(exitCodes.interrupted);
  });

  it('needs nothing more on loopback, and says no warning', async () => {
    const io = fakeCliIo();
    const running = runCli(['serve', '--port', '0', '--host', '127.0.0.1', '--log-dir', logDir], io);
    await waitFor(() => io.out().includes('Press Ctrl+C'));
    expect(io.out()).not.toMatch(/Warning: serving/);
    io.interruptNow();
    expect(await running).toBe(exitCodes.interrupted);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['example.com', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackAddress(host)).toBe(loopback);
  });
});
