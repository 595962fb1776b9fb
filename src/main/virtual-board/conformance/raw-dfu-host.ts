import { dfuRequest, dfuRequestType, dfuState } from '../../protocol/dfu';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import type { UsbTransport } from '../../usb/usb-transport';

/**
 * A deliberately plain DFU host for conformance tests: raw control transfers over the seam, as dfu-util or
 * CubeProgrammer send them. It is test support, not the engine (which must not share code with the board).
 */
export interface DfuStatusReply {
  readonly status: number;
  readonly pollMs: number;
  readonly state: number;
}

export interface PhaseReply {
  readonly phase: number;
  readonly address: number;
  readonly offset: number;
  readonly extra: Uint8Array;
}

const timeoutMs = 5000;

export async function getStatus(transport: UsbTransport): Promise<DfuStatusReply> {
  const bytes = await transport.controlTransferIn(
    { requestType: dfuRequestType.in, request: dfuRequest.getStatus, value: 0, index: 0 },
    6,
    timeoutMs,
  );
  return { status: bytes[0] ?? 0, pollMs: (bytes[1] ?? 0) | ((bytes[2] ?? 0) << 8), state: bytes[4] ?? 0 };
}

export async function dnload(transport: UsbTransport, block: number, data: Uint8Array): Promise<void> {
  await transport.controlTransferOut(
    { requestType: dfuRequestType.out, request: dfuRequest.dnload, value: block, index: 0 },
    data,
    timeoutMs,
  );
}

export async function simpleRequest(transport: UsbTransport, request: number, value = 0): Promise<void> {
  await transport.controlTransferOut(
    { requestType: dfuRequestType.out, request, value, index: 0 },
    new Uint8Array(0),
    timeoutMs,
  );
}

export async function upload(transport: UsbTransport, length: number, block = 0): Promise<Uint8Array> {
  return transport.controlTransferIn(
    { requestType: dfuRequestType.in, request: dfuRequest.upload, value: block, index: 0 },
    length,
    timeoutMs,
  );
}

/** Every alternate's name, in alt order. */
export async function alternateNames(transport: UsbTransport): Promise<string[]> {
  const alts = transport.configurationDescriptor.interfaces[0] ?? [];
  const names: string[] = [];
  for (const alt of alts) names.push((await transport.getStringDescriptor(alt.iInterface)) ?? '');
  return names;
}

/** The alt whose name carries `/0xPP` (the host's rule, spec §2.3). */
export function altForPhase(names: readonly string[], phase: number): number {
  return names.findIndex((name) => new RegExp(`/0x${phase.toString(16).padStart(2, '0')}/`, 'i').test(name));
}

/** The DFU functional descriptor's wTransferSize. */
export function transferSize(transport: UsbTransport): number {
  const alts = transport.configurationDescriptor.interfaces[0] ?? [];
  const extra = alts[alts.length - 1]?.extra ?? new Uint8Array(0);
  return (extra[5] ?? 0) | ((extra[6] ?? 0) << 8);
}

/** GetPhase: SET_INTERFACE to the virtual alt, then UPLOAD block 0 with wLength 512. */
export async function getPhase(transport: UsbTransport, names: readonly string[]): Promise<PhaseReply> {
  await transport.setAlternateSetting(0, altForPhase(names, 0xf1));
  const bytes = await upload(transport, 512);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    phase: bytes[0] ?? 0,
    address: view.getUint32(1, true),
    offset: view.getUint32(5, true),
    extra: bytes.subarray(9),
  };
}

/** GETSTATUS until the device leaves the busy/sync states; answers the last status. */
export async function settle(transport: UsbTransport): Promise<DfuStatusReply> {
  for (;;) {
    const reply = await getStatus(transport);
    if (reply.state !== dfuState.dfuDnbusy && reply.state !== dfuState.dfuDnloadSync) return reply;
  }
}

/** GETSTATUS until the device leaves the busy/sync states; answers every reply. */
export async function settleAll(transport: UsbTransport): Promise<DfuStatusReply[]> {
  const replies: DfuStatusReply[] = [];
  for (;;) {
    const reply = await getStatus(transport);
    replies.push(reply);
    if (reply.state !== dfuState.dfuDnbusy && reply.state !== dfuState.dfuDnloadSync) return replies;
  }
}

/**
 * Downloads `image` to `alt` in blocks of the device's transfer size, without the end-of-download request;
 * answers the GETSTATUS replies of the first block.
 */
export async function downloadBlocks(
  transport: UsbTransport,
  alt: number,
  image: Uint8Array,
): Promise<DfuStatusReply[]> {
  await transport.setAlternateSetting(0, alt);
  const size = transferSize(transport);
  let first: DfuStatusReply[] = [];
  for (let block = 0, at = 0; at < image.length; block++, at += size) {
    await dnload(transport, block, image.subarray(at, at + size));
    const replies = await settleAll(transport);
    if (block === 0) first = replies;
    const last = replies.at(-1);
    if (last?.state !== dfuState.dfuDnloadIdle)
      throw new Error(`state ${last?.state} status ${last?.status} after block ${block}`);
  }
  return first;
}

/** Zero-length DNLOAD, then GETSTATUS until dfuIDLE (CubeProgrammer's "Start", findings §8.2). */
export async function manifest(transport: UsbTransport, blocks: number): Promise<DfuStatusReply[]> {
  await dnload(transport, blocks, new Uint8Array(0));
  const replies: DfuStatusReply[] = [];
  for (;;) {
    const reply = await getStatus(transport);
    replies.push(reply);
    if (reply.state === dfuState.dfuIdle || reply.state === dfuState.dfuError) return replies;
  }
}

/** Waits for a device to attach (or answers one already present) matching `accept`. */
export async function waitForDevice(
  backend: UsbBackend,
  accept: (entry: UsbDeviceEntry) => boolean = () => true,
  timeout = 5000,
): Promise<UsbDeviceEntry> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('no device attached in time'));
    }, timeout);
    const stop = backend.on('attach', (entry) => {
      if (!accept(entry)) return;
      clearTimeout(timer);
      stop();
      resolve(entry);
    });
    void backend.list().then((entries) => {
      const found = entries.find(accept);
      if (!found) return;
      clearTimeout(timer);
      stop();
      resolve(found);
    });
  });
}

export async function openClaimed(backend: UsbBackend, entry: UsbDeviceEntry): Promise<UsbTransport> {
  const transport = await backend.open(entry);
  await transport.claimInterface(0);
  return transport;
}
