import { describe, expect, it } from 'vitest';
import type { ProgramEvent } from '../../../shared/program-events';
import { dfuRequest, dfuStatus } from '../../protocol/dfu';
import { FakeClock, FakeDfuTransport, fakeUbootIdentity } from '../dfu/dfu-transport.fake';
import type { FakeDfuScript } from '../dfu/dfu-transport.fake';
import { parseFlashLayout } from '../layout/parse-flash-layout';
import { memoryImage } from './file-image-source';
import { ProgrammingSession } from './programming-session';
import { entry, phaseBytes, ScriptedBackend, trackedBoard } from './scripted-backend.fake';
import type { SessionPlan } from './session-plan';

const layoutText = [
  '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a.stm32',
  '-\t0x03\tssbl-boot\tBinary\tnone\t0x0\tu-boot.stm32',
  'P\t0x21\tboot\tSystem\tmmc0\t0x00284400\tboot.ext4',
  'P\t0x23\trootfs\tFileSystem\tmmc0\t0x05284400\trootfs.ext4',
  '',
].join('\n');

function plan(fsblHeader: SessionPlan['fsblHeader'] = 'v1_0'): SessionPlan {
  const { layout } = parseFlashLayout(new TextEncoder().encode(layoutText));
  const image = (id: number) => {
    const partition = layout.partitions.find((line) => line.id === id);
    if (partition === undefined) throw new Error(`no line ${id}`);
    return {
      id,
      name: partition.name ?? '',
      partition,
      open: async () => memoryImage(new Uint8Array(8192).fill(id)),
    };
  };
  return {
    layout,
    boardLayout: new TextEncoder().encode(layoutText),
    hostLoaded: new Map([1, 3].map((id) => [id, image(id)])),
    written: new Map([0x21, 0x23].map((id) => [id, image(id)])),
    partialMemories: [],
    fsblHeader,
  };
}

/** A session on one board whose transport is scripted; answers its events and the transport. */
async function run(options: {
  alternates: string[];
  phase: Uint8Array;
  fsblHeader?: SessionPlan['fsblHeader'];
  slowStatus?: FakeDfuScript['slowStatus'];
  writeTimeoutMs?: number;
  product?: string;
  errorAfterBlock?: FakeDfuScript['errorAfterBlock'];
  hotplugProblem?: ScriptedBackend['problem'];
}) {
  const clock = new FakeClock();
  const product = options.product ?? fakeUbootIdentity.product;
  const transport = new FakeDfuTransport(
    {
      alternates: options.alternates,
      uploadAnswer: options.phase,
      identity: { ...fakeUbootIdentity, product },
      ...(options.slowStatus === undefined ? {} : { slowStatus: options.slowStatus }),
      ...(options.errorAfterBlock === undefined ? {} : { errorAfterBlock: options.errorAfterBlock }),
    },
    clock,
  );
  const board = entry('k1', { product });
  const backend = new ScriptedBackend([board]);
  backend.problem = options.hotplugProblem ?? null;
  backend.transports.set('k1', () => transport);
  const events: ProgramEvent[] = [];
  const { tracker, boardId } = await trackedBoard(backend, clock);
  const session = new ProgrammingSession({
    backend,
    tracker,
    boardId,
    plan: plan(options.fsblHeader),
    clock,
    onEvent: (event) => events.push(event),
    ...(options.writeTimeoutMs === undefined ? {} : { writeTimeoutMs: options.writeTimeoutMs }),
  });
  const result = await session.run();
  return { result, events, transport };
}

const ubootAlts = ['@boot/0x21/1*64Me', '@rootfs/0x23/1*1Ge', '@virtual/0xf1/1*512Be'];

