import { cliArgsOfAppLaunch } from './cli/app-launch-args';

/**
 * The packaged app's entry (Electron's main process). Started with a command (`stm32mp-flasher list --json`,
 * or `"STM32MP Flasher" -- list`) it runs the CLI without a window and exits with the command's code: with the
 * RunAsNode fuse off, this is how the installed app serves its command line. Otherwise, the window.
 */
async function main(): Promise<void> {
  const cliArgs = cliArgsOfAppLaunch(process.argv, process.defaultApp === true);
  if (cliArgs === null) {
    await import('./electron/main');
    return;
  }
  const { runCliProcess } = await import('./cli/cli-process');
  const code = await runCliProcess(cliArgs);
  // Electron does not exit when the event loop empties: exit once stdout has taken the last line.
  process.stdout.write('', () => process.exit(code));
}

void main();
