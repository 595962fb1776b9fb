import type { UdevInstallResult } from '../../../shared/contract';
import { udevInstallCommandLine, udevRuleInstallPath, udevRulesText } from '../../../shared/udev-rule';
import { useClient } from '../../transport/client-context';
import { InstallOutcome, useInstallAction } from './install-action';

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
  const { shown, install } = useInstallAction(() => client.request('access.installUdevRule', {}));
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
      <InstallOutcome shown={shown} outcomeText={outcomeText} />
    </div>
  );
}
