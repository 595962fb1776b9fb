import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDir } from '../../engine/layout/test-support/layout-images';
import { runCli } from '../cli-program';
import { fakeCliIo } from '../fake-cli-io';
import { stageLayout } from '../program/test-support/staged-fixture';
import { escapeControls, jsonForTerminal } from './terminal-safe';

const osc = '\u001b]0;pwned\u0007';
const clear = '\u001b[2J';
/** Any control character but tab and newline. */
// eslint-disable-next-line no-control-regex -- what must never reach the terminal
const raw = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

let dir = '';
let layout = '';

beforeAll(async () => {
  dir = await makeTempDir();
  layout = (await stageLayout('stm32mp157a-dk1-sdcard-trusted-blog.tsv', dir, 'mp15')).layoutPath;
  const text = await readFile(layout, 'utf8');
  // The rootfs line's Name is a title change and a screen clear (14 bytes: U-Boot takes up to 16).
  await writeFile(layout, text.replace(/\trootfs\t/, `\t${osc}${clear}\t`));
  expect(await readFile(layout, 'utf8')).toContain(osc);
});
afterAll(async () => {
  await removeTempDir(dir);
});

describe('control characters from files', () => {
  it('are shown escaped: C0 but tab and newline, DEL, C1', () => {
    expect(escapeControls(`a${osc}${clear}b`)).toBe('a\\x1b]0;pwned\\x07\\x1b[2Jb');
    expect(escapeControls('\r\u0000\u007f\u009b\tok\n')).toBe('\\x0d\\x00\\x7f\\x9b\tok\n');
    expect(escapeControls('plain – ünïcode')).toBe('plain – ünïcode');
  });

  it('stay JSON in JSON output', () => {
    const text = jsonForTerminal({ name: `x${osc}\u009b` });
    expect(text).not.toMatch(raw);
    expect(JSON.parse(text)).toEqual({ name: `x${osc}\u009b` });
  });

  it('never reach the terminal raw from check', async () => {
    const io = fakeCliIo({ cwd: dir });
    await runCli(['check', layout], io);
    expect(io.out()).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(io.out() + io.err()).not.toMatch(raw);
    const json = fakeCliIo({ cwd: dir });
    await runCli(['check', layout, '--json'], json);
    expect(json.out()).not.toMatch(raw);
    expect(JSON.stringify(JSON.parse(json.out()))).toContain('\\u001b]0;pwned');
  });

  it('never reach the terminal raw from program, on a terminal or not', async () => {
    for (const isTTY of [false, true]) {
      const io = fakeCliIo({ cwd: dir, isTTY });
      const storage = path.join(dir, `storage-${String(isTTY)}`);
      const code = await runCli(
        ['program', layout, '--sim', '--sim-speed', 'fast', '--sim-storage', storage],
        io,
      );
      expect(code).toBe(0);
      expect(io.out()).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
      // The live area's own redraws (`\r`, cursor up, erase line, erase below) and the outcome colours are the
      // only controls the view prints.
      const own = io
        .out()
        .replaceAll('\r', '')
        .replace(new RegExp(`${String.fromCharCode(0x1b)}\\[(?:\\d+A|2K|J|0m|3[123]m)`, 'g'), '');
      expect(own + io.err()).not.toMatch(raw);
    }
  });
});
