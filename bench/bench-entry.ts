/** One figure a benchmark entry reports; `npm run bench` prints them in one table and writes bench/results.json. */
export interface BenchResult {
  readonly metric: string;
  readonly value: number | string;
  readonly unit: string;
  /** The target the figure is held against, as text (e.g. `< 50`). */
  readonly target?: string;
  readonly note?: string;
}

/** What a `bench/*.bench.ts` file default-exports. */
export interface BenchEntry {
  readonly name: string;
  run(): Promise<BenchResult[]>;
}
