import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { CardPlanError } from '../../engine/image/card-plan';
import { exportCardImage } from '../../engine/image/export-card-image';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { exitCodes, type ExitCode } from '../exit-codes';
import { ImageProgressLine } from '../views/image-progress-line';
import { writeImageToCard } from './image-write';

interface ImageOptions {
  readonly output?: string;
  readonly write?: string;
  readonly yes?: boolean;
  readonly size: bigint;
  readonly device?: string;
  readonly binariesDir?: string;
  /** commander's `--no-checksum`: false when given. */
  readonly checksum: boolean;
}

const units: Record<string, bigint> = { '': 1n, K: 1n << 10n, M: 1n << 20n, G: 1n << 30n, T: 1n << 40n };

/** `8G`, `512M`, `3965190144`: a card size in bytes (binary units), a multiple of 512. */
export function parseCardSize(value: string): bigint {
  const match = /^(\d+)([KMGT]?)(i?B)?$/i.exec(value.trim());
  const unit = units[(match?.[2] ?? '').toUpperCase()];
  if (match === null || unit === undefined)
    throw new InvalidArgumentError('expected a size such as 8G, 512M or a byte count.');
  const bytes = BigInt(match[1] ?? '0') * unit;
  if (bytes === 0n || bytes % 512n !== 0n)
    throw new InvalidArgumentError('expected a non-zero multiple of 512 bytes.');
  return bytes;
}

async function image(layout: string, options: ImageOptions, io: CliIo): Promise<ExitCode> {
  const out = new CliOutput(io);
  if ((options.output === undefined) === (options.write === undefined)) {
    out.error('Error: give either -o <card.img> or --write <device>.');
    return exitCodes.cannotStart;
  }
  if (options.write !== undefined) return writeImageToCard(layout, { ...options, write: options.write }, io);
  const output = path.resolve(io.cwd, options.output ?? '');
  const started = Date.now();
  const progress = out.interactive ? new ImageProgressLine(io, path.basename(output)) : null;
  try {
    const exported = await exportCardImage({
      layoutPath: path.resolve(io.cwd, layout),
      output,
      diskBytes: options.size,
      cwd: io.cwd,
      signal: io.interrupt,
      checksums: options.checksum,
      ...(progress === null ? {} : { onProgress: ({ done, total }) => progress.show(done, total) }),
      ...(options.device === undefined ? {} : { device: options.device }),
      ...(options.binariesDir === undefined ? {} : { binariesDir: options.binariesDir }),
    });
    progress?.clear();
    const { plan } = exported;
    out.info(
      `${plan.device}: ${plan.gpt === null ? 'no GPT (U-Boot writes none for this layout)' : `GPT of ${plan.gpt.length} partitions`}`,
    );
    for (const write of plan.writes)
      out.info(`  ${write.name} at 0x${write.offset.toString(16)}: ${write.file}`);
    out.result(`Image: ${output} (${options.size} bytes, ${exported.mappedBytes} bytes of data)`);
    out.result(`Block map: ${exported.bmapPath}`);
    out.info(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s. Write it with: bmaptool copy ${output} /dev/sdX`,
    );
    return exitCodes.success;
  } catch (error) {
    progress?.clear();
    if (io.interrupt.aborted) {
      out.error('Interrupted: the partial image and its .bmap were removed.');
      return exitCodes.interrupted;
    }
    if (error instanceof CardPlanError) {
      out.error(`Error: ${error.message}`);
      return exitCodes.cannotStart;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') {
      out.error(`Error: ${(error as Error).message}`);
      return exitCodes.cannotStart;
    }
    throw error;
  }
}

export function registerImageCommand(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('image')
    .description(
      'write the raw SD-card (or eMMC user area) image U-Boot would leave for a layout, and its .bmap',
    )
    .argument('<layout.tsv>', 'the FlashLayout file')
    .option('-o, --output <card.img>', 'the image file to write (a sparse file; <card.img>.bmap beside it)')
    .option('--size <size>', 'the card size of -o (8G, 3965190144, ...)', parseCardSize, 8n << 30n)
    .option('--write <device>', 'write onto a removable drive instead (/dev/sdX), sync and read it back')
    .option('--yes', 'with --write: do not ask for confirmation')
    .option('--no-checksum', 'with -o: no sha256 per range in the .bmap (as bmaptool create --no-checksum)')
    .option('--device <mmcN>', 'which memory, when the layout writes to several')
    .option('--binaries-dir <dir>', 'the folder binary paths are relative to (default: as for check)')
    .showHelpAfterError(false)
    .action(async (layout: string, options: ImageOptions) => {
      setExit(await image(layout, options, io));
    });
}
