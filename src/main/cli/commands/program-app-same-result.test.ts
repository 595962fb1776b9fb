import { Command } from 'commander';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../../shared/program-events';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { folderPolicy } from '../../services/file-access-policy';
import { SettingsStore } from '../../services/settings-store';
import { composeApp } from '../../compose/compose-app';
import { normalizeSimArgs, registerSimOptions, type SimOptions } from '../../compose/sim/sim-options';

const dk1 = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir = '';
let layoutPath = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layoutPath = (await stageLayout(dk1, dir, 'mp15')).layoutPath;
});
afterAll(async () => {
  await removeTempDir(dir);
});

const sim = (fault: string, storage: string) => [
  '--sim',
  '--sim-speed',
  'fast',
  '--sim-fault',
  fault,
  '--sim-storage',
  path.join(dir, storage),
];

async function throughCli(fault: string): Promise<ResultEvent> {
  const io = fakeCliIo({ cwd: dir });
  const args = [
    'program',
    layoutPath,
    '--json',
    ...sim(fault, `cli-${fault}`),
    '--reconnect-timeout',
    '1000',
  ];
  await runCli(args, io);
  return JSON.parse(io.out().trim().split('\n').at(-1) ?? '{}') as ResultEvent;
}

async function throughApp(fault: string): Promise<ResultEvent> {
  const app = composeApp({
    fileAccess: folderPolicy([dir]),
    transport: 'browser-shell',
    platform: process.platform,
    cwd: dir,
    settings: SettingsStore.inMemory(),
  });
  try {
    const command = registerSimOptions(new Command('serve').exitOverride());
    command.parse(normalizeSimArgs(sim(fault, `app-${fault}`)), { from: 'user' });
    await app.startSimulation(command.opts<SimOptions>());
    const result = new Promise<ResultEvent>((resolve) =>
      app.services.server.onEvent((name, payload) => {
        if (name !== 'program.event') return;
        const { event } = payload as { event: ProgramEvent };
        if (event.type === 'result') resolve(event);
      }),
    );
    app.services.programs.start({ boardId: 'virtual-1', layoutPath, reconnectTimeoutMs: 1000 });
    return await result;
  } finally {
    await app.close();
  }
}

describe('the CLI’s program and the app reach the board through the same function', () => {
  it.each(['no-return', 'bad-status=0x22', 'full-speed,no-return'])(
    '--sim-fault %s ends with the same code, warnings and hints in both',
    async (fault) => {
      const [cli, app] = await Promise.all([throughCli(fault), throughApp(fault)]);
      expect(cli.ok).toBe(false);
      expect({ code: app.code, warnings: app.warnings, hints: app.hints }).toEqual({
        code: cli.code,
        warnings: cli.warnings,
        hints: cli.hints,
      });
    },
  );
});
