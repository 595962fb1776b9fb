import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'usb-stack/harness/**/*.test.ts'],
    // StrykerJS's sandboxes (`npm run mutate`) hold copies of every test.
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
