import { describe, expect, it } from 'vitest';
import { cliArgsOfAppLaunch, cliLaunchWords } from './app-launch-args';
import { runCli } from './cli-program';
import { fakeCliIo } from './fake-cli-io';

const packaged = '/opt/STM32MP Flasher/stm32mp-flasher';

describe('telling a command line from a normal launch of the app', () => {
  it('packaged: the words after the executable are the command', () => {
    expect(cliArgsOfAppLaunch([packaged, 'list', '--json'], false)).toEqual(['list', '--json']);
    expect(cliArgsOfAppLaunch([packaged, 'program', 'layout.tsv', '--all'], false)).toEqual([
      'program',
      'layout.tsv',
      '--all',
    ]);
    expect(cliArgsOfAppLaunch([packaged, '--version'], false)).toEqual(['--version']);
  });

  it('run by an Electron binary (`electron .`): the app path is skipped', () => {
    expect(cliArgsOfAppLaunch(['/usr/bin/electron', '.', 'check', 'a.tsv'], true)).toEqual([
      'check',
      'a.tsv',
    ]);
    expect(cliArgsOfAppLaunch(['/usr/bin/electron', '.'], true)).toBeNull();
  });

  it('`--` makes anything after it a command line, even nothing', () => {
    expect(cliArgsOfAppLaunch([packaged, '--', 'list'], false)).toEqual(['list']);
    expect(cliArgsOfAppLaunch([packaged, '--'], false)).toEqual([]);
  });

  it('takes the STM32CubeProgrammer form as a command line', () => {
    expect(cliArgsOfAppLaunch([packaged, '-c', 'port=usb1', '-w', 'layout.tsv'], false)).toEqual([
      '-c',
      'port=usb1',
      '-w',
      'layout.tsv',
    ]);
  });

  it('opens the window with no argument, a Chromium switch or a file from the desktop', () => {
    expect(cliArgsOfAppLaunch([packaged], false)).toBeNull();
    expect(cliArgsOfAppLaunch([packaged, '--no-sandbox'], false)).toBeNull();
    expect(cliArgsOfAppLaunch([packaged, '/home/me/layout.tsv'], false)).toBeNull();
  });

  it('knows every command the CLI has', async () => {
    const io = fakeCliIo();
    await runCli(['--help'], io);
    const commands = [...io.out().matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((match) => match[1] ?? '');
    expect(commands.length).toBeGreaterThan(4);
    for (const command of commands) expect(cliLaunchWords.has(command), command).toBe(true);
  });
});
