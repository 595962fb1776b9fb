import { execFileSync, spawn } from 'node:child_process';
import { type FileHandle, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stationCsvHeader, stationRecordCells, stationRecordToCsvRow } from '../../../shared/station-record';
import { NotARegularFileError } from '../files/file-kind';
import { readStationLog } from './read-station-log';
import { StationLog } from './station-log';
import { parseStationCsv, stationRecord } from './test-support/station-records';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'stm32mp-station-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const jsonlOf = (folder: string): string => path.join(folder, 'station.jsonl');
const csvOf = (folder: string): string => path.join(folder, 'station.csv');

describe('StationLog', () => {
  it('writes records a reader gets back whole, in both files, creating nested folders', async () => {
    const folder = path.join(dir, 'logs', '2026-12');
    const records = [
      stationRecord(1),
      stationRecord(2, {
        result: 'FAIL',
        code: 'DEVICE_NEVER_RETURNED',
        hint: 'Check the cable.',
        serial: null,
        soc: null,
        revision: null,
        recipeId: null,
        layoutSha256: null,
        imageSha256: {},
        partitions: [{ id: 0x01, name: 'fsbl1', bytes: 4096, ms: 12, status: 'failed' }],
      }),
    ];
    const log = await StationLog.open(folder, { baseName: 'station' });
    for (const record of records) await log.append(record);
    await log.close();

    expect(await readStationLog(jsonlOf(folder))).toEqual({ records, skipped: [] });
    const csv = await readFile(csvOf(folder), 'utf8');
    expect(csv).toBe(stationCsvHeader() + records.map(stationRecordToCsvRow).join(''));
    const rows = parseStationCsv(csv);
    expect(rows.map((row) => Object.values(row))).toEqual(records.map(stationRecordCells));
    expect(rows[1]).toMatchObject({ result: 'FAIL', code: 'DEVICE_NEVER_RETURNED', serial: '', soc: '' });
    expect(rows[0]?.partitions).toBe(
      '0x01 fsbl1 written 262144 B 850 ms; 0x03 ssbl written 1048576 B 2100 ms',
    );
  });

  it('quotes commas, quotes and line ends in a CSV cell as RFC 4180 asks, and defuses formulas', async () => {
    const hint = 'Unplug the board, then "replug" it;\nthen retry.\r\nStill failing? Call 3,4.';
    const record = stationRecord(1, { result: 'FAIL', code: 'DEVICE_TRANSFER_ERROR', hint, serial: '=1+2' });
    const log = await StationLog.open(dir, { baseName: 'station' });
    await log.append(record);
    await log.close();

    const csv = await readFile(csvOf(dir), 'utf8');
    expect(csv).toContain(
      `,"Unplug the board, then ""replug"" it;\nthen retry.\r\nStill failing? Call 3,4.",`,
    );
    expect(csv).toContain(`,'=1+2,`);
    const [row] = parseStationCsv(csv);
    expect(row?.hint).toBe(hint);
    expect(row?.serial).toBe("'=1+2");
    expect((await readStationLog(jsonlOf(dir))).records[0]?.serial).toBe('=1+2');
  });

  it('writes the CSV header once, when the file is new', async () => {
    for (const n of [1, 2]) {
      const log = await StationLog.open(dir, { baseName: 'station' });
      await log.append(stationRecord(n));
      await log.close();
    }
    const csv = await readFile(csvOf(dir), 'utf8');
    expect(csv.split(stationCsvHeader())).toHaveLength(2);
    expect(parseStationCsv(csv).map((row) => row.boardId)).toEqual(['board-1', 'board-2']);
  });

  it('resolves an append only after both files were flushed (fsync), and flushes a folder it creates', async () => {
    const probe = await open(path.join(dir, 'probe'), 'w');
    const fileHandle = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const synced: string[] = [];
    // A slow disk: a flush is counted when it ends.
    const sync = vi.spyOn(fileHandle, 'sync').mockImplementation(async function (this: FileHandle) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      synced.push(`fd ${this.fd}`);
    });
    try {
      const log = await StationLog.open(path.join(dir, 'new'), { baseName: 'station' });
      // The new folder and its parent.
      expect(synced).toHaveLength(2);
      synced.length = 0;
      await log.append(stationRecord(1));
      expect(new Set(synced).size).toBe(2);
      await log.close();
    } finally {
      sync.mockRestore();
    }
  });

  it('keeps 16 concurrent appends whole, one line each, in call order', async () => {
    const log = await StationLog.open(dir, { baseName: 'station' });
    const records = Array.from({ length: 16 }, (_, i) =>
      stationRecord(i + 1, { hint: 'x'.repeat(20_000 + i) }),
    );
    await Promise.all(records.map((record) => log.append(record)));
    await log.close();

    const lines = (await readFile(jsonlOf(dir), 'utf8')).split('\n');
    expect(lines).toHaveLength(17);
    expect(lines.at(-1)).toBe('');
    expect(await readStationLog(jsonlOf(dir))).toEqual({ records, skipped: [] });
    expect(parseStationCsv(await readFile(csvOf(dir), 'utf8')).map((row) => row.hint)).toEqual(
      records.map((record) => record.hint),
    );
  });

  it('rejects an invalid record without writing it, and goes on appending', async () => {
    const log = await StationLog.open(dir, { baseName: 'station' });
    await expect(log.append(stationRecord(1, { code: 'DEVICE_NEVER_RETURNED' }))).rejects.toThrow(/PASS/);
    await log.append(stationRecord(2));
    await log.close();
    await expect(log.append(stationRecord(3))).rejects.toThrow(/closed/);
    expect((await readStationLog(jsonlOf(dir))).records.map((r) => r.boardId)).toEqual(['board-2']);
  });

  it('starts the next record on its own line after a torn one, in both files', async () => {
    const first = stationRecord(1);
    const torn = stationRecord(2, { result: 'FAIL', code: 'DEVICE_UNPLUGGED', hint: 'line one\nline two' });
    const jsonLine = `${JSON.stringify(torn)}\n`;
    const csvRow = stationRecordToCsvRow(torn);
    // Cut inside the quoted hint, just after its line end: the CSV is left with a quote open.
    const csvCut = csvRow.indexOf('line one\n') + 'line one\n'.length;
    await writeFile(jsonlOf(dir), `${JSON.stringify(first)}\n${jsonLine.slice(0, jsonLine.length / 2)}`);
    await writeFile(csvOf(dir), stationCsvHeader() + stationRecordToCsvRow(first) + csvRow.slice(0, csvCut));

    const before = await readStationLog(jsonlOf(dir));
    expect(before.records).toEqual([first]);
    expect(before.skipped).toEqual([{ line: 2, reason: expect.stringMatching(/torn/) as unknown }]);

    const log = await StationLog.open(dir, { baseName: 'station' });
    const next = stationRecord(3);
    await log.append(next);
    await log.close();

    const after = await readStationLog(jsonlOf(dir));
    expect(after.records).toEqual([first, next]);
    expect(after.skipped).toEqual([{ line: 2, reason: expect.stringMatching(/^not JSON/) as unknown }]);
    const rows = parseStationCsv(await readFile(csvOf(dir), 'utf8'));
    expect(rows.map((row) => row.boardId)).toEqual(['board-1', 'board-2', 'board-3']);
    expect(Object.values(rows[2] ?? {})).toEqual(stationRecordCells(next));
  });

  it('refuses a folder or a pipe in a log file’s place, without waiting', async () => {
    await mkdir(jsonlOf(dir));
    await expect(StationLog.open(dir, { baseName: 'station' })).rejects.toBeInstanceOf(NotARegularFileError);
    await expect(readStationLog(jsonlOf(dir))).rejects.toBeInstanceOf(NotARegularFileError);
    if (process.platform === 'win32') return;
    const fifo = path.join(dir, 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    await expect(StationLog.open(dir, { baseName: 'fifo' })).rejects.toBeInstanceOf(NotARegularFileError);
    await expect(readStationLog(fifo)).rejects.toBeInstanceOf(NotARegularFileError);
  });
});

