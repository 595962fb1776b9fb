import type { ReactNode } from 'react';
import type { StationView as View } from '../../../shared/station';
import { gridShape } from './grid-shape';
import { SlotTile } from './slot-tile';
import { StationCounters } from './station-counters';
import type { StationHandle } from './use-station';

interface Props {
  readonly station: StationHandle;
  readonly view: View;
  /** Locked: the operator can neither leave this view nor change auto mode (unlocked in settings). */
  readonly locked: boolean;
  /** Back to the desk; offered only when unlocked. */
  readonly onLeave: () => void;
  /** Below the grid, folded: the settings (where a supervisor unlocks the station). */
  readonly footer?: ReactNode;
}

/** The factory station: a header bar (counters, Program all, auto mode, lock) over a full-window grid of slots. */
export function StationView({ station, view, locked, onLeave, footer }: Props) {
  const shape = gridShape(view.slots.length);
  return (
    <div className="station">
      <header className="station-bar">
        <h1 className="station-name">{view.name}</h1>
        <StationCounters counters={view.counters} />
        <div className="station-actions">
          <label className={`station-auto${locked ? ' station-auto-locked' : ''}`}>
            <input
              type="checkbox"
              role="switch"
              checked={view.auto}
              disabled={locked}
              onChange={(event) => {
                if (!locked) station.setAuto(event.target.checked);
              }}
            />
            Auto mode
          </label>
          <button type="button" className="station-program-all" onClick={station.programAll}>
            Program all
          </button>
          {locked ? (
            <span className="station-lock" role="status" aria-label="Locked">
              Locked
            </span>
          ) : (
            <>
              <button
                type="button"
                className="secondary station-teach"
                aria-pressed={view.teaching}
                onClick={() => station.teach(!view.teaching)}
              >
                {view.teaching ? 'Done teaching' : 'Teach slots'}
              </button>
              <button type="button" className="secondary station-leave" onClick={onLeave}>
                Back to the desk
              </button>
            </>
          )}
        </div>
      </header>
      {view.teaching && (
        <p role="status" className="station-message station-teaching">
          Teaching the slots: plug a board into each port of the station in turn; it becomes Slot{' '}
          {view.slots.length + 1} next. Nothing is programmed until you press Done teaching.
        </p>
      )}
      {station.error !== null && (
        <p role="alert" className="station-message station-error">
          {station.error}
        </p>
      )}
      {station.notice !== null && (
        <p role="status" className="station-message">
          {station.notice}
        </p>
      )}
      {view.slots.length === 0 ? (
        <p className="empty-state station-empty">This station has no slots: teach them in the recipe.</p>
      ) : (
        <main
          className="station-grid"
          // Set through the CSSOM (React's style prop), which the CSP's style-src 'self' allows.
          style={{
            gridTemplateColumns: `repeat(${shape.columns}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${shape.rows}, minmax(0, 1fr))`,
          }}
        >
          {view.slots.map((slot) => (
            <SlotTile
              key={slot.name}
              slot={slot}
              receivedAt={station.receivedAt}
              onProgram={station.programSlot}
            />
          ))}
        </main>
      )}
      {footer !== undefined && <footer className="station-footer">{footer}</footer>}
    </div>
  );
}
