import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../shared/board';
import { dfuStatus } from '../../protocol/dfu';
import { DfuDevice } from '../dfu/dfu-device';
import { DfuError } from '../dfu/dfu-error';
import { decodeDfuStatus } from '../dfu/dfu-status-text';
import { FakeClock, FakeDfuTransport } from '../dfu/dfu-transport.fake';
import type { FakeDfuScript } from '../dfu/dfu-transport.fake';
import type { BoardConsole } from './board-console';
import { memoryImage } from './file-image-source';
import { diagnose } from './diagnosis';
import { sendImage } from './send-image';
import type { SessionFailure } from './session-failure';
import type { SessionRecord } from './session-record';
import { transferFailure } from './transfer-failure';

const alternates = ['@fsbl/0x01/1*256Ke', '@ssbl/0x03/1*4Me', '@rootfs/0x21/1*64Me', '@virtual/0xf1/1*512Be'];

/** A GetPhase answer (spec §3.2): phase, address, offset, then the 0xFF text. */
function phaseAnswer(phase: number, text = ''): Uint8Array {
  return Uint8Array.of(phase, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, ...Buffer.from(text, 'latin1'));
}

/** An STM32-headered image (a 2019 U-Boot): the magic, then anything. */
const stm32Ssbl = Uint8Array.from({ length: 4096 }, (_, i) => [0x53, 0x54, 0x4d, 0x32][i] ?? i & 0xff);

/** A console that prints `lines` while the transfer runs. */
function consoleSaying(lines: readonly string[]): BoardConsole {
  return {
    recentLines: () => [...lines],
    onLines: (listener) => {
      queueMicrotask(() => listener(lines));
      return () => undefined;
    },
    mark: () => undefined,
  };
}

const quietRecord = {
  progress: () => undefined,
  failed: () => undefined,
  log: () => undefined,
} as unknown as SessionRecord;

async function failureOf(
  script: FakeDfuScript,
  options: { stage?: Stage; phase?: number; console?: BoardConsole; leavesAlone?: boolean } = {},
): Promise<SessionFailure | null> {
  const clock = new FakeClock();
  const transport = new FakeDfuTransport({ alternates, transferSize: 1024, ...script }, clock);
  const device = await DfuDevice.open(transport, { clock });
  const phase = options.phase ?? 0x03;
  const error = await sendImage({
    device,
    image: { id: phase, name: 'ssbl', planned: null, open: () => Promise.resolve(memoryImage(stm32Ssbl)) },
    phase,
    stage: options.stage ?? 'tfa',
    record: quietRecord,
    clock,
    expectLeaveAfterManifest: options.leavesAlone ?? false,
    stillPresent: () => Promise.resolve(true),
    console: options.console ?? consoleSaying([]),
  }).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  return error as SessionFailure | null;
}

async function refusalOf(...args: Parameters<typeof failureOf>): Promise<SessionFailure> {
  const failure = await failureOf(...args);
  if (failure === null) throw new Error('the transfer did not fail');
  return failure;
}

const noCablePowerOrHub = (failure: SessionFailure): void => {
  const diagnosis = diagnose({ failure, consoleLines: [], warnings: [], platform: 'linux', soc: 'mp15' });
  for (const hint of diagnosis.hints) expect(hint).not.toMatch(/cable|hub|power/i);
};

describe('refusals during a transfer, one rule each', () => {
  it('(a) the board answers a DFU error status: DEVICE_ERROR_STATUS quoting its GetPhase text', async () => {
    const failure = await refusalOf(
      {
        errorAfterBlock: { block: 1, status: dfuStatus.errUnknown },
        uploadAnswer: phaseAnswer(0xff, 'DFU write error'),
      },
      { stage: 'uboot-partitions', phase: 0x21 },
    );
    expect(failure.code).toBe('DEVICE_ERROR_STATUS');
    expect(failure.message).toContain('DFU write error');
    expect(failure.evidence.boardText).toBe('DFU write error');
  });

  it('(b) a STALL the board explains through GetPhase 0xFF: DEVICE_REFUSED_IMAGE quoting TF-A and saying what fits', async () => {
    const failure = await refusalOf({
      stallAtBlock: 1,
      uploadAnswer: phaseAnswer(0xff, 'FIP Header check failed for phase 3'),
    });
    expect(failure.code).toBe('DEVICE_REFUSED_IMAGE');
    expect(failure.message).toContain('"FIP Header check failed for phase 3"');
    expect(failure.message).toMatch(/STM32 header .* takes a FIP at phase 0x03/);
    noCablePowerOrHub(failure);
  });

  it('(b) a STALL the board explains with an ERROR: line on its console: DEVICE_REFUSED_IMAGE quoting the line', async () => {
    const failure = await refusalOf(
      { stallAtBlock: 1, uploadAnswer: phaseAnswer(0x03) },
      { console: consoleSaying(['NOTICE:  BL2: v2.8', 'ERROR:   FIP Header check failed for phase 3']) },
    );
    expect(failure.code).toBe('DEVICE_REFUSED_IMAGE');
    expect(failure.evidence.boardText).toBe('FIP Header check failed for phase 3');
    noCablePowerOrHub(failure);
  });

  it('(c) a STALL nothing explains stays DEVICE_TRANSFER_ERROR', async () => {
    const failure = await refusalOf(
      { stallAtBlock: 1, uploadAnswer: phaseAnswer(0x03) },
      { console: consoleSaying(['NOTICE:  BL2: v2.8']) },
    );
    expect(failure.code).toBe('DEVICE_TRANSFER_ERROR');
  });

  it('the MP15 ROM refusing the FSBL (dfuERROR after dfuMANIFEST, findings §13) is DEVICE_REFUSED_IMAGE naming the FSBL', async () => {
    const error = new DfuError(
      'DFU_ERROR_STATUS',
      'the board reported errUNKNOWN at the end of the transfer',
      {
        step: 'manifest',
        status: decodeDfuStatus(dfuStatus.errUnknown),
        state: 10,
      },
    );
    const failure = (await transferFailure(error, {
      stage: 'rom',
      partitionId: 0x01,
      name: 'fsbl1-boot',
      stillPresent: () => Promise.resolve(true),
      boardText: () => Promise.resolve(null),
    })) as SessionFailure;
    expect(failure.code).toBe('DEVICE_REFUSED_IMAGE');
    expect(failure.message).toMatch(
      /^the ROM code refused the FSBL \(partition 0x01 fsbl1-boot\): "errUNKNOWN/,
    );
    expect(failure.message).toMatch(/\.stm32 header is valid for this SoC/);
    noCablePowerOrHub(failure);
  });

  it('the MP15 ROM STALLing the GETSTATUS after dfuMANIFEST while it still asks for the FSBL refused it; an I/O error there is the FSBL starting', async () => {
    const options = { stage: 'rom', phase: 0x01, leavesAlone: true } as const;
    const refused = await refusalOf({ stallAfterManifest: true, uploadAnswer: phaseAnswer(0x01) }, options);
    expect(refused.code).toBe('DEVICE_REFUSED_IMAGE');
    expect(refused.message).toMatch(/^the ROM code refused the FSBL/);
    expect(await failureOf({ leaveAfterManifest: true }, options)).toBeNull();
  });
});
