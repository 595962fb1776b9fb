import { mkdir, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../../shared/program-events';
import { dfuRequest } from '../../protocol/dfu';
import type { ControlSetup } from '../../usb/usb-transport';
import { FakeClock, FakeDfuTransport } from '../dfu/dfu-transport.fake';
import type { Partition } from '../layout/flash-layout';
import { parseFlashLayout } from '../layout/parse-flash-layout';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { ProgrammingSession } from './programming-session';
import { entry, phaseBytes, ScriptedBackend, trackedBoard } from './scripted-backend.fake';
import { planSession } from './session-plan';

const ubootAlts = ['@boot/0x21/1*64Me', '@rootfs/0x23/1*1Ge', '@virtual/0xf1/1*512Be'];
const layoutText =
  'P\t0x21\tboot\tSystem\tmmc0\t0x00284400\tboot.ext4\nP\t0x23\trootfs\tFileSystem\tmmc0\t0x05284400\trootfs.ext4\n';
/** Three read-ahead windows: what is read after the first MiB comes from the file as it is then. */
const bootBytes = 3 * 1024 * 1024;
const checkedSeconds = 1_700_000_000;

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

const content = (length: number, seed: number): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);

/** Writes `boot.ext4` with a round modification time (so a test can put it back exactly). */
async function writeBoot(folder: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(folder, 'boot.ext4');
  await writeFile(file, bytes);
  await utimes(file, checkedSeconds, checkedSeconds);
  return file;
}

/** A board in U-Boot asking for 0x21, whose transport calls `afterBlock` once a data block was taken. */
class WatchedTransport extends FakeDfuTransport {
  afterBlock: ((block: number) => Promise<void>) | null = null;

