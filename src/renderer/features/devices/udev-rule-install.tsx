import { useState } from 'react';
import type { UdevInstallResult } from '../../../shared/contract';
import { udevInstallCommandLine, udevRuleInstallPath, udevRulesText } from '../../../shared/udev-rule';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';

type Shown =
  | { readonly kind: 'idle' | 'running' }
  | { readonly kind: 'done'; readonly result: UdevInstallResult }
  | {
      readonly kind: 'error';
      readonly text: string;
    };

const outcomeText: Record<UdevInstallResult['outcome'], string> = {
  // The board list reads a board again when it arrives: a replug shows it with its new access.
  installed: 'Rule installed and udev reloaded. Unplug and replug the board, then program it.',
  cancelled: 'Cancelled: the password dialog was closed, nothing was changed.',
  failed: 'The rule was not installed:',
};

/**
 * Linux: the udev rule file, the exact command "Install rule" runs (pkexec asks for a password), the button, and
 * what came of it. Nothing runs before the click.
 */
export function UdevRuleInstall() {
  const client = useClient();
  const [shown, setShown] = useState<Shown>({ kind: 'idle' });
  const install = () => {
    setShown({ kind: 'running' });
    client.request('access.installUdevRule', {}).then(
      (result) => setShown({ kind: 'done', result }),
      (error: unknown) =>
        setShown({
          kind: 'error',
          text: error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error),
        }),
    );
  };
  return (
    <div className="udev-rule-install">
      <p>
        The rule file, <code>{udevRuleInstallPath}</code>:
      </p>
      <pre className="mono fix-snippet" aria-label="udev rule file">
        {udevRulesText}
      </pre>
      <p>
        “Install rule” runs this command, after your password (in a terminal, use sudo in place of pkexec):
      </p>
      <pre className="mono fix-snippet" aria-label="install command">
        {udevInstallCommandLine('pkexec')}
      </pre>
      <button type="button" onClick={install} disabled={shown.kind === 'running'}>
        {shown.kind === 'running' ? 'Installing…' : 'Install rule'}
      </button>
      {shown.kind === 'done' && (
        <div role="status">
          <p>{outcomeText[shown.result.outcome]}</p>
          {shown.result.outcome === 'failed' && <pre className="mono fix-snippet">{shown.result.output}</pre>}
        </div>
      )}
      {shown.kind === 'error' && <p role="alert">{shown.text}</p>}
    </div>
  );
}
