import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ResultEvent } from '../../src/shared/program-events';
import { expectLayoutInMemories } from '../../src/main/cli/program/test-support/expect-layout-in-memories';
import { bootGuest, type GuestRun } from '../harness/boot-guest';
import { sectionOf } from '../harness/guest-output';
import type { GuestSection } from '../harness/guest-sections';
import { saveBoardLogs, stageBoard, type StagedBoard } from '../harness/staged-board';

/**
 * Our own CLI inside the guest, through LibusbBackend on the guest's real libusb, usbfs and xHCI: five MP15
 * boards on five usb-redir ports, running the DK1 blog layout (the 2019 flow, `.stm32` U-Boot).
 */
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const boardsSpec = [
  { name: 'dk1', faults: [] },
  { name: 'no-return', faults: ['no-return'] },
  { name: 'full-speed', faults: ['full-speed'] },
  { name: 'parallel-a', faults: [] },
  // No serial: the CLI finds it by its port and follows it by its slot (board-identity rules).
  { name: 'parallel-b', faults: ['no-serial'] },
] as const;

const boards: StagedBoard[] = [];
let guest: GuestRun;
const noReturnDeadlineMs = 5000;

function program(name: string, device: string, extra = ''): string {
  return `node /app/bin/stm32mp-flasher.js program /work/${name}/layout/${fixture} --device ${device} --json --console none ${extra}`;
}

beforeAll(async () => {
  const payloadDir = mkdtempSync(path.join(tmpdir(), 'stm32mp-usb-stack-payload-'));
  for (const [index, spec] of boardsSpec.entries())
    boards.push(
      await stageBoard({
        fixture,
        soc: 'mp15',
        payloadDir,
        payloadName: spec.name,
        boardNumber: index + 1,
        simArgs: [
          ...['--sim-speed', 'fast', '--sim-firmware', '2019'],
          ...spec.faults.flatMap((fault) => ['--sim-fault', fault]),
        ],
      }),
    );
  const serial = (index: number): string => boards[index]?.serial ?? '';
  guest = await bootGuest(inject('guestImage'), {
    name: 'our-cli',
    script: [
      `for s in ${serial(0)} ${serial(1)} ${serial(2)} ${serial(3)}; do wait_for "|$s"; done`,
      'wait_for "^1-5 0483:df11"',
      'section list node /app/bin/stm32mp-flasher.js list --json',
      `section dk1 ${program('dk1', serial(0))}`,
      `section no-return sh -c 'from=$(date +%s); ${program('no-return', serial(1), `--reconnect-timeout ${noReturnDeadlineMs}`)}; rc=$?; echo "elapsed-s $(($(date +%s) - from))"; exit $rc'`,
      `section full-speed ${program('full-speed', serial(2))}`,
      `${program('parallel-a', serial(3))} > /tmp/a.out 2>&1 & a=$!`,
      `${program('parallel-b', '1-5')} > /tmp/b.out 2>&1 & b=$!`,
      'wait $a; echo $? > /tmp/a.rc; wait $b; echo $? > /tmp/b.rc',
      'section parallel-a sh -c "cat /tmp/a.out; exit $(cat /tmp/a.rc)"',
      'section parallel-b sh -c "cat /tmp/b.out; exit $(cat /tmp/b.rc)"',
      'section dmesg dmesg',
    ].join('\n'),
    payloadDir,
    redirPorts: boards.map((board) => board.board.port),
    timeoutMs: 240_000,
    artifactsDir: inject('artifactsDir'),
  });
}, 300_000);

afterAll(async () => {
  for (const board of boards) await board.board.stop();
  saveBoardLogs(inject('artifactsDir'), 'our-cli', boards);
});

const section = (name: string): GuestSection => sectionOf(guest, name);

function resultOf(name: string): ResultEvent {
  const lines = section(name)
    .output.split('\n')
    .filter((line) => line.startsWith('{'));
  return JSON.parse(lines.at(-1) ?? '{}') as ResultEvent;
}

async function expectMemoriesHold(index: number): Promise<void> {
  const board = boards[index];
  if (board === undefined) throw new Error('board not started');
  await expectLayoutInMemories(fixture, board.staged, board.storage);
}

describe('our CLI in the guest (LibusbBackend on a real kernel)', () => {
  it('list --json shows every board in its ROM, with serial, port and link speed', () => {
    const listed = JSON.parse(section('list').output.trim().split('\n').at(-1) ?? '{}') as {
      devices: { port: string; stage: string; soc: string; serial: string | null; speed: string }[];
    };
    const byPort = new Map(listed.devices.map((device) => [device.port, device]));
    boards.forEach((board, index) => {
      const faults: readonly string[] = boardsSpec[index]?.faults ?? [];
      expect(byPort.get(`1-${index + 1}`), `port 1-${index + 1}`).toMatchObject({
        stage: 'rom',
        soc: 'mp15',
        serial: faults.includes('no-serial') ? null : board.serial,
        speed: faults.includes('full-speed') ? 'full' : 'high',
      });
    });
  });

  it('programs the DK1 layout across every re-enumeration; the memory holds it', async () => {
    expect(resultOf('dk1')).toMatchObject({ ok: true, code: null, warnings: [] });
    expect(section('dk1').exitCode).toBe(0);
    await expectMemoriesHold(0);
  });

  it('no-return: DEVICE_NEVER_RETURNED within the reconnect deadline', () => {
    expect(resultOf('no-return')).toMatchObject({ ok: false, code: 'DEVICE_NEVER_RETURNED' });
    expect(section('no-return').exitCode).not.toBe(0);
    const elapsed = Number(/^elapsed-s (\d+)$/m.exec(section('no-return').output)?.[1]);
    // The deadline, plus Node's start and the stages before it under TCG.
    expect(elapsed).toBeLessThan(noReturnDeadlineMs / 1000 + 30);
  });

  it('full-speed: the real kernel reports Full Speed, LINK_FULL_SPEED is warned, and the run succeeds', async () => {
    expect(resultOf('full-speed')).toMatchObject({ ok: true, code: null, warnings: ['LINK_FULL_SPEED'] });
    await expectMemoriesHold(2);
  });

  it('two boards programmed at once (one by serial, one without a serial by its port): nothing swapped', async () => {
    for (const name of ['parallel-a', 'parallel-b']) {
      expect(resultOf(name), name).toMatchObject({ ok: true, code: null });
      expect(section(name).exitCode, name).toBe(0);
    }
    await expectMemoriesHold(3);
    await expectMemoriesHold(4);
  });
});