  override async controlTransferOut(
    setup: ControlSetup,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<number> {
    const sent = await super.controlTransferOut(setup, data, timeoutMs);
    if (setup.request === dfuRequest.dnload && data.length > 0)
      await this.afterBlock?.(this.blocks.length - 1);
    return sent;
  }
}

/** Plans the layout from the files in `folder`, lets `change` act, then runs the session on a scripted U-Boot. */
async function runAfter(folder: string, change: (transport: WatchedTransport) => Promise<void>) {
  const { layout } = parseFlashLayout(new TextEncoder().encode(layoutText));
  const paths = new Map<Partition, string>(
    layout.partitions.map((partition) => [partition, path.join(folder, partition.binary ?? '')]),
  );
  const plan = await planSession(layout, paths);
  const clock = new FakeClock();
  const transport = new WatchedTransport(
    { alternates: ubootAlts, uploadAnswer: phaseBytes(0x21), transferSize: 4096 },
    clock,
  );
  await change(transport);
  const backend = new ScriptedBackend([entry('k1')]);
  backend.transports.set('k1', () => transport);
  const { tracker, boardId } = await trackedBoard(backend, clock);
  const events: ProgramEvent[] = [];
  const result = await new ProgrammingSession({
    backend,
    tracker,
    boardId,
    plan,
    clock,
    onEvent: (event) => events.push(event),
  }).run();
  const zeroLengthDownloads = transport.requests.filter(
    (request) => request.request === dfuRequest.dnload && request.length === 0,
  );
  return { result, transport, zeroLengthDownloads, plan };
}

async function folderWithImages(name: string): Promise<string> {
  const folder = path.join(dir, name);
  await mkdir(folder);
  await writeBoot(folder, content(bootBytes, 0));
  await writeFile(path.join(folder, 'rootfs.ext4'), content(4096, 1));
  return folder;
}

describe('the bytes sent are the bytes checked', () => {
  it('the plan records each image’s identity', async () => {
    const folder = await folderWithImages('planned');
    const { plan } = await runAfter(folder, async () => undefined);
    expect(plan.written.get(0x21)?.identity).toMatchObject({
      path: path.join(folder, 'boot.ext4'),
      size: bootBytes,
      mtimeMs: checkedSeconds * 1000,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });
  });

  it('an image replaced by a bigger one after planning is IMAGE_CHANGED before any block of it is sent', async () => {
    const folder = await folderWithImages('bigger');
    const { result, transport, zeroLengthDownloads } = await runAfter(folder, async () => {
      await writeFile(path.join(folder, 'boot.ext4'), content(bootBytes + 4096, 0));
    });
    expect(result).toMatchObject({ ok: false, code: 'IMAGE_CHANGED' });
    expect(result.message).toContain(path.join(folder, 'boot.ext4'));
    expect(result.message).toContain(`size ${bootBytes} → ${bootBytes + 4096} bytes`);
    expect(result.message).toMatch(/partition 0x21 boot changed after it was checked/);
    expect(result.hints.join('\n')).toMatch(/check the layout again/);
    expect(transport.blocks).toHaveLength(0);
    expect(zeroLengthDownloads).toHaveLength(0);
  });

  it('a touched image (same bytes, new modification time) is IMAGE_CHANGED, naming the time', async () => {
    const folder = await folderWithImages('touched');
    const { result, transport } = await runAfter(folder, async () => {
      await utimes(path.join(folder, 'boot.ext4'), checkedSeconds, checkedSeconds + 60);
    });
    expect(result).toMatchObject({ ok: false, code: 'IMAGE_CHANGED' });
    expect(result.message).toMatch(/modified 2023-11-14T22:13:20\.000Z → 2023-11-14T22:14:20\.000Z/);
    expect(transport.blocks).toHaveLength(0);
  });

  it('content changed during the send (same size, time put back): IMAGE_CHANGED, never manifested', async () => {
    const folder = await folderWithImages('during');
    const { result, transport, zeroLengthDownloads } = await runAfter(folder, async (watched) => {
      watched.afterBlock = async (block) => {
        if (block === 0) await writeBoot(folder, content(bootBytes, 1));
      };
    });
    expect(result).toMatchObject({ ok: false, code: 'IMAGE_CHANGED' });
    expect(result.message).toMatch(/boot\.ext4: content \(SHA-256 [0-9a-f]{12}… → [0-9a-f]{12}…\)/);
    // Every block went (the digest is known only after the last one), but not the zero-length one.
    expect(transport.blocks).toHaveLength(bootBytes / 4096);
    expect(zeroLengthDownloads).toHaveLength(0);
    expect(transport.names().at(-1)).toBe('getStatus');
    expect(result.partitions.find((partition) => partition.id === 0x21)).toMatchObject({ status: 'failed' });
  });

  it('an image cut short during the send is IMAGE_CHANGED (its size), not an unreadable image', async () => {
    const folder = await folderWithImages('cut');
    const { result, zeroLengthDownloads } = await runAfter(folder, async (watched) => {
      watched.afterBlock = async (block) => {
        if (block === 0) await truncate(path.join(folder, 'boot.ext4'), 4096);
      };
    });
    expect(result).toMatchObject({ ok: false, code: 'IMAGE_CHANGED' });
    expect(result.message).toContain(`boot.ext4: size ${bootBytes} → 4096 bytes`);
    expect(zeroLengthDownloads).toHaveLength(0);
  });

  it('an unchanged image is sent and manifested', async () => {
    const folder = await folderWithImages('unchanged');
    const { result, transport, zeroLengthDownloads } = await runAfter(folder, async () => undefined);
    expect(transport.blocks).toHaveLength(bootBytes / 4096);
    expect(zeroLengthDownloads).toHaveLength(1);
    // The scripted board asks for 0x21 again after taking it: the run stops there, the image written.
    expect(result).toMatchObject({ ok: false, code: 'UNEXPECTED_PHASE' });
    expect(result.partitions.find((partition) => partition.id === 0x21)).toMatchObject({ status: 'written' });
  });
});
