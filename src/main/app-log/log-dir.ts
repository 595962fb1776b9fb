import os from 'node:os';
import path from 'node:path';
import { appIdentity } from '../app-identity';

/** The log file's name in its folder; rotated copies add `.1`, `.2`, … */
export const appLogFileName = 'stm32mp-flasher.log';

/**
 * The OS's usual folder for this app's logs when Electron's `app.getPath('logs')` is not there (the CLI's
 * `serve`): `~/.local/state/stm32mp-flasher/logs` on Linux (or under `$XDG_STATE_HOME`),
 * `~/Library/Logs/STM32MP Flasher` on macOS, `%LOCALAPPDATA%\STM32MP Flasher\logs` on Windows.
 */
export function logDir(
  platform: string = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, appIdentity.name, 'logs');
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Logs', appIdentity.name);
  return path.join(env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'), 'stm32mp-flasher', 'logs');
}
