import type { SlotState, SlotView } from '../../../shared/station';

/** A slot whose run is under way: its elapsed time counts on, its Program button waits. */
export function isRunning(state: SlotState): boolean {
  return state === 'programming' || state === 're-enumerating';
}

/** Since the view arrived, in ms (never negative: the clock may not have ticked since). */
function sinceReceived(receivedAt: number, now: number): number {
  return Math.max(0, now - receivedAt);
}

/** The tile's big word: Idle, Waiting for board, Programming 43 %, Re-enumerating 12 s, PASS, FAIL. */
export function stateWord(slot: SlotView, receivedAt: number, now: number): string {
  switch (slot.state) {
    case 'idle':
      return 'Idle';
    case 'waiting':
      return 'Waiting for board';
    case 'programming':
      return slot.percent === null ? 'Programming' : `Programming ${Math.floor(slot.percent)} %`;
    case 're-enumerating': {
      if (slot.secondsLeft === null) return 'Re-enumerating';
      const left = Math.max(0, Math.ceil(slot.secondsLeft - sinceReceived(receivedAt, now) / 1000));
      return `Re-enumerating ${left} s`;
    }
    case 'passed':
      return 'PASS';
    case 'failed':
      return 'FAIL';
  }
}

/** The run's elapsed ms: as the view gave it, counted on from its arrival while the run goes on. */
export function elapsedMs(slot: SlotView, receivedAt: number, now: number): number | null {
  if (slot.elapsedMs === null) return null;
  return isRunning(slot.state) ? slot.elapsedMs + sinceReceived(receivedAt, now) : slot.elapsedMs;
}

/** mm:ss (minutes go past 59 rather than adding hours: a board run is minutes long). */
export function formatClock(ms: number): string {
  const whole = Math.floor(Math.max(0, ms) / 1000);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}
