import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareGuestImage } from '../usb-stack/guest-image/prepare-guest-image';
import { bootGuest } from '../usb-stack/harness/boot-guest';
import { hostTimePerBlock, parseControlTrace, quantile } from '../usb-stack/harness/control-trace';
import { saveBoardLogs, stageBoard, type StagedBoard } from '../usb-stack/harness/staged-board';
import { repositoryRoot } from '../src/main/engine/layout/test-support/layout-images';
import type { BenchEntry, BenchResult } from './bench-entry';

const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
const runs = ['cli', 'script', 'cli-profiled'] as const;

/**
 * Issue 21 item 6: in one guest boot, three realistic MP15 boards with the DK1 blog layout (2019 firmware, 64 KiB
 * images). Our CLI programs the first; a dfu-util script led by GetPhase programs the second and sleeps a fixed
 * second after each download, as scripts written from ST's wiki page do; our CLI under `--cpu-prof` programs the
 * third, for the profile. Wall time is the guest's (/proc/uptime); time per block is the host's, from each
 * board's usbredir trace.
 */
async function run(): Promise<BenchResult[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'stm32mp-usb-stack-bench-'));
  const artifactsDir = path.join(repositoryRoot, 'usb-stack', 'artifacts');
  const boards: StagedBoard[] = [];
  try {
    const image = prepareGuestImage(path.join(work, 'app.cpio'));
    const payloadDir = path.join(work, 'payload');
    for (const [index, name] of runs.entries())
      boards.push(
        await stageBoard({
          fixture,
          soc: 'mp15',
          payloadDir,
          payloadName: name,
          boardNumber: index + 1,
          simArgs: [
            ...['--sim-speed', 'realistic', '--sim-firmware', '2019'],
            ...['--usbredir-trace', path.join(work, `${name}.trace`)],
          ],
        }),
      );
    const serial = (index: number): string => boards[index]?.serial ?? '';
    const program = (name: string, index: number, node = 'node'): string =>
      `${node} /app/bin/stm32mp-flasher.js program /work/${name}/layout/${fixture} --device ${serial(index)} --json --console none`;
    const guest = await bootGuest(image, {
      name: 'bench',
      script: [
        '. /work/guest/phase-led-dfu-util.sh',
        'up() { cut -d" " -f1 /proc/uptime; }',
        ...boards.map((board) => `wait_for "|${board.serial}"`),
        `from=$(up); section cli ${program('cli', 0)}; echo "@@wall cli $from $(up)"`,
        `from=$(up); LISTINGS=0 SLEEP_AFTER_MANIFEST=1 section script phase_led_run script ${serial(1)} /work/script 0; echo "@@wall script $from $(up)"`,
        `section cli-profiled ${program('cli-profiled', 2, 'node --cpu-prof --cpu-prof-dir=/tmp/profile')}`,
        'section profile node /work/guest/cpu-profile-summary.mjs /tmp/profile',
      ].join('\n'),
      payloadDir,
      redirPorts: boards.map((board) => board.board.port),
      timeoutMs: 600_000,
      artifactsDir,
    });
    for (const board of boards) await board.board.stop();
    saveBoardLogs(artifactsDir, 'bench', boards);
    for (const name of runs)
      if (guest.sections.get(name)?.exitCode !== 0)
        throw new Error(
          `the ${name} run failed:\n${guest.sections.get(name)?.output ?? guest.serial.slice(-3000)}`,
        );
    const wall = (name: string): number => {
      const match = new RegExp(`^@@wall ${name} ([\\d.]+) ([\\d.]+)$`, 'm').exec(guest.serial);
      return Number(match?.[2]) - Number(match?.[1]);
    };
    const perBlock = (name: string): number[] =>
      hostTimePerBlock(parseControlTrace(readFileSync(path.join(work, `${name}.trace`), 'utf8')));
    const cli = perBlock('cli');
    const script = perBlock('script');
    const profiled = perBlock('cli-profiled');
    process.stderr.write(`${guest.sections.get('profile')?.output ?? ''}\n`);
    const median = (figures: number[]): number => quantile(figures, 0.5);
    return [
      {
        metric: 'usb_stack_boot_s',
        value: guest.uptimes['modules'] ?? Number.NaN,
        unit: 's',
        note: 'guest uptime when USB is up (TCG)',
      },
      {
        metric: 'usb_stack_wall_cli_s',
        value: wall('cli'),
        unit: 's',
        note: 'our CLI, whole DK1 layout, realistic MP15',
      },
      {
        metric: 'usb_stack_wall_script_s',
        value: wall('script'),
        unit: 's',
        note: 'dfu-util script, 1 s after each download',
      },
      { metric: 'usb_stack_wall_ratio', value: wall('cli') / wall('script'), unit: 'x', target: '<= 1' },
      {
        metric: 'usb_stack_block_cli_ms',
        value: median(cli),
        unit: 'ms',
        note: `median of ${cli.length} blocks; p90 ${quantile(cli, 0.9).toFixed(2)}`,
      },
      {
        metric: 'usb_stack_block_script_ms',
        value: median(script),
        unit: 'ms',
        note: `median of ${script.length} blocks; p90 ${quantile(script, 0.9).toFixed(2)}`,
      },
      {
        metric: 'usb_stack_block_ratio',
        value: median(cli) / median(script),
        unit: 'x',
        note: 'host time per block, CLI / dfu-util',
      },
      {
        metric: 'usb_stack_block_profiled_ms',
        value: median(profiled),
        unit: 'ms',
        note: 'our CLI under --cpu-prof (the profile is in usb-stack/artifacts/bench/profile.log)',
      },
    ];
  } finally {
    for (const board of boards) await board.board.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const entry: BenchEntry = { name: 'usb-stack (real kernel in QEMU)', run };
export default entry;
