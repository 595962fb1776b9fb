import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { stm32HeaderVersionBySoc } from '../../protocol/stm32-header';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { dataImage, fipImage, stm32Image } from '../../virtual-board/conformance/test-images';
import { gptEntriesOf } from '../program/test-support/gpt-entries';
import { readAt } from '../program/test-support/memory-readback';
import { programSim } from '../program/test-support/program-sim';
import type { StagedFixture } from '../program/test-support/staged-fixture';

/**
 * An STM32MP15 eMMC layout with its FSBL in the eMMC boot areas, with ST's stock FIP (its fastboot flashes mmc1,
 * boot areas included): the fast path writes `mmc1boot0/1` and the user area as the DFU path does.
 */
const bytes = 64 * 1024;
const lines = [
  '#Opt\tId\tName\tType\tIP\tOffset\tBinary',
  '-\t0x01\tfsbl-boot\tBinary\tnone\t0x0\ttf-a-usb.stm32',
  '-\t0x03\tfip-boot\tFIP\tnone\t0x0\tfip-stm32mp157f-ev1-optee.bin',
  'P\t0x04\tfsbl1\tBinary\tmmc1\tboot1\ttf-a-emmc.stm32',
  'P\t0x05\tfsbl2\tBinary\tmmc1\tboot2\ttf-a-emmc.stm32',
  'P\t0x06\tfip-a\tFIP\tmmc1\t0x00080000\tfip-stm32mp157f-ev1-optee.bin',
  'P\t0x10\tbootfs\tSystem\tmmc1\t0x00480000\tbootfs.ext4',
  'P\t0x11\trootfs\tFileSystem\tmmc1\t0x04480000\trootfs.ext4',
];

let dir = '';
let staged: StagedFixture;
const files = new Map<string, Uint8Array>();
beforeAll(async () => {
  dir = await makeTempDir();
  await mkdir(dir, { recursive: true });
  const tfa = stm32Image(stm32HeaderVersionBySoc.mp15, bytes);
  files.set('tf-a-usb.stm32', tfa);
  files.set('tf-a-emmc.stm32', tfa);
  files.set(
    'fip-stm32mp157f-ev1-optee.bin',
    fipImage(bytes, { uboot: '2023.10-stm32mp-r1', fastboot: 'stock' }),
  );
  files.set('bootfs.ext4', dataImage(bytes));
  files.set('rootfs.ext4', dataImage(bytes));
  for (const [name, content] of files) await writeFile(path.join(dir, name), content);
  const layoutPath = path.join(dir, 'FlashLayout_emmc_stm32mp157f-ev1.tsv');
  await writeFile(layoutPath, `${lines.join('\n')}\n`);
  staged = { layoutPath, lines: [], images: new Map() };
});
afterAll(async () => removeTempDir(dir));

const stagesOf = (events: readonly ProgramEvent[]): string[] =>
  events.flatMap((event) => (event.type === 'stage' ? [event.stage] : []));

it('STM32MP15 eMMC with boot areas: --fast auto goes over fastboot and leaves what --fast off leaves', async () => {
  const fast = await programSim(staged, dir, 'mp15', ['--fast', 'auto']);
  expect(fast.events.at(-1), JSON.stringify(fast.events.at(-1))).toMatchObject({ ok: true });
  expect(stagesOf(fast.events)).toContain('uboot-fastboot');
  const dfu = await programSim(staged, dir, 'mp15', ['--fast', 'off']);
  expect(dfu.events.at(-1)).toMatchObject({ ok: true });
  expect(stagesOf(dfu.events)).not.toContain('uboot-fastboot');
  const tfa = files.get('tf-a-emmc.stm32') ?? new Uint8Array();
  for (const storage of [fast.storage, dfu.storage]) {
    for (const area of ['mmc1-boot1.img', 'mmc1-boot2.img'])
      expect(
        Buffer.from(await readAt(path.join(storage, area), 0, bytes)).equals(Buffer.from(tfa)),
        area,
      ).toBe(true);
    for (const [name, offset] of [
      ['bootfs.ext4', 0x00480000],
      ['rootfs.ext4', 0x04480000],
    ] as const) {
      const image = files.get(name) ?? new Uint8Array();
      const written = await readAt(path.join(storage, 'mmc1.img'), offset, bytes);
      expect(Buffer.from(written).equals(Buffer.from(image)), `${name} in ${storage}`).toBe(true);
    }
  }
  const names = (entries: Awaited<ReturnType<typeof gptEntriesOf>>) =>
    entries.map((entry) => [entry.name, entry.firstLba, entry.type, (entry.attributes & 4n) !== 0n]);
  expect(names(await gptEntriesOf(path.join(fast.storage, 'mmc1.img')))).toEqual(
    names(await gptEntriesOf(path.join(dfu.storage, 'mmc1.img'))),
  );
  expect(
    (fast.events.at(-1) as ResultEvent).partitions.every((partition) => partition.status === 'written'),
  ).toBe(true);
});
