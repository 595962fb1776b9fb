import { stageNames } from './stage-names';
import type { ReconnectWait } from './run-state';

interface Props {
  readonly wait: ReconnectWait;
  /** Wall-clock now: the seconds shown are derived from the deadline and this, never counted down in state. */
  readonly now: number;
}

/** "Waiting for the board to come back: 23 s", and why the deadline moved when it did. */
export function ReconnectCountdown({ wait, now }: Props) {
  const seconds = Math.max(0, Math.ceil((wait.deadlineAt - now) / 1000));
  const what =
    wait.phase === 'leave' ? 'Waiting for the board to leave the bus' : 'Waiting for the board to come back';
  return (
    <div className="reconnect">
      <p role="timer" className="reconnect-countdown">
        {what}: {seconds} s
      </p>
      <p className="reconnect-details">
        It should return as {stageNames[wait.expectedStage]}.
        {wait.extendedBecause !== null && <> The deadline was extended: {wait.extendedBecause}</>}
      </p>
    </div>
  );
}
