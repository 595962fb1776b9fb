// `npm run mutate`: mutation testing (StrykerJS) of the board matching rules, the board tracker, the reconnect
// watcher, the opening of a returned board and the DFU download loop, against the unit tests of their folders
// (vitest.mutate.config.ts names them). Not part of `npm test` or CI: run it by hand after changing these files.
// Incremental: a rerun tests only mutants whose code or tests changed (reports/stryker/, ignored by git).

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts' },
  mutate: [
    'src/main/engine/boards/board-matching.ts',
    'src/main/engine/boards/board-tracker.ts',
    'src/main/engine/boards/tracked-board.ts',
    'src/main/engine/session/reconnect-watcher.ts',
    'src/main/engine/session/returned-board.ts',
    'src/main/engine/dfu/dfu-download.ts',
  ],
  // Copied into the sandbox: everything but what the unit tests never read.
  ignorePatterns: [
    'out',
    'dist',
    'e2e',
    'bench',
    'docs',
    'assets',
    'test-results',
    'playwright-report',
    'reports',
  ],
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers at most.
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker/incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/stryker/mutation.html' },
  jsonReporter: { fileName: 'reports/stryker/mutation.json' },
  // The bar: 80 % over the five files (the matching rules are held to no survivor by review of the report).
  thresholds: { high: 90, low: 80, break: 80 },
};
