import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ResultEvent } from '../../src/shared/program-events';
import { expectLayoutInMemories } from '../../src/main/cli/program/test-support/expect-layout-in-memories';
import { stageFastFixture } from '../../src/main/cli/program/test-support/fast-path-fixture';
import { bootGuest, type GuestRun } from '../harness/boot-guest';
import { portReport, sectionOf } from '../harness/guest-output';
import type { GuestSection } from '../harness/guest-sections';
import { saveBoardLogs, stageBoard, type StagedBoard } from '../harness/staged-board';

/**
 * Our own CLI inside the guest takes the whole fast path through LibusbBackend on a real kernel: TF-A and the FIP
 * over DFU, the script image on U-Boot's alt 0, DETACH, the board followed to 0483:0afb, `oem format` and every
 * partition over fastboot's bulk endpoints. Two MP15 boards with a fastboot-sdcard FIP (U-Boot 2023.10-stm32mp-r1,
 * fastboot on mmc0), one at High Speed (512-byte bulk packets) and one at Full Speed (64).
 */
const fixture = 'stm32mp157c-ev1-sdcard-fwu-pe-tfa-ci-2024.tsv';
const boardsSpec = [
  { name: 'high', faults: [] },
  { name: 'full', faults: ['full-speed'] },
] as const;

const boards: StagedBoard[] = [];
let guest: GuestRun;

function program(name: string, serial: string): string {
  return `node /app/bin/stm32mp-flasher.js program /work/${name}/layout/${fixture} --device ${serial} --json --console none --fast on`;
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
        simArgs: ['--sim-speed', 'fast', ...spec.faults.flatMap((fault) => ['--sim-fault', fault])],
        stage: (name, dir, soc) => stageFastFixture({ fixture: name, soc, fastboot: 'sdcard' }, dir),
      }),
    );
  const serial = (index: number): string => boards[index]?.serial ?? '';
  guest = await bootGuest(inject('guestImage'), {
    name: 'our-cli-fast',
    script: [
      `for s in ${serial(0)} ${serial(1)}; do wait_for "|$s"; done`,
      `section high ${program('high', serial(0))}`,
      `section full ${program('full', serial(1))}`,
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
  saveBoardLogs(inject('artifactsDir'), 'our-cli-fast', boards);
});

const section = (name: string): GuestSection => sectionOf(guest, name);

/** The run's JSON events (`--json`: one per line). */
function eventsOf(name: string): { type: string; stage?: string }[] {
  return section(name)
    .output.split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; stage?: string });
}

describe('our CLI in the guest takes the fast path through libusb (--fast on)', () => {
  it.each(boardsSpec.map((spec, index) => ({ ...spec, index })))(
    '$name speed: DFU to U-Boot, the switch, every partition over fastboot; the SD card holds the layout',
    async ({ name, index, faults }) => {
      const events = eventsOf(name);
      const result = events.at(-1) as unknown as ResultEvent;
      expect(result, section(name).output.slice(-3000)).toMatchObject({ ok: true, code: null });
      expect(section(name).exitCode).toBe(0);
      if (faults.length > 0) expect(result.warnings).toContain('LINK_FULL_SPEED');
      const stages = events.flatMap((event) => (event.type === 'stage' ? [event.stage] : []));
      expect(stages.slice(-3)).toEqual(['uboot-layout', 'uboot-fastboot', 'done']);
      expect(result.partitions.every((partition) => partition.status === 'written')).toBe(true);
      const board = boards[index]!;
      await expectLayoutInMemories(fixture, board.staged, board.storage);
    },
  );

  it('the kernel enumerated each board once as 0483:0afb, without a USB error', () => {
    boardsSpec.forEach((_spec, index) => {
      const report = portReport(section('dmesg').output, `1-${index + 1}`);
      expect(report.enumerations('0483:0afb'), `1-${index + 1}`).toHaveLength(1);
      expect(report.errors, `1-${index + 1}`).toEqual([]);
    });
  });
});
