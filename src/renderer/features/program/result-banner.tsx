import type { ReactNode, Ref } from 'react';
import type { ResultEvent, WarningEvent } from '../../../shared/program-events';
import { formatDuration } from '../../app/format-duration';
import { useAppInfo } from '../../app/use-app-info';
import { StDriverInstall } from '../devices/st-driver-install';
import { UdevRuleInstall } from '../devices/udev-rule-install';
import type { PartitionRun } from './run-state';
import { WarningList } from './warning-list';

interface Props {
  readonly result: ResultEvent;
  readonly partitions: readonly PartitionRun[];
  readonly warnings: readonly WarningEvent[];
  /** Closes the result (it stays until then, or until the next run starts). */
  readonly onDismiss: () => void;
  /** The report buttons. */
  readonly children?: ReactNode;
  /** A failed run with unfinished partitions: Resume starts a run of those alone (and why it did not, if so). */
  readonly resume?: { readonly onResume: () => void; readonly problem: string | null } | null;
  /** The banner itself, to scroll it into view when the run ends. */
  readonly ref?: Ref<HTMLDivElement>;
}

const defaultNextStep =
  'Set the boot switches to boot from the memory you programmed (on a DK1/DK2 for the SD card: both BOOT switches on), then press the reset button.';

function names(partitions: readonly PartitionRun[]): string {
  return partitions.map((partition) => partition.name).join(', ');
}

/** The failures where this computer could not open the board (LIBUSB_ERROR_ACCESS on Linux: no udev rule). */
const unopenable: readonly (string | null)[] = ['DEVICE_UNOPENABLE', 'DEVICE_RETURNED_UNOPENABLE'];

/**
 * A board that could not be opened, as under the board in Boards: on Linux the rule and its "Install rule"; on
 * Windows ST's DFU driver installer, when STM32CubeProgrammer's is found (else nothing beyond the hints).
 */
function UnopenableFix({ code }: { code: string | null }) {
  const info = useAppInfo();
  if (!unopenable.includes(code)) return null;
  if (info?.platform === 'linux') return <UdevRuleInstall />;
  if (info?.platform === 'win32') return <StDriverInstall />;
  return null;
}

/** How the run ended: `role="status"` on success, `role="alert"` on failure, with what to do next. */
function Dismiss({ onDismiss }: { onDismiss: () => void }) {
  return (
    <button type="button" className="secondary result-dismiss" onClick={onDismiss}>
      Dismiss
    </button>
  );
}

export function ResultBanner({ result, partitions, warnings, onDismiss, children, resume, ref }: Props) {
  const written = partitions.filter((partition) => partition.status === 'written');
  const notWritten = partitions.filter((partition) => partition.status !== 'written');
  if (result.ok) {
    const next = result.hints.length > 0 ? result.hints : [defaultNextStep];
    return (
      <div role="status" className="result result-ok" ref={ref} tabIndex={-1}>
        <h3>
          Programmed: {written.length} {written.length === 1 ? 'partition' : 'partitions'} written in{' '}
          {formatDuration(result.elapsedMs)}
        </h3>
        <WarningList warnings={warnings} />
        <p className="result-label">Next:</p>
        <ol className="result-hints">
          {next.map((hint) => (
            <li key={hint}>{hint}</li>
          ))}
        </ol>
        <div className="result-actions">
          {children}
          <Dismiss onDismiss={onDismiss} />
        </div>
      </div>
    );
  }
  const cancelled = result.code === 'CANCELLED';
  return (
    <div role="alert" className="result result-failed" ref={ref} tabIndex={-1}>
      <h3>
        {cancelled ? 'Programming cancelled' : 'Programming failed'}
        {result.code !== null && !cancelled && (
          <>
            : <code className="result-code">{result.code}</code>
          </>
        )}
      </h3>
      {result.message !== null && <p>{result.message}</p>}
      <p>
        {written.length === 0 ? 'No partition was written.' : `Written: ${names(written)}.`}
        {notWritten.length > 0 && written.length > 0 && ` Not written: ${names(notWritten)}.`}
      </p>
      <WarningList warnings={warnings} />
      {result.hints.length > 0 && (
        <>
          <p className="result-label">{cancelled ? 'Next:' : 'What to try, most likely first:'}</p>
          <ol className="result-hints">
            {result.hints.map((hint) => (
              <li key={hint}>{hint}</li>
            ))}
          </ol>
        </>
      )}
      <UnopenableFix code={result.code} />
      {result.consoleLines.length > 0 && (
        <>
          <p className="result-label" id="result-console-label">
            Last console lines
          </p>
          <pre className="result-console mono" aria-labelledby="result-console-label" tabIndex={0}>
            {result.consoleLines.join('\n')}
          </pre>
        </>
      )}
      {resume != null && (
        <p className="result-label">
          Resume programs only what was not written ({names(notWritten)}); the boot images and the layout are
          sent again, as every run starts from the board&apos;s ROM.
        </p>
      )}
      {resume?.problem != null && <p className="summary-error">{resume.problem}</p>}
      <div className="result-actions">
        {resume != null && (
          <button type="button" onClick={resume.onResume}>
            Resume
          </button>
        )}
        {children}
        <Dismiss onDismiss={onDismiss} />
      </div>
    </div>
  );
}