describe('the programming session at the start of a run', () => {
  it('a host without udevd is warned about before anything is sent (UDEV_NOT_RUNNING)', async () => {
    const { events, transport } = await run({
      alternates: ubootAlts,
      phase: phaseBytes(0xfe),
      hotplugProblem: 'udev-not-running',
    });
    const first = events.findIndex((event) => event.type === 'warning');
    expect(events[first]).toMatchObject({ type: 'warning', code: 'UDEV_NOT_RUNNING' });
    expect(events.slice(0, first).some((event) => event.type === 'stage')).toBe(false);
    expect(transport.blocks).toHaveLength(0);
    const quiet = await run({ alternates: ubootAlts, phase: phaseBytes(0xfe) });
    expect(quiet.events.some((event) => event.type === 'warning')).toBe(false);
  });

  it('a U-Boot already at END is told to be reset, and nothing is written', async () => {
    const { result, transport } = await run({ alternates: ubootAlts, phase: phaseBytes(0xfe) });
    expect(result).toMatchObject({ ok: false, code: 'BOARD_NEEDS_RESET' });
    expect(result.message).toMatch(/phase END/);
    expect(transport.blocks).toHaveLength(0);
    expect(transport.names()).not.toContain('detach');
  });

  it('a board reporting an error is told to be reset, quoting its text', async () => {
    const error = phaseBytes(0xff, [...new TextEncoder().encode('DFU write error')]);
    const { result } = await run({ alternates: ubootAlts, phase: error });
    expect(result).toMatchObject({ ok: false, code: 'BOARD_NEEDS_RESET' });
    expect(result.message).toContain('DFU write error');
  });

  it('a U-Boot holding another layout (its partition alternates differ) is never written blindly', async () => {
    const other = ['@boot/0x21/1*64Me', '@userfs/0x23/1*1Ge', '@virtual/0xf1/1*512Be'];
    const { result, transport } = await run({ alternates: other, phase: phaseBytes(0x21) });
    expect(result).toMatchObject({ ok: false, code: 'BOARD_NEEDS_RESET' });
    expect(result.message).toMatch(/another layout: it offers @userfs\/0x23/);
    expect(transport.blocks).toHaveLength(0);
  });

  it('a layout whose FSBL header is for another SoC is LAYOUT_SOC_MISMATCH before anything is sent', async () => {
    const { result, transport } = await run({
      alternates: ubootAlts,
      phase: phaseBytes(0x21),
      fsblHeader: 'v2_0',
    });
    expect(result).toMatchObject({ ok: false, code: 'LAYOUT_SOC_MISMATCH' });
    expect(result.message).toMatch(/v2\.0 header, but the board is an STM32MP15 whose ROM takes v1\.0/);
    expect(transport.requests).toHaveLength(0);
  });

  it('continues a board found in U-Boot from the phase it asks for; a board asking again for it fails', async () => {
    const { events, transport, result } = await run({ alternates: ubootAlts, phase: phaseBytes(0x21) });
    expect(events[0]).toMatchObject({ type: 'stage', stage: 'uboot-partitions', schemaVersion: 1 });
    expect(transport.blocks).toHaveLength(8192 / 1024);
    expect(transport.blocks[0]?.[0]).toBe(0x21);
    expect(result).toMatchObject({ ok: false, code: 'UNEXPECTED_PHASE' });
    expect(result.partitions.find((partition) => partition.id === 0x21)).toMatchObject({
      status: 'written',
      bytes: 8192,
    });
  });
});

