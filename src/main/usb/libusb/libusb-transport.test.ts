import { describe, expect, it } from 'vitest';
import { isUsbError } from '../usb-error';
import type { UsbErrorCode } from '../usb-error';
import { LibusbBackend } from './libusb-backend';
import { FakeLibusbDevice, FakeUsbModule } from './libusb.fake';
import type { FakeDeviceInit } from './libusb.fake';

async function openFake(init: FakeDeviceInit = {}) {
  const usb = new FakeUsbModule();
  const device = new FakeLibusbDevice({
    strings: {
      1: 'STMicroelectronics',
      2: 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000',
      3: '0027ABCD',
      4: '@FSBL /0x01/1*1Me',
    },
    ...init,
  });
  usb.devices = [device];
  const backend = new LibusbBackend({ usb, readAttributes: () => Promise.resolve(null), platform: 'darwin' });
  const [entry] = await backend.list();
  return { device, transport: await backend.open(entry!) };
}

const getStatus = { requestType: 0xa1, request: 3, value: 0, index: 0 };

describe('LibusbTransport', () => {
  it('reads strings, descriptors and the identity strings the enumeration could not', async () => {
    const { transport } = await openFake();
    expect(transport.identity).toMatchObject({
      serial: '0027ABCD',
      manufacturer: 'STMicroelectronics',
      speed: 'unknown',
    });
    expect(await transport.getStringDescriptor(4)).toBe('@FSBL /0x01/1*1Me');
    expect(await transport.getStringDescriptor(0)).toBeNull();
    expect(transport.configurationDescriptor.interfaces[0]?.[0]?.bInterfaceClass).toBe(0xfe);
    expect(transport.deviceDescriptor.idProduct).toBe(0xdf11);
  });

  it('passes each request its own timeout and returns the bytes', async () => {
    const { device, transport } = await openFake({ inAnswer: Uint8Array.of(0, 1, 0, 0, 5, 0) });
    expect(await transport.controlTransferIn(getStatus, 6, 60_000)).toEqual(Uint8Array.of(0, 1, 0, 0, 5, 0));
    expect(
      await transport.controlTransferOut(
        { ...getStatus, requestType: 0x21, request: 1 },
        new Uint8Array(1024),
        1234,
      ),
    ).toBe(1024);
    expect(device.transfers.map((t) => [t.requestType, t.request, t.timeout])).toEqual([
      [0xa1, 3, 60_000],
      [0x21, 1, 1234],
    ]);
    expect(Buffer.isBuffer(device.transfers[1]?.data)).toBe(true);
  });

  it.each([
    [1, 'io'],
    [2, 'timeout'],
    [3, 'cancelled'],
    [4, 'stall'],
    [5, 'no-device'],
    [6, 'overflow'],
    [-9, 'stall'],
  ] as [number, UsbErrorCode][])('maps transfer status %i to %s', async (errno, code) => {
    const { transport } = await openFake({ transferErrno: errno });
    const error = await transport.controlTransferIn(getStatus, 6, 1000).catch((caught: unknown) => caught);
    expect(isUsbError(error, code)).toBe(true);
  });

  it('claims, selects alternates, and on close releases what it claimed, then closes, never rejecting', async () => {
    const { device, transport } = await openFake();
    await transport.claimInterface(0);
    await transport.setAlternateSetting(0, 3);
    device.throwOnClose = true;
    await transport.close();
    await transport.close();
    expect(device.calls).toEqual(['open', 'claim 0', 'alt 0/3', 'release 0', 'close']);
    const error = await transport.controlTransferIn(getStatus, 6, 1000).catch((caught: unknown) => caught);
    expect(isUsbError(error)).toBe(true);
  });

  it('moves bulk data on the claimed interface’s endpoints, each transfer with its own timeout', async () => {
    const { device, transport } = await openFake({
      productId: 0x0afb,
      bulkIn: (length) => new TextEncoder().encode('OKAY'.slice(0, length)),
    });
    expect(transport.configurationDescriptor.interfaces[0]?.[0]?.endpoints).toEqual([
      { bEndpointAddress: 0x81, bmAttributes: 2, wMaxPacketSize: 512 },
      { bEndpointAddress: 0x01, bmAttributes: 2, wMaxPacketSize: 512 },
    ]);
    await transport.claimInterface(0);
    expect(await transport.bulkTransferOut(0x01, new TextEncoder().encode('getvar:version'), 5000)).toBe(14);
    expect(new TextDecoder().decode(await transport.bulkTransferIn(0x81, 512, 7000))).toBe('OKAY');
    expect(device.bulkTransfers.map((t) => [t.endpoint, t.timeout])).toEqual([
      [0x01, 5000],
      [0x81, 7000],
    ]);
    expect(device.bulkTransfers[0]?.data.toString()).toBe('getvar:version');
  });

  it('refuses bulk transfers before the interface is claimed, and on an endpoint of the wrong direction', async () => {
    const { transport } = await openFake({ productId: 0x0afb });
    const unclaimed = await transport.bulkTransferIn(0x81, 512, 1000).catch((caught: unknown) => caught);
    expect(isUsbError(unclaimed, 'not-found')).toBe(true);
    await transport.claimInterface(0);
    const wrong = await transport
      .bulkTransferOut(0x81, new Uint8Array(4), 1000)
      .catch((caught: unknown) => caught);
    expect(isUsbError(wrong, 'not-found')).toBe(true);
  });

  it.each([
    [2, 'timeout'],
    [4, 'stall'],
    [5, 'no-device'],
  ] as [number, UsbErrorCode][])('maps bulk transfer status %i to %s', async (errno, code) => {
    const { transport } = await openFake({ productId: 0x0afb, bulkErrno: errno });
    await transport.claimInterface(0);
    const sent = await transport
      .bulkTransferOut(0x01, new Uint8Array(4), 1000)
      .catch((caught: unknown) => caught);
    const read = await transport.bulkTransferIn(0x81, 512, 1000).catch((caught: unknown) => caught);
    expect(isUsbError(sent, code)).toBe(true);
    expect(isUsbError(read, code)).toBe(true);
  });
});
