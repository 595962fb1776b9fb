import type { SlotView } from '../../../shared/station';
import { useNow } from '../../app/use-now';
import { ProgressBar } from '../program/progress-bar';
import { elapsedMs, formatClock, isRunning, stateWord } from './slot-words';

interface Props {
  readonly slot: SlotView;
  /** When the view holding this slot arrived: the tile's clocks run on from it. */
  readonly receivedAt: number;
  readonly onProgram: (slot: string) => void;
}

/** One slot, readable from two metres: its name, a big state word on the state's colour, serial, elapsed time. */
export function SlotTile({ slot, receivedAt, onProgram }: Props) {
  const running = isRunning(slot.state);
  // Each tile listens to the clock only while its own run goes on.
  const now = useNow(running);
  const word = stateWord(slot, receivedAt, now);
  const elapsed = elapsedMs(slot, receivedAt, now);
  // The diagnosis's first hint: the one an operator can act on from the tile.
  const hint = slot.hint?.split('\n').find((line) => line.trim() !== '') ?? null;
  const serial = slot.serial ?? (slot.boardId === null ? 'No board' : 'No serial');
  return (
    <section className={`slot-tile slot-${slot.state}`} aria-label={slot.name} data-state={slot.state}>
      <header className="slot-head">
        <h2 className="slot-name">{slot.name}</h2>
        <button
          type="button"
          className="slot-program"
          aria-label={`Program ${slot.name}`}
          disabled={running}
          onClick={() => onProgram(slot.name)}
        >
          Program
        </button>
      </header>
      <p className="slot-word">{word}</p>
      {slot.state === 'programming' && (
        <ProgressBar
          label={`${slot.name} progress`}
          done={slot.percent ?? 0}
          total={slot.percent === null ? null : 100}
          valueText={word}
        />
      )}
      {slot.state === 'failed' && (slot.code !== null || hint !== null) && (
        <div className="slot-diagnosis">
          {slot.code !== null && <p className="slot-code mono">{slot.code}</p>}
          {hint !== null && <p className="slot-hint">{hint}</p>}
        </div>
      )}
      <dl className="slot-facts">
        <div>
          <dt>Serial</dt>
          <dd className="mono">{serial}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd role={running ? 'timer' : undefined}>{elapsed === null ? '—' : formatClock(elapsed)}</dd>
        </div>
      </dl>
    </section>
  );
}
