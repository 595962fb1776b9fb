import { isUsbError } from '../../usb/usb-error';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import type { UsbTransport } from '../../usb/usb-transport';
import {
  altForPhase,
  alternateNames,
  downloadBlocks,
  getPhase,
  manifest,
  openClaimed,
  simpleRequest,
  transferSize,
  waitForDevice,
} from './raw-dfu-host';
import type { DfuStatusReply } from './raw-dfu-host';
import { dfuRequest } from '../../protocol/dfu';

/** What a phase-led host downloads: the image for each phase id (0x00 is the layout). */
export type PhaseImages = ReadonlyMap<number, Uint8Array>;

export interface RunStep {
  readonly kind: 'download' | 'reconnect' | 'same-handle' | 'end';
  readonly phase?: number;
  readonly bytes?: number;
  readonly product?: string;
  readonly manifestStates?: readonly number[];
  /** GETSTATUS replies to the first block: `state/pollMs`. */
  readonly blockStatus?: readonly string[];
}

export interface RunRecord {
  readonly steps: RunStep[];
  readonly products: string[];
  /** Every GetPhase answer's phase byte, in order. */
  readonly phases: number[];
  /** When the run stopped after a DETACH: the device entry it left. */
  detached?: UsbDeviceEntry;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A CubeProgrammer-like run led by GetPhase (spec §1.2), as test support: download what the board asks for,
 * DETACH when it asks, follow it across re-enumerations (matched by port path), stop at 0xFE.
 */
export interface RunOptions {
  readonly reconnectMs?: number;
  /** Stop right after sending this many stage-change DETACH requests (the record's `detached` is then set). */
  readonly stopAfterDetaches?: number;
  /** Program the board on this root port (default: the first device listed). */
  readonly port?: number;
}

export async function phaseLedRun(
  backend: UsbBackend,
  images: PhaseImages,
  options: RunOptions = {},
): Promise<RunRecord> {
  const record: RunRecord = { steps: [], products: [], phases: [] };
  let entry = await waitForDevice(
    backend,
    (candidate) => options.port === undefined || candidate.identity.portNumbers[0] === options.port,
  );
  const port = entry.identity.portNumbers.join('.');
  let transport = await openClaimed(backend, entry);
  let names = await alternateNames(transport);
  record.products.push(entry.identity.product ?? '');
  let detaches = 0;
  for (let guard = 0; guard < 300; guard++) {
    const reply = await getPhase(transport, names);
    record.phases.push(reply.phase);
    if (reply.phase === 0xfe) {
      await simpleRequest(transport, dfuRequest.detach, 1000);
      record.steps.push({ kind: 'end' });
      await transport.close();
      return record;
    }
    if (reply.phase === 0xff) throw new Error(`board error: ${Buffer.from(reply.extra).toString('latin1')}`);
    if (reply.phase === 0x00 && reply.extra[0] === 1) {
      await simpleRequest(transport, dfuRequest.detach, 1000);
      await transport.close();
      detaches++;
      if (detaches === options.stopAfterDetaches) {
        record.detached = entry;
        return record;
      }
      const previous = entry.key;
      entry = await waitForDevice(
        backend,
        (candidate) => candidate.key !== previous && candidate.identity.portNumbers.join('.') === port,
        options.reconnectMs ?? 5000,
      );
      transport = await openClaimed(backend, entry);
      names = await alternateNames(transport);
      record.products.push(entry.identity.product ?? '');
      record.steps.push({ kind: 'reconnect', product: entry.identity.product ?? '' });
      continue;
    }
    const image = images.get(reply.phase);
    if (!image) throw new Error(`no image for phase 0x${reply.phase.toString(16)}`);
    const alt = altForPhase(names, reply.phase);
    const firstBlock = await downloadBlocks(transport, alt, image);
    const blocks = Math.ceil(image.length / transferSize(transport));
    let states: DfuStatusReply[] = [];
    try {
      states = await manifest(transport, blocks);
    } catch (error) {
      // The MP15 ROM starts the FSBL by itself: the GETSTATUS after dfuMANIFEST fails (spec §4.3).
      if (!isUsbError(error, 'io')) throw error;
      names = await untilAnswering(transport);
      record.steps.push({ kind: 'same-handle', product: (await transport.getStringDescriptor(2)) ?? '' });
    }
    record.steps.push({
      kind: 'download',
      phase: reply.phase,
      bytes: image.length,
      manifestStates: states.map((s) => s.state),
      blockStatus: firstBlock.map((s) => `${s.state}/${s.pollMs}`),
    });
  }
  throw new Error('run did not end');
}

async function untilAnswering(transport: UsbTransport): Promise<string[]> {
  for (let attempt = 0; attempt < 500; attempt++) {
    try {
      return await alternateNames(transport);
    } catch (error) {
      if (!isUsbError(error, 'io')) throw error;
      await sleep(5);
    }
  }
  throw new Error('the FSBL never answered on the same handle');
}
