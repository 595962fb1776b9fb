import { defineConfig } from 'vitest/config';

/**
 * Only for `npm run mutate` (stryker.config.json): the unit tests of the folders under mutation, each named, so a
 * test that sleeps in real time (or a new one nobody looked at) never joins a run that repeats every test hundreds
 * of times. Every file here runs on a fake clock. `npm test` and `vitest run` use vitest.config.ts, not this.
 */
export default defineConfig({
  test: {
    include: [
      'src/main/engine/boards/board-matching.test.ts',
      'src/main/engine/boards/board-tracker.test.ts',
      'src/main/engine/session/board-reading.test.ts',
      'src/main/engine/session/diagnosis.test.ts',
      'src/main/engine/session/program-layout.test.ts',
      'src/main/engine/session/programming-session.test.ts',
      'src/main/engine/session/progress-meter.test.ts',
      'src/main/engine/session/reconnect-watcher.test.ts',
      'src/main/engine/session/returned-board.test.ts',
      'src/main/engine/session/send-image.test.ts',
      'src/main/engine/session/session-plan.test.ts',
      'src/main/engine/dfu/dfu-alternate-name.test.ts',
      'src/main/engine/dfu/dfu-device.test.ts',
      'src/main/engine/dfu/dfu-download.test.ts',
      'src/main/engine/dfu/dfu-status-text.test.ts',
      'src/main/engine/dfu/get-phase.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
