import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportedImage } from '../../shared/contract/image';
import { FlasherError } from '../../shared/errors';
import { CardPlanError } from '../engine/image/card-plan';
import { exportCardImage } from '../engine/image/export-card-image';
import { realPathOf, type FileAccessPolicy } from './file-access-policy';

export interface ImageExportRequest {
  readonly layoutPath: string;
  readonly outputPath?: string | undefined;
  readonly sizeBytes?: number | undefined;
  readonly overwrite?: boolean | undefined;
}

export interface ImageServiceOptions {
  /** Where relative layout paths start. */
  readonly cwd: string;
  /** What the client may read: the layout must be readable by it. */
  readonly fileAccess: FileAccessPolicy;
  /** The desktop's save dialog (Electron only), opened at the suggested path; null when the person cancels. */
  readonly chooseImageOutput?: ((suggested: string) => Promise<string | null>) | undefined;
  /** Where `image.progress` goes (the contract server's emit). */
  readonly onProgress?: ((progress: ImageProgress) => void) | undefined;
  /** The time in ms, for spacing progress events (tests may pass their own). */
  readonly now?: () => number;
}

export interface ImageProgress {
  readonly outputPath: string;
  readonly done: number;
  readonly total: number;
}

/** At most ten progress events a second (the last one always goes). */
const progressEveryMs = 100;

const defaultCardBytes = 8 * 2 ** 30;

/** The one place the browser shell may write an image: `<layout folder>/<layout name>.img`. */
export function imagePathBeside(layoutPath: string): string {
  const parsed = path.parse(layoutPath);
  return path.join(parsed.dir, `${parsed.name}.img`);
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** `image.export`: the engine's `exportCardImage` (as `image -o` calls it), to a place the person chose. */
export class ImageService {
  #busy = false;
  #controller: AbortController | null = null;

  constructor(private readonly options: ImageServiceOptions) {}

  async export(request: ImageExportRequest): Promise<{ image: ExportedImage | null; cancelled?: boolean }> {
    const layoutPath = path.resolve(this.options.cwd, request.layoutPath);
    await this.options.fileAccess.assertReadable(layoutPath);
    const output = await this.#output(layoutPath, request.outputPath);
    if (output === null) return { image: null };
    const chosenInDialog = this.options.chooseImageOutput !== undefined;
    if (!chosenInDialog && request.overwrite !== true) {
      for (const file of [output, `${output}.bmap`])
        if (await exists(file))
          throw new FlasherError('IMAGE_OUTPUT_EXISTS', `${file} is already there and was not replaced.`);
    }
    if (this.#busy) throw new FlasherError('IMAGE_BUSY');
    this.#busy = true;
    const controller = new AbortController();
    this.#controller = controller;
    const bytes = request.sizeBytes ?? defaultCardBytes;
    try {
      const exported = await exportCardImage({
        layoutPath,
        output,
        diskBytes: BigInt(bytes),
        cwd: this.options.cwd,
        signal: controller.signal,
        onProgress: this.#progressTo(output),
      });
      return {
        image: {
          outputPath: output,
          bmapPath: exported.bmapPath,
          bytes,
          mappedBytes: exported.mappedBytes,
          device: exported.plan.device,
        },
      };
    } catch (error) {
      if (controller.signal.aborted) return { image: null, cancelled: true };
      if (error instanceof CardPlanError) throw new FlasherError('IMAGE_NOT_POSSIBLE', error.message);
      if (error instanceof FlasherError) throw error;
      throw new FlasherError('IMAGE_NOT_POSSIBLE', `The image was not written: ${(error as Error).message}`);
    } finally {
      this.#busy = false;
      this.#controller = null;
    }
  }

  /** `image.cancel`: stops the export under way, which removes what it wrote. */
  cancel(): { cancelled: boolean } {
    const controller = this.#controller;
    if (controller === null || controller.signal.aborted) return { cancelled: false };
    controller.abort();
    return { cancelled: true };
  }

  #progressTo(outputPath: string): (progress: { done: number; total: number }) => void {
    const now = this.options.now ?? (() => performance.now());
    let last = -Infinity;
    return ({ done, total }) => {
      const time = now();
      if (done < total && time - last < progressEveryMs) return;
      last = time;
      this.options.onProgress?.({ outputPath, done, total });
    };
  }

  /** The save dialog's answer (Electron), else the path beside the layout, and only that one. */
  async #output(layoutPath: string, asked: string | undefined): Promise<string | null> {
    const beside = imagePathBeside(layoutPath);
    if (this.options.chooseImageOutput !== undefined) {
      const chosen = await this.options.chooseImageOutput(beside);
      return chosen === null ? null : path.resolve(chosen);
    }
    if (asked === undefined) return beside;
    const wanted = path.resolve(this.options.cwd, asked);
    if ((await realPathOf(wanted)) !== (await realPathOf(beside)))
      throw new FlasherError(
        'IMAGE_OUTPUT_NOT_ALLOWED',
        `${wanted} is not written: in the browser the image goes only to ${beside}.`,
      );
    return beside;
  }
}
