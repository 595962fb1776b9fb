import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { repositoryRoot } from '../../../engine/layout/test-support/layout-images';

const launcher = path.join(repositoryRoot, 'bin', 'stm32mp-flasher.js');
const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let runs = 0;

export interface TmuxRun {
  /** The final screen, wrapped rows joined (`capture-pane -J`), blank lines left out. */
  readonly screen: string[];
  /** Every byte the command wrote to its terminal (`pipe-pane`), escape sequences included. */
  readonly raw: string;
}

export interface TmuxRunOptions {
  readonly columns: number;
  /** The command line after the launcher (`program …`), already quoted for `sh`. */
  readonly args: string;
  /** `NAME=value` words put before the command (NO_COLOR is unset unless given here). */
  readonly env?: readonly string[];
  /** Called with the screen while the command runs; when it answers a width, the pane is resized to it. */
  readonly resizeWhen?: (screen: string) => number | null;
}

/**
 * Runs the built CLI in a real terminal (a detached tmux pane of `columns` columns, 60 rows) and answers its final
 * screen and raw output. The command waits on a tmux channel until `pipe-pane` is listening, so no byte escapes it.
 */
export async function runInTmux(options: TmuxRunOptions, dir: string): Promise<TmuxRun> {
  runs += 1;
  const session = `stm32mp-${process.pid}-${runs}`;
  const rawPath = path.join(dir, `${session}.raw`);
  const env = ['env -u NO_COLOR TERM=xterm', ...(options.env ?? [])].join(' ');
  const command = [
    `tmux wait-for ${session};`,
    `${env} '${process.execPath}' '${launcher}' ${options.args}; echo "EXIT=$?"; sleep 60`,
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', String(options.columns), '-y', '60', command);
  try {
    tmux('pipe-pane', '-o', '-t', session, `cat > '${rawPath}'`);
    tmux('wait-for', '-S', session);
    for (let waited = 0; waited < 60_000; waited += 50) {
      const screen = tmux('capture-pane', '-p', '-J', '-t', session);
      const raw = await readFile(rawPath, 'latin1').catch(() => '');
      if (/^EXIT=\d+$/m.test(screen) && /EXIT=\d+/.test(raw))
        return { screen: screen.split('\n').filter((line) => line.trim() !== ''), raw };
      const width = options.resizeWhen?.(screen) ?? null;
      if (width !== null) tmux('resize-window', '-t', session, '-x', String(width));
      await sleep(50);
    }
    throw new Error(`no end in 60 s:\n${tmux('capture-pane', '-p', '-t', session)}`);
  } finally {
    tmux('kill-session', '-t', session);
  }
}
