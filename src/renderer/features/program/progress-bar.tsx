interface Props {
  /** The accessible name: a partition's name, or what the bar sums up. */
  readonly label: string;
  readonly done: number;
  /** Null while unknown: the bar is indeterminate (no aria-valuenow). */
  readonly total: number | null;
  readonly valueText: string;
  readonly tone?: 'normal' | 'failed' | 'written';
  /** The id of the visible text that says the same, for screen readers that read descriptions. */
  readonly describedBy?: string;
}

/** One accessible progress bar (`role="progressbar"` with `aria-valuenow` from 0 to 100). */
export function ProgressBar({ label, done, total, valueText, tone = 'normal', describedBy }: Props) {
  const percent = total === null ? null : total === 0 ? 100 : Math.min(100, Math.floor((done * 100) / total));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText}
      aria-describedby={describedBy}
      className={`bar bar-${tone}`}
    >
      {/* Set through the CSSOM (React's style prop), which the CSP's style-src 'self' allows. */}
      <div className="bar-fill" style={{ transform: `scaleX(${(percent ?? 0) / 100})` }} />
    </div>
  );
}
