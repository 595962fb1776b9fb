import { isCubeProgrammerForm } from './cubeprogrammer-form';

/** The words that make an app launch a command line: the CLI's commands and its global options. */
export const cliLaunchWords: ReadonlySet<string> = new Set([
  'serve',
  'check',
  'program',
  'verify',
  'list',
  'board',
  'recipe',
  'factory',
  'image',
  'doctor',
  'help',
  '--help',
  '-h',
  '--version',
  '-V',
]);

/**
 * The CLI arguments when the app was started as a command, or null for a normal launch (the window).
 * Packaged, argv is `[app, ...args]`; run by an Electron binary (`electron .`, `process.defaultApp`), it is
 * `[electron, app path, ...args]`. A command is `--` then anything, a CLI command or global option first, or
 * the STM32CubeProgrammer form (`-c port=usb1 -w layout.tsv`). Anything else (no argument, a Chromium switch,
 * a file the desktop passes) opens the window.
 */
export function cliArgsOfAppLaunch(argv: readonly string[], defaultApp: boolean): string[] | null {
  const args = argv.slice(defaultApp ? 2 : 1);
  const first = args[0];
  if (first === undefined) return null;
  if (first === '--') return args.slice(1);
  if (cliLaunchWords.has(first) || isCubeProgrammerForm(args)) return args;
  return null;
}
