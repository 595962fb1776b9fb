import type { BoardSummary } from '../../shared/contract';
import type { LayoutCheckReport, LayoutPartitionReport } from '../../shared/layout';
import {
  programEventSchemaVersion,
  type ProgramEvent,
  type ProgramEventBody,
} from '../../shared/program-events';
import type { SlotView, StationView } from '../../shared/station';

/** A virtual STM32MP15 in its ROM stage, idle and openable, as `boards.list` reports it. */
export function board(overrides: Partial<BoardSummary> = {}): BoardSummary {
  return {
    id: 'board-1',
    virtual: true,
    slot: '1-1',
    serial: '004A00323137511139383538',
    soc: 'mp15',
    revision: '0x0000',
    stage: 'rom',
    speed: 'high',
    product: 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000',
    state: 'idle',
    access: 'ok',
    accessProblem: null,
    runId: null,
    reconnect: null,
    ...overrides,
  };
}

function line(
  lineNo: number,
  opt: string,
  id: number,
  name: string,
  ip: string,
  offset: string,
  binary: string,
  size: number,
): LayoutPartitionReport {
  return { line: lineNo, opt, id, name, type: 'Binary', ip, offset, binary, size: String(size), room: null };
}

/** The DK1 SD-card layout of the fixtures, as `layout.open` reports it. */
export function dk1Report(overrides: Partial<LayoutCheckReport> = {}): LayoutCheckReport {
  return {
    ok: true,
    layout: {
      path: '/work/layouts/FlashLayout_sdcard_stm32mp157a-dk1.tsv',
      baseDir: '/work/layouts',
      partitions: [
        line(2, '-', 0x01, 'fsbl1-boot', 'none', '0x0', 'tf-a-serialboot.stm32', 262_144),
        line(3, '-', 0x03, 'ssbl-boot', 'none', '0x0', 'u-boot.stm32', 1_048_576),
        line(4, 'P', 0x04, 'fsbl1', 'mmc0', '0x00004400', 'tf-a.stm32', 262_144),
        line(5, 'PD', 0x06, 'ssbl', 'mmc0', '0x00084400', 'u-boot.stm32', 1_048_576),
        line(6, 'P', 0x21, 'boot', 'mmc0', '0x00284400', 'bootfs.ext4', 4_194_304),
        line(7, 'P', 0x23, 'rootfs', 'mmc0', '0x05284400', 'rootfs.ext4', 8_388_608),
      ],
    },
    issues: [],
    ...overrides,
  };
}

/** A program event with the version and time stamped, as the session sends it. */
export function event(body: ProgramEventBody, elapsedMs: number): ProgramEvent {
  return { ...body, schemaVersion: programEventSchemaVersion, elapsedMs } as ProgramEvent;
}

/** A station slot as `station.get` reports it: idle, no board. */
export function slot(overrides: Partial<SlotView> = {}): SlotView {
  return {
    name: 'Slot 1',
    port: '1-1.1',
    state: 'idle',
    percent: null,
    secondsLeft: null,
    boardId: null,
    serial: null,
    elapsedMs: null,
    code: null,
    hint: null,
    ...overrides,
  };
}

/** A four-slot station, all idle, auto mode off, nothing counted yet. */
export function stationView(overrides: Partial<StationView> = {}): StationView {
  return {
    name: 'Line 2 · DK2 eMMC',
    auto: false,
    teaching: false,
    slots: [1, 2, 3, 4].map((n) => slot({ name: `Slot ${n}`, port: `1-1.${n}` })),
    counters: { passed: 0, failed: 0, yield: null, boardsPerHour: null },
    ...overrides,
  };
}
