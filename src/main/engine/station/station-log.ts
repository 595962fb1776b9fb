import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  type StationRecord,
  csvLineEnd,
  stationCsvHeader,
  stationRecordSchema,
  stationRecordToCsvRow,
} from '../../../shared/station-record';
import { NotARegularFileError, kindOfStats } from '../files/file-kind';

export interface StationLogOptions {
  /** The files are `<baseName>.jsonl` and `<baseName>.csv` in the folder. */
  readonly baseName: string;
}

/**
 * The station log (issue 22 item 4): one JSON line and one CSV row per board attempt, in a folder the recipe or
 * the settings name. `append` resolves only once both lines are on disk (`fsync`), so a tile turned green after
 * it can never be a PASS without its record. Appends are queued: lines from 16 boards never mix. A line is one
 * `write` of the whole line; a line torn by a crash or power cut is closed before the next record, so readers skip
 * exactly that line (`readStationLog`).
 */
export class StationLog {
  readonly jsonlPath: string;
  readonly csvPath: string;
  readonly #jsonl: LogFile;
  readonly #csv: LogFile;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(jsonlPath: string, csvPath: string, jsonl: LogFile, csv: LogFile) {
    this.jsonlPath = jsonlPath;
    this.csvPath = csvPath;
    this.#jsonl = jsonl;
    this.#csv = csv;
  }

  /** Creates the folder and the files when missing; both are then on disk before this resolves. */
  static async open(folder: string, options: StationLogOptions): Promise<StationLog> {
    const createdFolder = await mkdir(folder, { recursive: true });
    const jsonlPath = path.join(folder, `${options.baseName}.jsonl`);
    const csvPath = path.join(folder, `${options.baseName}.csv`);
    const jsonl = await LogFile.open(jsonlPath, 'jsonl');
    let csv: LogFile;
    try {
      csv = await LogFile.open(csvPath, 'csv');
    } catch (error) {
      await jsonl.close();
      throw error;
    }
    try {
      // A new file's name lives in its folder, a new folder's in its parent: both are flushed too.
      if (jsonl.created || csv.created || createdFolder !== undefined) await syncFolder(folder);
      if (createdFolder !== undefined) {
        for (let dir = folder; ; dir = path.dirname(dir)) {
          await syncFolder(path.dirname(dir));
          const top = path.resolve(dir) === path.resolve(createdFolder) || path.dirname(dir) === dir;
          if (top) break;
        }
      }
    } catch (error) {
      await Promise.all([jsonl.close(), csv.close()]);
      throw error;
    }
    return new StationLog(jsonlPath, csvPath, jsonl, csv);
  }

  /**
   * Appends one record to both files and flushes them; resolves when both are on disk. The record is validated
   * first (an invalid one rejects, writing nothing). Appends run one after another, in call order. When a write
   * fails (a full disk), the append rejects: the record may then be in the JSON lines file and not the CSV.
   */
  append(record: StationRecord): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the station log is closed'));
    const parsed = stationRecordSchema.safeParse(record);
    if (!parsed.success) return Promise.reject(parsed.error);
    const checked = parsed.data;
    const next = this.#queue.then(() => this.#write(checked));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Waits for the queued appends, then closes both files. */
  async close(): Promise<void> {
    if (this.#closed) return this.#queue;
    this.#closed = true;
    await this.#queue;
    await Promise.all([this.#jsonl.close(), this.#csv.close()]);
  }

  async #write(record: StationRecord): Promise<void> {
    await this.#jsonl.appendLine(`${JSON.stringify(record)}\n`);
    await this.#csv.appendLine(stationRecordToCsvRow(record));
    await Promise.all([this.#jsonl.sync(), this.#csv.sync()]);
  }
}

type LogFormat = 'jsonl' | 'csv';

/** How a file ends: whether the next line starts on its own line, and (CSV) whether a quoted cell is still open. */
interface Tail {
  readonly size: number;
  readonly endsLine: boolean;
  readonly openQuote: boolean;
}

/** One log file, opened once for appending (and reading its own tail). */
class LogFile {
  /** Known after open and after every complete write; null after a failed write, read again before the next. */
  #tail: Tail | null;

  private constructor(
    readonly file: string,
    readonly format: LogFormat,
    readonly handle: FileHandle,
    readonly created: boolean,
    tail: Tail,
  ) {
    this.#tail = tail;
  }

  static async open(file: string, format: LogFormat): Promise<LogFile> {
    const before = await stat(file).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    });
    // A folder cannot be opened for writing at all: its kind is told before trying.
    const kindBefore = before === null ? null : kindOfStats(before);
    if (kindBefore !== null && kindBefore !== 'file') throw new NotARegularFileError(file, kindBefore);
    // 'a+' so the tail can be read; O_NONBLOCK so a FIFO in the file's place is refused, not waited on.
    const flags = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (constants.O_NONBLOCK ?? 0);
    const handle = await open(file, flags, 0o644);
    try {
      const stats = await handle.stat();
      const kind = kindOfStats(stats);
      if (kind !== 'file') throw new NotARegularFileError(file, kind);
      return new LogFile(file, format, handle, before === null, await readTail(handle, format));
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /**
   * Writes one whole line (one `write` call; more only if the system wrote part of it). Before the first line of
   * a new CSV comes the header; after a torn line, the line end (and, in a CSV, the quote) that closes it.
   */
  async appendLine(line: string): Promise<void> {
    const tail = this.#tail ?? (await readTail(this.handle, this.format));
    this.#tail = null;
    let prefix = '';
    if (tail.openQuote) prefix = `"${csvLineEnd}`;
    else if (!tail.endsLine) prefix = this.format === 'csv' ? csvLineEnd : '\n';
    if (this.format === 'csv' && tail.size === 0) prefix += stationCsvHeader();
    const bytes = Buffer.from(prefix + line, 'utf8');
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written);
      if (bytesWritten === 0) throw new Error(`nothing could be written to ${this.file}`);
      written += bytesWritten;
    }
    this.#tail = { size: tail.size + bytes.length, endsLine: true, openQuote: false };
  }

  async sync(): Promise<void> {
    await this.handle.sync();
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

const tailChunk = 64 * 1024;

/**
 * How the file ends. A CSV's open quote is found by counting every `"` in the file: quoted cells hold them in
 * pairs (opening and closing, and each doubled quote), so an odd count means a row was cut inside a quoted cell.
 */
async function readTail(handle: FileHandle, format: LogFormat): Promise<Tail> {
  const size = (await handle.stat()).size;
  if (size === 0) return { size, endsLine: true, openQuote: false };
  const last = new Uint8Array(1);
  await handle.read(last, 0, 1, size - 1);
  const endsLine = last[0] === 0x0a;
  // A cell may hold a line end: a CSV cut just after one still has its quote open.
  if (format !== 'csv') return { size, endsLine, openQuote: false };
  let quotes = 0;
  const buffer = new Uint8Array(tailChunk);
  for (let position = 0; position < size;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(tailChunk, size - position), position);
    if (bytesRead === 0) break;
    for (let i = 0; i < bytesRead; i++) if (buffer[i] === 0x22) quotes++;
    position += bytesRead;
  }
  return { size, endsLine, openQuote: quotes % 2 === 1 };
}

/** Flushes a folder's entries. Windows cannot open a folder for this, and flushes them with the file. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
