import { readFileSync, renameSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  defaultSettings,
  maxRecentLayouts,
  settingsSchema,
  type Settings,
} from '../../shared/contract/settings';

export const settingsFileName = 'settings.json';

type Listener = (settings: Settings) => void;

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}

/** Reads the stored settings; a missing file is the defaults, a file that cannot be used is thrown. */
function readSettings(file: string): Settings | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  const base = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : null;
  if (base === null) throw new Error('the file does not hold a JSON object');
  // Fields added by a later version start at their default; a wrong value makes the whole file unusable.
  const checked = settingsSchema.safeParse({ ...defaultSettings, ...base });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`${issue?.path.join('.') ?? 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  return checked.data;
}

/**
 * The app's settings, as schema-validated JSON in one folder (the OS's user-data folder, or
 * `serve --data-dir`). A file that cannot be read or does not match the schema is set aside beside it
 * and the defaults replace it, with a notice: never a crash. Without a folder, settings live in memory.
 */
export class SettingsStore {
  readonly #file: string | null;
  #settings: Settings;
  readonly #notice: string | null;
  readonly #listeners = new Set<Listener>();
  #writing: Promise<void> = Promise.resolve();

  private constructor(file: string | null, settings: Settings, notice: string | null) {
    this.#file = file;
    this.#settings = settings;
    this.#notice = notice;
  }

  static inMemory(settings: Settings = defaultSettings): SettingsStore {
    return new SettingsStore(null, settings, null);
  }

  /** Reads the file at once (it is small), so a composition root can build its services synchronously. */
  static open(dir: string, now: () => Date = () => new Date()): SettingsStore {
    const file = path.join(dir, settingsFileName);
    try {
      return new SettingsStore(file, readSettings(file) ?? defaultSettings, null);
    } catch (error) {
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const asideName = `settings.corrupt-${stamp}.json`;
      let aside = `It was kept as ${path.join(dir, asideName)}.`;
      try {
        renameSync(file, path.join(dir, asideName));
      } catch (renameError) {
        aside = `It could not be set aside (${describe(renameError)}) and will be overwritten on the next change.`;
      }
      const notice = `The settings file ${file} could not be used (${describe(error)}), so the defaults are in use. ${aside}`;
      return new SettingsStore(file, defaultSettings, notice);
    }
  }

  get settings(): Settings {
    return this.#settings;
  }

  /** Why the stored file was replaced by the defaults at start, or null. */
  get notice(): string | null {
    return this.#notice;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...this.#settings, ...patch });
    this.#settings = next;
    for (const listener of this.#listeners) listener(next);
    await this.#save(next);
    return next;
  }

  /** Puts a layout first in the recent list (once), keeping the newest `maxRecentLayouts`. */
  addRecentLayout(layoutPath: string): Promise<Settings> {
    const rest = this.#settings.recentLayouts.filter((entry) => entry !== layoutPath);
    return this.update({ recentLayouts: [layoutPath, ...rest].slice(0, maxRecentLayouts) });
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Waits for every write started so far (tests, shutdown). */
  flushed(): Promise<void> {
    return this.#writing;
  }

  #save(settings: Settings): Promise<void> {
    const file = this.#file;
    if (file === null) return Promise.resolve();
    // Writes go one after another, each whole: a crash mid-write leaves the previous file, never half of one.
    this.#writing = this.#writing.then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`, 'utf8');
      await rename(temporary, file);
    });
    return this.#writing;
  }
}
