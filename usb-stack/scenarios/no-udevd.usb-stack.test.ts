import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProgramEvent, ResultEvent } from '../../src/shared/program-events';
import { readBackMemories } from '../../src/main/cli/program/test-support/memory-readback';
import { bootGuest, type GuestRun } from '../harness/boot-guest';
import { saveBoardLogs, stageBoard, type StagedBoard } from '../harness/staged-board';

/**
 * Found by this harness: npm `usb`'s libusb is built with udev and learns of new devices only from udevd's events.
 * On a Linux without udevd (a container, a minimal system) our CLI never sees a board that re-enumerated, while
 * dfu-util (a new libusb context per run) does. The guest boots without udevd: the run must warn before sending
 * anything and blame the missing udevd first; once udevd is started, the same CLI programs the next board.
 */
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const boards: StagedBoard[] = [];
let guest: GuestRun;

const program = (name: string, serial: string | null): string =>
  `node /app/bin/stm32mp-flasher.js program /work/${name}/layout/${fixture} --device ${serial} --json --console none --reconnect-timeout 8000`;

beforeAll(async () => {
  const payloadDir = mkdtempSync(path.join(tmpdir(), 'stm32mp-usb-stack-payload-'));
  for (const [index, name] of ['blind', 'with-udevd'].entries())
    boards.push(
      await stageBoard({
        fixture,
        soc: 'mp15',
        payloadDir,
        payloadName: name,
        boardNumber: index + 1,
        simArgs: ['--sim-speed', 'fast', '--sim-firmware', '2019'],
      }),
    );
  const [blind, withUdevd] = boards;
  guest = await bootGuest(inject('guestImage'), {
    name: 'no-udevd',
    kernelArgs: 'no-udevd',
    script: [
      ...boards.map((board) => `wait_for "|${board.serial}"`),
      'section udevd-before sh -c "ls /run/udev/control 2>&1; exit 0"',
      `section blind ${program('blind', blind?.serial ?? null)}`,
      '/lib/systemd/systemd-udevd --daemon --resolve-names=never',
      'udevadm settle --timeout=10',
      `section with-udevd ${program('with-udevd', withUdevd?.serial ?? null)}`,
    ].join('\n'),
    payloadDir,
    redirPorts: boards.map((board) => board.board.port),
    timeoutMs: 200_000,
    artifactsDir: inject('artifactsDir'),
  });
}, 300_000);

afterAll(async () => {
  for (const board of boards) await board.board.stop();
  saveBoardLogs(inject('artifactsDir'), 'no-udevd', boards);
});

function eventsOf(name: string): ProgramEvent[] {
  const section = guest.sections.get(name);
  if (section === undefined) throw new Error(`no section ${name}:\n${guest.serial.slice(-3000)}`);
  return section.output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as ProgramEvent);
}

describe('Linux without udevd (our CLI in a guest that runs none)', () => {
  it('warns UDEV_NOT_RUNNING before anything is sent, and blames it first when the board is not seen again', () => {
    expect(guest.sections.get('udevd-before')?.output).toMatch(/No such file or directory/);
    const events = eventsOf('blind');
    const warning = events.findIndex(
      (event) => event.type === 'warning' && event.code === 'UDEV_NOT_RUNNING',
    );
    expect(warning).toBeGreaterThanOrEqual(0);
    expect(events.slice(0, warning).some((event) => event.type === 'partition-progress')).toBe(false);
    const result = events.at(-1) as ResultEvent;
    expect(result).toMatchObject({ type: 'result', ok: false, code: 'DEVICE_NEVER_RETURNED' });
    expect(result.warnings).toContain('UDEV_NOT_RUNNING');
    expect(result.hints[0]).toMatch(/No udev daemon runs on this computer/);
  });

  it('with udevd started, the same CLI follows the next board through every stage', async () => {
    const result = eventsOf('with-udevd').at(-1) as ResultEvent;
    expect(result).toMatchObject({ type: 'result', ok: true, code: null, warnings: [] });
    const board = boards[1];
    if (board === undefined) throw new Error('board not started');
    const readback = await readBackMemories(fixture, board.staged, board.storage);
    for (const image of readback.images) expect(image.equal, image.name).toBe(true);
  });
});
