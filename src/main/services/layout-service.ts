import path from 'node:path';
import type { RequestOf } from '../../shared/contract';
import type { LayoutCheckReport } from '../../shared/layout';
import { checkFlashLayout } from '../engine/layout/check-flash-layout';
import { anyFilePolicy, type FileAccessPolicy } from './file-access-policy';

export type LayoutRequest = RequestOf<'layout.check'>;

/**
 * The app's current FlashLayout: opening one checks it and makes it current; checking one leaves the
 * current layout alone. Relative paths are taken from the folder the app was started in.
 */
export class LayoutService {
  readonly #cwd: string;
  readonly #onChange: (report: LayoutCheckReport | null) => void;
  readonly #policy: FileAccessPolicy;
  #current: LayoutCheckReport | null = null;

  constructor(
    cwd: string,
    onChange: (report: LayoutCheckReport | null) => void,
    policy: FileAccessPolicy = anyFilePolicy,
  ) {
    this.#cwd = cwd;
    this.#onChange = onChange;
    this.#policy = policy;
  }

  get current(): LayoutCheckReport | null {
    return this.#current;
  }

  /** Checks a layout the file access policy lets the client read (PATH_NOT_ALLOWED otherwise). */
  async check(request: LayoutRequest): Promise<LayoutCheckReport> {
    const file = path.resolve(this.#cwd, request.path);
    await this.#policy.assertReadable(file);
    const binariesDir =
      request.binariesDir === undefined ? undefined : path.resolve(this.#cwd, request.binariesDir);
    if (binariesDir !== undefined) await this.#policy.assertFolder(binariesDir);
    return checkFlashLayout(file, {
      ...(binariesDir === undefined ? {} : { binariesDir }),
      ...(request.soc === undefined ? {} : { soc: request.soc }),
      ...(request.layoutOnly === undefined ? {} : { layoutOnly: request.layoutOnly }),
    });
  }

  async open(request: LayoutRequest): Promise<LayoutCheckReport> {
    const report = await this.check(request);
    this.#current = report;
    this.#onChange(report);
    return report;
  }
}
