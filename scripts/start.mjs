// `npm start`: build, then launch the desktop app in Electron. Where the Electron runtime or a display is
// missing, say so plainly and name the browser shell instead (no stack trace).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const alternative =
  'Run the app in your web browser instead:\n  npx stm32mp-flasher serve\nthen open the printed http://127.0.0.1:... address.';

function stop(reason) {
  process.stderr.write(`STM32MP Flasher cannot start the desktop window: ${reason}\n${alternative}\n`);
  process.exit(1);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The electron package resolves (and on first use downloads) its runtime; capture that attempt's noise.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: root,
  encoding: 'utf8',
  timeout: 120_000,
});
if (probe.status !== 0 || probe.stdout.length === 0) {
  stop('the Electron runtime is not installed and could not be downloaded (no internet access?).');
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  stop('there is no display (DISPLAY and WAYLAND_DISPLAY are not set).');
}
const app = spawn(probe.stdout, ['.'], { cwd: root, stdio: 'inherit' });
app.on('error', (error) => stop(`launching Electron failed (${error.message}).`));
app.on('exit', (code) => process.exit(code ?? 0));