describe('readStationLog', () => {
  it('skips and reports what is not a record, by line number', async () => {
    const good = stationRecord(1);
    const text = [
      JSON.stringify(good),
      '',
      '{"schemaVersion":1}',
      'garbage',
      JSON.stringify({ ...good, soc: 'mp99' }),
      `${JSON.stringify(stationRecord(2))}\r`,
      '',
    ].join('\n');
    await writeFile(jsonlOf(dir), text);
    const { records, skipped } = await readStationLog(jsonlOf(dir));
    expect(records.map((r) => r.boardId)).toEqual(['board-1', 'board-2']);
    expect(skipped.map((s) => s.line)).toEqual([3, 4, 5]);
    expect(skipped[0]?.reason).toMatch(/^not a station record: /);
    expect(skipped[1]?.reason).toMatch(/^not JSON/);
    expect(skipped[2]?.reason).toMatch(/^not a station record: soc: /);
  });

  it('reads lines across its read chunks', async () => {
    const records = Array.from({ length: 40 }, (_, i) => stationRecord(i + 1, { hint: 'y'.repeat(70_000) }));
    await writeFile(jsonlOf(dir), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect(await readStationLog(jsonlOf(dir))).toEqual({ records, skipped: [] });
  });
});

describe('a station killed mid-stream (SIGKILL)', () => {
  it('leaves every record it reported appended in the log, and nothing a reader cannot skip', async () => {
    const child = path.join(dir, 'append-forever.mjs');
    await build({
      entryPoints: [path.join(import.meta.dirname, 'test-support/append-forever.ts')],
      outfile: child,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'warning',
    });
    const folder = path.join(dir, 'log');
    const proc = spawn(process.execPath, [child, folder], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killed = new Promise<NodeJS.Signals | null>((resolve) =>
      proc.on('exit', (_, signal) => resolve(signal)),
    );
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (/appended 25\n/.test(stdout)) proc.kill('SIGKILL');
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), 4_000);
    const signal = await killed;
    clearTimeout(timer);
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');

    const reported = [...stdout.matchAll(/^appended (\d+)$/gm)].map((m) => Number(m[1]));
    expect(reported.length).toBeGreaterThanOrEqual(25);
    const { records, skipped } = await readStationLog(jsonlOf(folder));
    expect(skipped.length).toBeLessThanOrEqual(1);
    expect(records.length).toBeGreaterThanOrEqual(reported.length);
    const inLog = new Set(records.map((r) => r.boardId));
    for (const n of reported) expect(inLog.has(`board-${n}`)).toBe(true);
    const csvIds = new Set(parseStationCsv(await readFile(csvOf(folder), 'utf8')).map((row) => row.boardId));
    for (const n of reported) expect(csvIds.has(`board-${n}`)).toBe(true);

    // The station starts again on the same files: the next record is whole.
    const log = await StationLog.open(folder, { baseName: 'station' });
    await log.append(stationRecord(999));
    await log.close();
    const again = await readStationLog(jsonlOf(folder));
    expect(again.records.at(-1)?.boardId).toBe('board-999');
    expect(again.skipped).toEqual(skipped);
  }, 10_000);
});
