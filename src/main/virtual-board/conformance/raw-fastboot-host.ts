import type { UsbTransport } from '../../usb/usb-transport';

/**
 * A deliberately plain fastboot host for conformance tests: bulk transfers over the seam as the AOSP client sends
 * them (command OUT, one response IN). Test support, not the engine's client.
 */
export interface BulkEndpoints {
  readonly inEndpoint: number;
  readonly outEndpoint: number;
  readonly maxPacketSize: number;
}

const timeoutMs = 10_000;

/** The endpoints of interface 0 as its endpoint descriptors (type 5) in the configuration's bytes give them. */
export function bulkEndpoints(transport: UsbTransport): BulkEndpoints {
  const extra = transport.configurationDescriptor.interfaces[0]?.[0]?.extra ?? new Uint8Array(0);
  let inEndpoint = -1;
  let outEndpoint = -1;
  let maxPacketSize = 0;
  for (let at = 0; at + 7 <= extra.length; at += extra[at] ?? 7) {
    if (extra[at + 1] !== 5) continue;
    const address = extra[at + 2] ?? 0;
    maxPacketSize = (extra[at + 4] ?? 0) | ((extra[at + 5] ?? 0) << 8);
    if ((address & 0x80) !== 0) inEndpoint = address;
    else outEndpoint = address;
  }
  return { inEndpoint, outEndpoint, maxPacketSize };
}

/** Sends one command and answers the one response, as text. */
export async function fastbootCommand(transport: UsbTransport, command: string): Promise<string> {
  const { inEndpoint, outEndpoint } = bulkEndpoints(transport);
  await transport.bulkTransferOut(outEndpoint, Buffer.from(command, 'latin1'), timeoutMs);
  const reply = await transport.bulkTransferIn(inEndpoint, 64, timeoutMs);
  return Buffer.from(reply).toString('latin1');
}

/** `download:%08x`, the data in transfers of `piece` bytes, then the final response. */
export async function fastbootDownload(
  transport: UsbTransport,
  data: Uint8Array,
  piece = 64 * 1024,
): Promise<string> {
  const answer = await fastbootCommand(transport, `download:${data.length.toString(16).padStart(8, '0')}`);
  if (!answer.startsWith('DATA')) return answer;
  const { inEndpoint, outEndpoint } = bulkEndpoints(transport);
  for (let at = 0; at < data.length; at += piece)
    await transport.bulkTransferOut(outEndpoint, data.subarray(at, at + piece), timeoutMs);
  return Buffer.from(await transport.bulkTransferIn(inEndpoint, 64, timeoutMs)).toString('latin1');
}
