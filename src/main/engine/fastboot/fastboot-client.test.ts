import { describe, expect, it } from 'vitest';
import { isUsbError } from '../../usb/usb-error';
import { FastbootClient } from './fastboot-client';
import { findFastbootInterface } from './fastboot-interface';
import { FastbootFailure, FastbootProtocolError } from './fastboot-reply';
import { FakeFastbootDevice, type FakeFastbootOptions } from './test-support/fake-fastboot-device';
import { sameBytes } from './test-support/same-bytes';

async function* pieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function connect(options: FakeFastbootOptions = {}) {
  const device = new FakeFastbootDevice(options);
  const messages: string[] = [];
  const client = await FastbootClient.open(device, {
    onMessage: (kind, text) => messages.push(`${kind} ${text}`),
  });
  return { device, client, messages };
}

describe('findFastbootInterface', () => {
  it('finds the vendor interface 0xff/0x42/0x03 and its bulk endpoints, at High and Full Speed', () => {
    expect(findFastbootInterface(new FakeFastbootDevice().configurationDescriptor)).toEqual({
      interfaceNumber: 0,
      inEndpoint: 0x81,
      outEndpoint: 0x01,
      maxPacketSize: 512,
    });
    const fullSpeed = new FakeFastbootDevice({ maxPacketSize: 64 }).configurationDescriptor;
    expect(findFastbootInterface(fullSpeed)?.maxPacketSize).toBe(64);
  });

  it('reads the endpoint descriptors from the bytes after the interface when they are not parsed', () => {
    const parsed = new FakeFastbootDevice().configurationDescriptor;
    const alt = parsed.interfaces[0]?.[0];
    if (alt === undefined) throw new Error('fake has no interface');
    const extra = Uint8Array.of(7, 5, 0x82, 2, 64, 0, 0, 7, 5, 0x02, 2, 64, 0, 0);
    const config = { ...parsed, interfaces: [[{ ...alt, endpoints: undefined, extra }]] };
    expect(findFastbootInterface(config)).toEqual({
      interfaceNumber: 0,
      inEndpoint: 0x82,
      outEndpoint: 0x02,
      maxPacketSize: 64,
    });
  });

  it('answers null for a DFU configuration', () => {
    const dfu = new FakeFastbootDevice().configurationDescriptor;
    const alt = dfu.interfaces[0]?.[0];
    if (alt === undefined) throw new Error('fake has no interface');
    const config = {
      ...dfu,
      interfaces: [[{ ...alt, bInterfaceClass: 0xfe, bInterfaceSubClass: 1, bInterfaceProtocol: 2 }]],
    };
    expect(findFastbootInterface(config)).toBeNull();
  });
});

