import { useEffect, useState } from 'react';
import type { WindowsDriverInstallerInfo, WindowsDriverInstallResult } from '../../../shared/contract';
import { useClient } from '../../transport/client-context';
import { InstallOutcome, useInstallAction } from './install-action';

const outcomeText: Record<WindowsDriverInstallResult['outcome'], string> = {
  done: 'ST’s installer ran and ended without an error. Unplug and replug the board: it should show without “no driver”. If it still does, bind WinUSB with one of the steps above.',
  declined: 'Declined at Windows’ administrator prompt: nothing was installed.',
  failed: 'ST’s installer did not finish:',
};

/**
 * Windows, with STM32CubeProgrammer installed: ST's own DFU driver installer, what it does, the exact command
 * "Install ST's DFU driver" runs (Windows asks for administrator rights), the button and what came of it. Shown
 * only when the main side found the installer; nothing runs before the click.
 */
export function StDriverInstall() {
  const client = useClient();
  const [found, setFound] = useState<WindowsDriverInstallerInfo | null>(null);
  const { shown, install } = useInstallAction(() => client.request('access.installWindowsDriver', {}));
  useEffect(() => {
    let live = true;
    client.request('access.windowsDriverInstaller', {}).then(
      (info) => {
        if (live) setFound(info);
      },
      // No installer to offer: the steps above stay the whole fix.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  if (found?.installer == null || found.command === null) return null;
  return (
    <div className="st-driver-install">
      <p>
        STM32CubeProgrammer is installed here, with ST’s signed DFU driver installer,{' '}
        <code>{found.installer}</code>. It adds ST’s “STM32 Bootloader” driver package to Windows for the
        board (USB 0483:df11). Windows asks for administrator rights first; afterwards, unplug and replug the
        board.
      </p>
      <p>“Install ST’s DFU driver” runs this command (the same from a Command Prompt):</p>
      <pre className="mono fix-snippet" aria-label="driver install command">
        {found.command}
      </pre>
      <button type="button" onClick={install} disabled={shown.kind === 'running'}>
        {shown.kind === 'running'
          ? 'Installing… (answer Windows’ prompt)'
          : 'Install ST’s DFU driver (administrator)'}
      </button>
      <InstallOutcome shown={shown} outcomeText={outcomeText} />
    </div>
  );
}
