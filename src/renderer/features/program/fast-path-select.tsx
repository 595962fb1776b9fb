import type { FastMode, FastPathChoice } from '../../../shared/fast-path';
import { fastPathText } from './use-fast-path-choice';

interface Props {
  readonly value: FastMode;
  readonly onChange: (mode: FastMode) => void;
  readonly disabled: boolean;
  /** The decision a run would take now; null while unknown. */
  readonly choice: FastPathChoice | null;
}

const labels: Record<FastMode, string> = { auto: 'Auto', on: 'Fastboot', off: 'DFU' };

/** The path of the partitions (`program --fast`): Auto, Fastboot or DFU, and what a run would do, with why. */
export function FastPathSelect({ value, onChange, disabled, choice }: Props) {
  return (
    <div className="program-fast-path">
      <label>
        Path{' '}
        <select
          value={value}
          disabled={disabled}
          aria-describedby="program-fast-path-choice"
          onChange={(event) => onChange(event.target.value as FastMode)}
        >
          {(['auto', 'on', 'off'] as const).map((mode) => (
            <option key={mode} value={mode}>
              {labels[mode]}
            </option>
          ))}
        </select>
      </label>{' '}
      <span
        id="program-fast-path-choice"
        className={choice?.path === 'refused' ? 'program-blocker' : 'program-summary'}
      >
        {choice === null ? '' : fastPathText(choice)}
      </span>
    </div>
  );
}
