/** A duration as a run shows it: `0.4 s`, `12 s`, `3 min 05 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/** Time left as a run shows it: `less than a second left`, `about 12 s left`. */
export function formatTimeLeft(seconds: number): string {
  return seconds < 1 ? 'less than a second left' : `about ${formatDuration(seconds * 1000)} left`;
}
