import type { SlotView, StationView } from '../../../shared/station';
import type { CliIo } from '../cli-io';
import { CliOutput } from '../cli-io';
import { escapeControls } from '../views/terminal-safe';

const stateWord = (slot: SlotView): string => {
  switch (slot.state) {
    case 'programming':
      return `Programming ${slot.percent ?? 0} %`;
    case 're-enumerating':
      return `Re-enumerating ${slot.secondsLeft ?? 0} s`;
    case 'passed':
      return 'PASS';
    case 'failed':
      return `FAIL ${slot.code ?? ''}`.trim();
    case 'waiting':
      return 'Waiting for board';
    case 'idle':
      return 'Idle';
  }
};

/** One line per slot: name, state word, serial, elapsed. */
export function slotLine(slot: SlotView): string {
  const elapsed = slot.elapsedMs === null ? '' : `${(slot.elapsedMs / 1000).toFixed(1)} s`;
  return [slot.name.padEnd(12), stateWord(slot).padEnd(28), (slot.serial ?? '').padEnd(26), elapsed]
    .join(' ')
    .trimEnd();
}

export function countersLine(view: StationView): string {
  const { passed, failed, yield: rate, boardsPerHour } = view.counters;
  const yieldText = rate === null ? '–' : `${Math.round(rate * 100)} %`;
  const perHour = boardsPerHour === null ? '–' : boardsPerHour.toFixed(0);
  return `${view.name}: ${passed} passed, ${failed} failed, yield ${yieldText}, ${perHour} boards/h${view.auto ? ', auto' : ''}`;
}

/**
 * `factory` in text: on a terminal, the slot table redrawn in place (at most 5 times a second); otherwise a plain
 * timestamped line each time a slot's state word changes, so a log reads cleanly.
 */
export class StationTextView {
  readonly #io: CliIo;
  readonly #out: CliOutput;
  readonly #shown = new Map<string, string>();
  #drawnLines = 0;
  #lastDraw = 0;
  #pending: NodeJS.Timeout | null = null;

  constructor(io: CliIo) {
    this.#io = io;
    this.#out = new CliOutput(io);
  }

  update(view: StationView): void {
    if (!this.#out.interactive) {
      for (const slot of view.slots) {
        const word = `${slot.state}:${slot.state === 'programming' ? '' : stateWord(slot)}`;
        if (this.#shown.get(slot.name) === word) continue;
        this.#shown.set(slot.name, word);
        this.#out.info(slotLine(slot));
      }
      return;
    }
    const wait = 200 - (Date.now() - this.#lastDraw);
    if (wait > 0) {
      this.#pending ??= setTimeout(() => {
        this.#pending = null;
        this.update(view);
      }, wait);
      return;
    }
    this.#lastDraw = Date.now();
    const lines = [countersLine(view), ...view.slots.map(slotLine)].map(escapeControls);
    const up = this.#drawnLines > 0 ? `\u001b[${this.#drawnLines}A` : '';
    this.#io.stdout.write(`${up}\r\u001b[J${lines.join('\n')}\n`);
    this.#drawnLines = lines.length;
  }

  /** The end: the table once more, plainly, then the counters. */
  finish(view: StationView): void {
    if (this.#pending !== null) clearTimeout(this.#pending);
    if (this.#out.interactive && this.#drawnLines > 0)
      this.#io.stdout.write(`\u001b[${this.#drawnLines}A\r\u001b[J`);
    for (const slot of view.slots) this.#out.result(slotLine(slot));
    this.#out.result(countersLine(view));
  }
}
