import path from 'node:path';
import type { FastPathChoice } from '../../../../shared/fast-path';
import type { Soc } from '../../../../shared/board';
import { parseFlashLayout } from '../../layout/parse-flash-layout';
import type { FlashLayout } from '../../layout/flash-layout';
import { hostLoadedIds } from '../../layout/send-plan';
import { decideFastPath } from '../decide-fast-path';
import { parseUbootVersion } from '../uboot-version';

/**
 * The table of docs/fast-path.md: each FlashLayout fixture as "fast" or "DFU (reason)", decided by
 * `decideFastPath` itself (a test compares the document with this, so the table cannot go stale). The fixtures
 * come without their binaries, so the U-Boot inside each FIP is taken to run scripts and the host to open
 * 0483:0afb; the FIP's file name (which names ST's fastboot builds) and the SoC (from the file name) are read.
 */

export interface FixtureText {
  readonly name: string;
  readonly text: string;
}

/** A U-Boot that runs scripts: the table is about what the layout and the FIP's name decide. */
const assumedUboot = parseUbootVersion('2023.10-stm32mp-r1');

function socOfName(name: string): Soc {
  if (name.includes('stm32mp13')) return 'mp13';
  if (name.includes('stm32mp25')) return 'mp25';
  return 'mp15';
}

/** The binary of the first host-loaded line at phase 0x03 (what TF-A loads): its file name. */
function fipName(layout: FlashLayout): string | null {
  const line = layout.partitions.find(
    (partition) => partition.ip?.kind === 'none' && partition.id === hostLoadedIds[2],
  );
  return line?.binary === null || line === undefined ? null : path.posix.basename(line.binary);
}

function cell(choice: FastPathChoice): string {
  if (choice.path === 'fast') return `fast (${choice.device})`;
  return `DFU (${choice.path === 'dfu' ? (choice.reason ?? 'asked for') : choice.reason})`;
}

/** The fastboot FIP ST builds for the layout's memory: `…-fastboot-sdcard…` for mmc0, `…-fastboot-emmc…` else. */
function fastbootFipName(layout: FlashLayout): string {
  const onEmmc = layout.partitions.some(
    (partition) => partition.ip?.kind === 'mmc' && partition.ip.instance === 1,
  );
  return onEmmc ? 'fip-…-fastboot-emmc.bin' : 'fip-…-fastboot-sdcard.bin';
}

const escape = (text: string): string => text.replace(/\|/g, '\\|');

/** The table's markdown lines, one row per fixture in name order. */
export function fastPathTable(fixtures: readonly FixtureText[]): string {
  const rows = [...fixtures]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, text }) => {
      const { layout } = parseFlashLayout(text);
      const soc = socOfName(name);
      const fip = fipName(layout);
      const decide = (fileName: string | null) =>
        cell(
          decideFastPath({
            mode: 'auto',
            layout,
            soc,
            fip: fileName === null ? null : { fileName, uboot: assumedUboot },
            access: { state: 'yes' },
            verify: false,
          }),
        );
      return `| \`${name}\` | ${soc.toUpperCase()} | \`${fip ?? 'none'}\` | ${escape(decide(fip))} | ${escape(decide(fastbootFipName(layout)))} |`;
    });
  return [
    '| Fixture | SoC | FIP (phase 0x03) | With that FIP | With ST’s fastboot FIP for its memory |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
