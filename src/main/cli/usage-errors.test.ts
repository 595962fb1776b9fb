import { describe, expect, it } from 'vitest';
import { runCli } from './cli-program';
import { exitCodes } from './exit-codes';
import { fakeCliIo } from './fake-cli-io';

/**
 * The README's exit codes for usage errors: every command, and the CubeProgrammer form, exits 2 with one line
 * on stderr that names what was wrong. No board is looked for (nothing here has a layout that exists).
 */
const cases: readonly (readonly [command: string, kind: string, argv: readonly string[], names: string])[] = [
  ['check', 'unknown option', ['check', 'a.tsv', '--bogus'], '--bogus'],
  ['check', 'missing argument', ['check'], 'layout.tsv'],
  ['check', 'missing option value', ['check', 'a.tsv', '--soc'], '--soc'],
  ['check', 'bad value', ['check', 'a.tsv', '--soc', 'mp99'], '--soc'],
  ['program', 'unknown option', ['program', 'a.tsv', '--bogus'], '--bogus'],
  ['program', 'missing argument', ['program'], 'layout.tsv'],
  ['program', 'missing option value', ['program', 'a.tsv', '--device'], '--device'],
  ['program', 'bad value', ['program', 'a.tsv', '--sim-speed', 'warp'], '--sim-speed'],
  ['program', 'bad board count', ['program', 'a.tsv', '--sim', '17'], '--sim'],
  ['list', 'unknown option', ['list', '--bogus'], '--bogus'],
  ['list', 'missing option value', ['list', '--sim-soc'], '--sim-soc'],
  ['list', 'bad value', ['list', '--sim-speed', 'warp'], '--sim-speed'],
  ['list', 'bad board count', ['list', '--sim=0'], '--sim'],
  ['serve', 'unknown option', ['serve', '--bogus'], '--bogus'],
  ['serve', 'missing option value', ['serve', '--port'], '--port'],
  ['serve', 'bad value', ['serve', '--sim-speed', 'warp'], '--sim-speed'],
  ['cubeprogrammer', 'unknown option', ['-c', 'port=usb1', '-w', 'a.tsv', '--bogus'], '--bogus'],
  ['cubeprogrammer', 'missing argument', ['-c', 'port=usb1', '-w'], '-w'],
  ['cubeprogrammer', 'bad value', ['-c', 'port=usb1', '-w', 'a.tsv', '-tm', 'soon'], '-tm'],
  [
    'cubeprogrammer',
    'bad sim value',
    ['-c', 'port=usb1', '-w', 'a.tsv', '--sim-speed', 'warp'],
    '--sim-speed',
  ],
];

describe('usage errors', () => {
  it.each(cases)('%s, %s: exit 2 and one line naming it', async (_command, _kind, argv, names) => {
    const io = fakeCliIo();
    expect(await runCli(argv, io)).toBe(exitCodes.cannotStart);
    const lines = io.err().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(names);
    expect(io.out()).toBe('');
  });
});

describe('--sim [boards], as --help shows it', () => {
  it('takes a following number as the count of boards', async () => {
    const io = fakeCliIo();
    expect(await runCli(['list', '--sim', '3', '--json'], io)).toBe(exitCodes.success);
    const listed = JSON.parse(io.out()) as { devices: unknown[] };
    expect(listed.devices).toHaveLength(3);
  });

  it('alone is one board, and leaves a following word to the command', async () => {
    const io = fakeCliIo();
    expect(await runCli(['list', '--sim', '--json'], io)).toBe(exitCodes.success);
    expect((JSON.parse(io.out()) as { devices: unknown[] }).devices).toHaveLength(1);
  });
});
