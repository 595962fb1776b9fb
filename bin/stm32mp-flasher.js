#!/usr/bin/env node
// Launcher: runs the built CLI (out/cli/index.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/cli/index.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    `stm32mp-flasher is not built yet: run \`npm run build\` in ${fileURLToPath(new URL('..', import.meta.url))}\n`,
  );
  process.exit(2);
}
await import(cli.href);
