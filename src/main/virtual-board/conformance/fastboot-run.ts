import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Soc } from '../../../shared/board';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import type { UsbTransport } from '../../usb/usb-transport';
import type { BoardFaults } from '../board/board-faults';
import { noFaults } from '../board/board-faults';
import type { BoardFarm } from '../sim/board-farm';
import type { BoardClock } from '../timing/board-clock';
import { startBoardFarm } from '../sim/board-farm';
import { gptGeometry, readGptEntries } from '../uboot/gpt-image';
import { phaseLedRun } from './phase-led-run';
import type { RunRecord } from './phase-led-run';
import { openClaimed, waitForDevice } from './raw-dfu-host';
import type { FipOptions } from './test-images';
import { fipImage, stm32Image } from './test-images';
import { legacyScriptImage } from './fastboot-test-images';

/** One virtual board in a temporary folder, for fast-path tests; `close` removes both. */
export interface FastbootBench {
  readonly farm: BoardFarm;
  close(): Promise<void>;
}

export async function startBench(
  soc: Soc,
  faults: BoardFaults = noFaults,
  timed?: { readonly clock: BoardClock },
): Promise<FastbootBench> {
  const dir = await mkdtemp(join(tmpdir(), 'vboard-fastboot-'));
  const farm = await startBoardFarm({
    count: 1,
    soc,
    generation: 'current',
    faults: [faults],
    speed: timed === undefined ? { kind: 'fast' } : { kind: 'realistic' },
    storageDir: dir,
    ...(timed === undefined ? {} : { clock: timed.clock }),
  });
  return {
    farm,
    close: async () => {
      await farm.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** ROM, TF-A and the FIP as CubeProgrammer sends them, then `alt0` (a script) on U-Boot's alt 0 and DETACH. */
export async function scriptRun(
  farm: BoardFarm,
  soc: Soc,
  fip: FipOptions | null,
  alt0: Uint8Array,
): Promise<{ record: RunRecord; serial: string | null }> {
  const images = new Map([
    [0x00, alt0],
    [0x01, stm32Image(stm32HeaderVersionBySoc[soc], 8192)],
    [0x02, fipImage(16 * 1024)],
    [0x03, fip === null ? fipImage(64 * 1024) : fipImage(64 * 1024, fip)],
  ]);
  const first = await waitForDevice(farm.backend);
  const record = await phaseLedRun(farm.backend, images);
  return { record, serial: first.identity.serial };
}

/** The script run, then the fastboot gadget opened. */
export async function toFastboot(
  farm: BoardFarm,
  soc: Soc,
  fip: FipOptions | null,
  script: string,
): Promise<{ transport: UsbTransport; serial: string | null }> {
  const { serial } = await scriptRun(farm, soc, fip, legacyScriptImage(script));
  const entry = await waitForDevice(farm.backend, (candidate) => candidate.identity.productId === 0x0afb);
  return { transport: await openClaimed(farm.backend, entry), serial };
}

/** The primary GPT's entries on one memory of the board. */
export async function gptOf(farm: BoardFarm, memory: string): Promise<ReturnType<typeof readGptEntries>> {
  const board = farm.boards[0];
  if (board === undefined) throw new Error('no board');
  const medium = await board.storage.medium(memory);
  const header = await medium.read(gptGeometry.block, gptGeometry.block);
  const entries = await medium.read(2 * gptGeometry.block, gptGeometry.entryBlocks * gptGeometry.block);
  return readGptEntries(header, entries);
}
