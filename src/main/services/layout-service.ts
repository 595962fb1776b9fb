import path from 'node:path';
import type { RequestOf } from '../../shared/contract';
import type { LayoutCheckReport } from '../../shared/layout';
import { checkFlashLayout } from '../engine/layout/check-flash-layout';

export type LayoutRequest = RequestOf<'layout.check'>;

/**
 * The app's current FlashLayout: opening one checks it and makes it current; checking one leaves the
 * current layout alone. Relative paths are taken from the folder the app was started in.
 */
export class LayoutService {
  readonly #cwd: string;
  readonly #onChange: (report: LayoutCheckReport | null) => void;
  #current: LayoutCheckReport | null = null;

  constructor(cwd: string, onChange: (report: LayoutCheckReport | null) => void) {
    this.#cwd = cwd;
    this.#onChange = onChange;
  }

  get current(): LayoutCheckReport | null {
    return this.#current;
  }

  check(request: LayoutRequest): Promise<LayoutCheckReport> {
    return checkFlashLayout(path.resolve(this.#cwd, request.path), {
      ...(request.binariesDir === undefined
        ? {}
        : { binariesDir: path.resolve(this.#cwd, request.binariesDir) }),
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
