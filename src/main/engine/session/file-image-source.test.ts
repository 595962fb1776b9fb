import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dfuRequest } from '../../protocol/dfu';
import { DfuDevice } from '../dfu/dfu-device';
import { FakeClock, FakeDfuTransport } from '../dfu/dfu-transport.fake';
import type { ImageIdentity } from '../image/image-identity';
import { ImageChangedError, readImageIdentity } from '../image/image-identity';
import { makeTempDir, removeTempDir } from '../layout/test-support/layout-images';
import { openFileImage, readAheadBytes } from './file-image-source';
import { sendImage } from './send-image';
import type { SessionRecord } from './session-record';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(async () => {
  await removeTempDir(dir);
});

const content = (length: number, seed = 0): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (i * 13 + seed) & 0xff);

/** An image file with a round modification time, and its identity. */
async function image(name: string, bytes: Uint8Array): Promise<{ file: string; identity: ImageIdentity }> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  await utimes(file, 1_700_000_000, 1_700_000_000);
  return { file, identity: await readImageIdentity(file) };
}

/** Reads the whole source in blocks of `block` bytes, from `from` on, as the download loop does. */
async function readAll(source: { size: number; read: (o: number, l: number) => unknown }, block: number) {
  for (let offset = 0; offset < source.size; offset += block)
    await source.read(offset, Math.min(block, source.size - offset));
}

describe('an image file held to its identity', () => {
  it('read in blocks that straddle its read-ahead windows, the digest of what was read is the identity’s', async () => {
    const { file, identity } = await image('straddle.bin', content(2 * readAheadBytes + 777));
    const source = await openFileImage(file, identity);
    await readAll(source, 3000);
    expect(() => source.verify?.()).not.toThrow();
    await source.close();
  });

  it('a file whose size or time differs is refused when it is opened', async () => {
    const { file, identity } = await image('grown.bin', content(4096));
    await writeFile(file, content(4097));
    const opened = openFileImage(file, identity);
    await expect(opened).rejects.toBeInstanceOf(ImageChangedError);
    await expect(opened).rejects.toMatchObject({ changes: ['size', 'mtime'] });
  });

  it('read out of order (a gap before the first read), it cannot vouch for the bytes', async () => {
    const { file, identity } = await image('gap.bin', content(3 * readAheadBytes));
    const source = await openFileImage(file, identity);
    await source.read(readAheadBytes + 4096, 4096);
    expect(() => source.verify?.()).toThrow(/read in order/);
    await source.close();
  });

  it('without an identity nothing is checked', async () => {
    const { file } = await image('plain.bin', content(100));
    const source = await openFileImage(file);
    expect(source.verify).toBeUndefined();
    await source.close();
  });
});

const quietRecord = {
  progress: () => undefined,
  failed: () => undefined,
  log: () => undefined,
} as unknown as SessionRecord;

/** Sends `file` to 0x21 from byte `from` (a board that took the bytes before it earlier in the run). */
async function sendFrom(file: string, identity: ImageIdentity, from: number) {
  const clock = new FakeClock();
  const transport = new FakeDfuTransport(
    { alternates: ['@boot/0x21/1*64Me', '@virtual/0xf1/1*512Be'] },
    clock,
  );
  const device = await DfuDevice.open(transport, { clock });
  const failure = await sendImage({
    device,
    image: { id: 0x21, name: 'boot', planned: null, open: () => openFileImage(file, identity) },
    phase: 0x21,
    from,
    stage: 'uboot-partitions',
    record: quietRecord,
    clock,
    expectLeaveAfterManifest: false,
    stillPresent: () => Promise.resolve(true),
  }).then(
    () => null,
    (error: unknown) => error,
  );
  const manifested = transport.requests.some(
    (request) => request.request === dfuRequest.dnload && request.length === 0,
  );
  return { failure, blocks: transport.blocks.length, manifested };
}

describe('continuing an image from the offset GetPhase asks for', () => {
  it('the bytes before the offset are read (not sent) for the digest; an unchanged file is manifested', async () => {
    const { file, identity } = await image('resume.bin', content(2 * readAheadBytes));
    const sent = await sendFrom(file, identity, readAheadBytes + 8192);
    expect(sent).toEqual({ failure: null, blocks: (readAheadBytes - 8192) / 1024, manifested: true });
  });

  it('a change in the bytes before the offset is IMAGE_CHANGED, never manifested', async () => {
    const { file, identity } = await image('resume-changed.bin', content(2 * readAheadBytes));
    const changed = content(2 * readAheadBytes);
    changed[10] = (changed[10] ?? 0) ^ 0xff;
    await writeFile(file, changed);
    await utimes(file, 1_700_000_000, 1_700_000_000);
    const sent = await sendFrom(file, identity, readAheadBytes + 8192);
    expect(sent.failure).toMatchObject({ code: 'IMAGE_CHANGED' });
    expect(sent.manifested).toBe(false);
  });
});
