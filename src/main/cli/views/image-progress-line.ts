import type { CliIo } from '../cli-io';
import { LiveArea } from './live-area';
import { terminalColumns } from './terminal-width';

const mib = 1024 * 1024;

/** `Writing card.img: 512.0 of 1024.0 MiB (50 %)`: what an export shows while it runs. */
export function imageProgressText(name: string, done: number, total: number): string {
  const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
  return `Writing ${name}: ${(done / mib).toFixed(1)} of ${(total / mib).toFixed(1)} MiB (${percent} %)`;
}

/**
 * The live line of `image -o` on a terminal (nothing elsewhere: a log or a script reads only the result lines),
 * redrawn at most once per whole percent.
 */
export class ImageProgressLine {
  readonly #area: LiveArea;
  readonly #name: string;
  #percent = -1;

  constructor(io: CliIo, name: string) {
    this.#area = new LiveArea(
      (text) => io.stdout.write(text),
      () => terminalColumns(io),
    );
    this.#name = name;
  }

  show(done: number, total: number): void {
    const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
    if (percent === this.#percent) return;
    this.#percent = percent;
    this.#area.render([imageProgressText(this.#name, done, total)]);
  }

  clear(): void {
    this.#area.clear();
  }
}
