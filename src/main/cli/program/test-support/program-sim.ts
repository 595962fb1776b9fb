import path from 'node:path';
import type { Soc } from '../../../../shared/board';
import type { ProgramEvent } from '../../../../shared/program-events';
import { runCli } from '../../cli-program';
import { fakeCliIo } from '../../fake-cli-io';
import type { StagedFixture } from './staged-fixture';

/** `program --sim --json` of a staged layout with more arguments; its events, and the board's memories folder. */
export async function programSim(
  staged: StagedFixture,
  work: string,
  soc: Soc,
  extra: readonly string[],
  name = extra.join('').replace(/[^a-z0-9]+/gi, '-'),
): Promise<{ code: number; events: ProgramEvent[]; storage: string }> {
  const storage = path.join(work, `board${name}`);
  const io = fakeCliIo({ cwd: work });
  const args = ['program', staged.layoutPath, '--json', '--sim', '--sim-soc', soc, '--sim-speed', 'fast'];
  const code = await runCli([...args, '--sim-storage', storage, ...extra], io);
  const events = io
    .out()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ProgramEvent);
  return { code, events, storage };
}