describe('the programming session while the board writes', () => {
  it('says the board is writing after 3 s of a slow GETSTATUS, with the time left', async () => {
    const { events, result } = await run({
      alternates: ubootAlts,
      phase: phaseBytes(0x21),
      slowStatus: { afterBlock: 2, ms: 20_000 },
      writeTimeoutMs: 120_000,
    });
    const writing = events.filter((event) => event.type === 'writing');
    expect(writing).toEqual([
      {
        schemaVersion: 1,
        type: 'writing',
        partitionId: 0x21,
        name: 'boot',
        deadlineMs: 120_000,
        secondsLeft: 117,
        elapsedMs: 3000,
      },
    ]);
    // The write went on: the partition was written (the run then stops, the board asking for 0x21 again).
    expect(result.partitions.find((partition) => partition.id === 0x21)).toMatchObject({ status: 'written' });
  });

  it('fails at the write deadline as DEVICE_TRANSFER_ERROR, naming the deadline and --write-timeout', async () => {
    const { events, result } = await run({
      alternates: ubootAlts,
      phase: phaseBytes(0x21),
      slowStatus: { afterBlock: 0, ms: 500_000 },
      writeTimeoutMs: 60_000,
    });
    expect(events.filter((event) => event.type === 'writing')).toHaveLength(1);
    expect(result).toMatchObject({ ok: false, code: 'DEVICE_TRANSFER_ERROR', elapsedMs: 60_000 });
    expect(result.message).toBe(
      'the board did not answer within the write deadline (60 s) while writing partition 0x21 boot after 0 bytes',
    );
    expect(result.hints[0]).toContain('--write-timeout');
  });
});

/** A GetPhase answer asking for `phase` from byte `offset` of its image. */
function phaseAt(phase: number, offset: number): Uint8Array {
  const bytes = phaseBytes(phase);
  new DataView(bytes.buffer).setUint32(5, offset, true);
  return bytes;
}

describe('the programming session, against what real boards do', () => {
  it('MP13 ROM: after the FSBL’s manifestation it sends DETACH whatever GetPhase would say, without asking', async () => {
    const { transport, result } = await run({
      alternates: ['@FSBL /0x01/1*128Ke', '@virtual /0xF1/1*512Ba'],
      // The ROM keeps saying 0x01 here: nobody has seen its answer after the FSBL (findings §13).
      phase: phaseBytes(0x01),
      product: 'DFU in HS Mode @Device ID /0x501, @Revision ID /0x1003',
      fsblHeader: 'v2_0',
    });
    const names = transport.names();
    const lastDownload = names.lastIndexOf('dnload');
    const detach = names.indexOf('detach');
    expect(transport.blocks.length).toBeGreaterThan(0);
    expect(detach).toBeGreaterThan(lastDownload);
    expect(names.slice(lastDownload, detach)).not.toContain('upload');
    // The scripted board never leaves: the session waited for the re-enumeration, as a real MP13 would need.
    expect(result).toMatchObject({ ok: false, code: 'DEVICE_NEVER_DETACHED' });
  });

  it('GetPhase asking for an offset this run did not send: BOARD_NEEDS_RESET, nothing sent from byte 0', async () => {
    const { transport, result } = await run({ alternates: ubootAlts, phase: phaseAt(0x21, 4096) });
    expect(result).toMatchObject({ ok: false, code: 'BOARD_NEEDS_RESET' });
    expect(result.message).toMatch(/from byte 4096, but this run has sent only 0 bytes/);
    expect(transport.blocks).toHaveLength(0);
    expect(transport.requests.filter((request) => request.request === dfuRequest.dnload)).toHaveLength(0);
  });

  it('a partition’s progress is what the board acknowledged, never the block it refused', async () => {
    const { result, events } = await run({
      alternates: ubootAlts,
      phase: phaseBytes(0x21),
      errorAfterBlock: { block: 3, status: dfuStatus.errWrite },
    });
    expect(result).toMatchObject({ ok: false });
    const boot = result.partitions.find((partition) => partition.id === 0x21);
    expect(boot).toMatchObject({ status: 'failed', bytes: 3 * 1024 });
    const progress = events.flatMap((event) =>
      event.type === 'partition-progress' && event.partitionId === 0x21 ? [event.bytes] : [],
    );
    expect(Math.max(...progress)).toBeLessThanOrEqual(3 * 1024);
    expect(progress.every((bytes) => bytes % 1024 === 0)).toBe(true);
  });
});
