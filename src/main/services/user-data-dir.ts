import os from 'node:os';
import path from 'node:path';
import { appIdentity } from '../app-identity';

/**
 * The OS's user-data folder of this app, the same one Electron's `app.getPath('userData')` names, so the
 * desktop app and `serve` share their settings: `~/.config/STM32MP Flasher` on Linux (or under
 * `$XDG_CONFIG_HOME`), `~/Library/Application Support/STM32MP Flasher` on macOS, `%APPDATA%\STM32MP Flasher`
 * on Windows.
 */
export function userDataDir(
  platform: string = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), appIdentity.name);
  }
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', appIdentity.name);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), appIdentity.name);
}