describe('FastbootClient', () => {
  it('claims the interface, reads named variables, and releases it on close', async () => {
    const { device, client } = await connect({ maxDownloadSize: 0x02000000 });
    expect(device.claimed.has(0)).toBe(true);
    expect(await client.getVar('version')).toBe('0.4');
    expect(await client.getVar('max-download-size')).toBe('0x02000000');
    expect(await client.getMaxDownloadSize()).toBe(0x02000000);
    await client.close();
    expect(device.claimed.size).toBe(0);
    expect(device.commands).toEqual([
      'getvar:version',
      'getvar:max-download-size',
      'getvar:max-download-size',
    ]);
  });

  it('rejects with FastbootFailure quoting the board (getvar all on ST’s fork)', async () => {
    const { client } = await connect();
    const error = await client.getVar('all').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FastbootFailure);
    expect(error).toMatchObject({ command: 'getvar:all', boardText: 'Variable not implemented' });
  });

  it('downloads: download:%08x, DATA, the bytes in transfers of at most 1 MiB, then OKAY; flash writes them', async () => {
    const target = new Uint8Array(3 << 20);
    const { device, client } = await connect({ partitions: { ssbl: target } });
    const image = new Uint8Array((2 << 20) + 5);
    for (let index = 0; index < image.length; index += 1) image[index] = (index * 7) & 0xff;
    const sent: number[] = [];
    await client.download(image.length, pieces(image, 100_000), (bytes) => sent.push(bytes));
    await client.flash('ssbl');
    expect(device.commands).toEqual(['download:00200005', 'flash:ssbl']);
    expect(sameBytes(device.downloads[0] ?? new Uint8Array(0), image)).toBe(true);
    expect(sameBytes(target.subarray(0, image.length), image)).toBe(true);
    expect(sent).toEqual([1 << 20, 2 << 20, image.length]);
    const outTransfers = device.transfers.filter((t) => t.direction === 'out');
    expect(outTransfers.slice(1, -1).map((t) => t.bytes)).toEqual([1 << 20, 1 << 20, 5]);
  });

  it('passes INFO and TEXT lines to onMessage and goes on to the OKAY', async () => {
    const { client, messages } = await connect({
      partitions: { bootfs: new Uint8Array(4096) },
      flashInfo: ['writing', 'erasing'],
    });
    await client.download(4, pieces(Uint8Array.of(1, 2, 3, 4), 4));
    await client.flash('bootfs');
    expect(messages).toEqual(['INFO writing', 'INFO erasing']);
  });

  it('gives each command its timeout: short ones the option, flash minutes', async () => {
    const device = new FakeFastbootDevice({ partitions: { a: new Uint8Array(16) } });
    const client = await FastbootClient.open(device, { onMessage: () => undefined, commandTimeoutMs: 1234 });
    await client.getVar('version');
    await client.download(4, pieces(new Uint8Array(4), 4));
    await client.flash('a');
    const reads = device.transfers.filter((t) => t.direction === 'in').map((t) => t.timeoutMs);
    expect(reads).toEqual([1234, 1234, 1234, 600_000]);
  });

  it('refuses a size the board does not take with its FAIL, before any data', async () => {
    const { device, client } = await connect({ maxDownloadSize: 0x1000 });
    const error = await client.download(0x1001, pieces(new Uint8Array(0x1001), 512)).catch((e: unknown) => e);
    expect(error).toMatchObject({ command: 'download:00001001', boardText: '00001001' });
    expect(device.transfers.filter((t) => t.direction === 'out')).toHaveLength(1);
  });

  it('refuses data longer or shorter than announced', async () => {
    const { client } = await connect();
    const longer = await client.download(4, pieces(new Uint8Array(8), 8)).catch((e: unknown) => e);
    expect(longer).toBeInstanceOf(FastbootProtocolError);
    const { client: other } = await connect();
    const shorter = await other.download(8, pieces(new Uint8Array(4), 4)).catch((e: unknown) => e);
    expect(shorter).toBeInstanceOf(FastbootProtocolError);
  });

  it('rejects with the UsbError when the board leaves mid-download', async () => {
    const { client } = await connect({ unplugAfterBytes: 1 << 20 });
    const error = await client
      .download(3 << 20, pieces(new Uint8Array(3 << 20), 1 << 16))
      .catch((e: unknown) => e);
    expect(isUsbError(error, 'no-device')).toBe(true);
  });

  it('sends oem commands with their colon arguments, erase and reboot', async () => {
    const { device, client } = await connect({ fail: { 'oem partconf:1 1': 'no' } });
    await client.oem('format');
    await client.erase('userfs');
    await expect(client.oem('partconf:1 1')).rejects.toBeInstanceOf(FastbootFailure);
    await expect(client.oem('bootbus:0 0 0')).rejects.toBeInstanceOf(FastbootFailure);
    await client.reboot();
    expect(device.commands).toEqual([
      'oem format',
      'erase:userfs',
      'oem partconf:1 1',
      'oem bootbus:0 0 0',
      'reboot',
    ]);
  });

  it('reads replies a max packet at a time: 512 bytes at High Speed, 64 at Full Speed', async () => {
    for (const packet of [512, 64]) {
      const device = new FakeFastbootDevice({ maxPacketSize: packet });
      const client = await FastbootClient.open(device, { onMessage: () => undefined });
      await client.getVar('version');
      expect(device.transfers.filter((t) => t.direction === 'in').map((t) => t.bytes)).toEqual([packet]);
    }
  });

  it('refuses a command longer than 64 bytes without sending it', async () => {
    const { device, client } = await connect();
    await expect(client.getVar('x'.repeat(60))).rejects.toBeInstanceOf(RangeError);
    expect(device.commands).toEqual([]);
  });
});
