import type { DeviceSummary } from '../../shared/contract';

type ChangeListener = (devices: readonly DeviceSummary[]) => void;

/** A source of boards (the libusb backend, a virtual board farm) as the directory sees it. */
export interface DeviceSource {
  list(): readonly DeviceSummary[];
  onChange(listener: () => void): () => void;
}

/**
 * The one list of boards the app shows: every source's devices, in source order, with one
 * change notification whenever any source changes.
 */
export class DeviceDirectory {
  readonly #sources: DeviceSource[] = [];
  readonly #listeners = new Set<ChangeListener>();

  addSource(source: DeviceSource): () => void {
    this.#sources.push(source);
    const stop = source.onChange(() => this.#notify());
    this.#notify();
    return () => {
      stop();
      this.#sources.splice(this.#sources.indexOf(source), 1);
      this.#notify();
    };
  }

  list(): DeviceSummary[] {
    return this.#sources.flatMap((source) => source.list());
  }

  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(): void {
    const devices = this.list();
    for (const listener of this.#listeners) listener(devices);
  }
}
