import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { writeCardDevice } from '../../engine/image/card-device-writer';
import { CardPlanError } from '../../engine/image/card-plan';
import { checkCardTarget } from '../../engine/image/card-target';
import { loadCardPlan } from '../../engine/image/export-card-image';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';

export interface ImageWriteOptions {
  readonly write: string;
  readonly yes?: boolean;
  readonly device?: string;
  readonly binariesDir?: string;
}

/** Tests only: a loop device is not removable; this lets the write path run on one. */
export const allowFixedDriveVariable = 'STM32MP_FLASHER_TEST_ALLOW_FIXED_DRIVE';

const quote = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** The command to run again with the right to write the drive. */
function elevatedCommand(layout: string, options: ImageWriteOptions): string {
  const words = [
    ...process.argv.slice(0, 2),
    'image',
    layout,
    '--write',
    options.write,
    ...(options.device === undefined ? [] : ['--device', options.device]),
    ...(options.binariesDir === undefined ? [] : ['--binaries-dir', path.resolve(options.binariesDir)]),
  ];
  return words.map(quote).join(' ');
}

async function confirmed(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

/** `image <layout> --write /dev/sdX`: the card image written onto a removable drive, synced and read back. */
export async function writeImageToCard(
  layoutArg: string,
  options: ImageWriteOptions,
  io: CliIo,
): Promise<ExitCode> {
  const out = new CliOutput(io);
  const layout = path.resolve(io.cwd, layoutArg);
  try {
    const target = await checkCardTarget(options.write, {
      allowNotRemovable: io.env[allowFixedDriveVariable] === '1',
    });
    const plan = await loadCardPlan({
      layoutPath: layout,
      diskBytes: target.bytes,
      cwd: io.cwd,
      ...(options.device === undefined ? {} : { device: options.device }),
      ...(options.binariesDir === undefined ? {} : { binariesDir: options.binariesDir }),
    });
    if (options.yes !== true) {
      if (process.stdin.isTTY !== true) {
        out.error(`Error: writing ${target.device} erases it; add --yes to confirm when not at a terminal.`);
        return exitCodes.cannotStart;
      }
      const gib = (Number(target.bytes) / 1024 ** 3).toFixed(1);
      if (
        !(await confirmed(
          `Write ${plan.device} of ${layoutArg} to ${target.device} (${gib} GiB)? Its data is lost. [y/N] `,
        ))
      ) {
        out.error('Nothing written.');
        return exitCodes.failed;
      }
    }
    out.info(`Writing ${target.device} ...`);
    await writeCardDevice(plan, target, io.interrupt);
    out.result(
      `Written and verified: ${target.device} (${plan.writes.length} images${plan.gpt === null ? '' : `, GPT of ${plan.gpt.length} partitions`})`,
    );
    return exitCodes.success;
  } catch (error) {
    if (io.interrupt.aborted) {
      out.error('Interrupted: the card is incomplete.');
      return exitCodes.interrupted;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      const command = elevatedCommand(layout, options);
      out.error(
        `Error: no permission to write ${options.write}. Run:\n  sudo ${command}\nor:\n  pkexec ${command}`,
      );
      return exitCodes.cannotStart;
    }
    if (error instanceof CardPlanError) {
      out.error(`Error: ${error.message}`);
      return code === undefined && /Verify failed/.test(error.message)
        ? exitCodes.failed
        : exitCodes.cannotStart;
    }
    if (typeof code === 'string') {
      out.error(`Error: ${(error as Error).message}`);
      return exitCodes.cannotStart;
    }
    throw error;
  }
}
