// `npm test`: everything a change must pass, on a fresh machine after `npm ci`, with nothing else typed.
// Build → system tools → typecheck → lint → format → vitest → Playwright (browser shell, Debian Chromium) →
// usb-stack (the virtual board on a real Linux kernel in QEMU, judged by dfu-util, lsusb and our CLI).
// Prints `N passed, N failed` last (tests of vitest, Playwright and usb-stack, plus one per static check).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureSystemTools } from './system-tools.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = `${root}/test-results`;
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const log = (text) => process.stdout.write(`\n=== ${text}\n`);
let passed = 0;
let failed = 0;
const failures = [];

function run(title, args, { counts = false } = {}) {
  log(title);
  const started = Date.now();
  const result = spawnSync(args[0], args.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const ok = result.status === 0;
  process.stdout.write(
    `--- ${title}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (!counts) {
    if (ok) passed += 1;
    else failed += 1;
  }
  if (!ok) failures.push(title);
  return ok;
}

const bin = (name) => `${root}/node_modules/.bin/${name}`;

if (!run('build', [process.execPath, 'scripts/build.mjs'])) finish();
log('system tools');
const toolProblem = ensureSystemTools((text) => process.stdout.write(`${text}\n`));
if (toolProblem !== null) {
  process.stdout.write(`${toolProblem}\n`);
  failed += 1;
  failures.push('system tools');
  finish();
}
run('typecheck (node)', [bin('tsc'), '-p', 'tsconfig.node.json', '--noEmit']);
run('typecheck (renderer)', [bin('tsc'), '-p', 'tsconfig.web.json', '--noEmit']);
run('lint', [bin('eslint'), '--max-warnings', '0', '.']);
run('format', [bin('prettier'), '--check', '--log-level', 'warn', '.']);
run(
  'unit and integration tests (vitest)',
  [bin('vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/vitest.json`],
  { counts: true },
);
countVitest(`${results}/vitest.json`);
run('end-to-end tests (Playwright, browser shell)', [bin('playwright'), 'test'], { counts: true });
countPlaywright();
run(
  'usb-stack tests (QEMU guest: real kernel, dfu-util, lsusb, our CLI)',
  [
    bin('vitest'),
    'run',
    '--config',
    'vitest.usb-stack.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${results}/usb-stack.json`,
  ],
  { counts: true },
);
countVitest(`${results}/usb-stack.json`);
finish();

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

function countVitest(file) {
  const report = readJson(file);
  if (report === null) {
    failed += 1;
    return;
  }
  passed += report.numPassedTests;
  // A skipped or pending test counts as not done.
  failed += report.numFailedTests + report.numPendingTests + report.numTodoTests;
  if (report.numTotalTests === 0 || report.numFailedTestSuites > 0)
    failed += Math.max(1, report.numFailedTestSuites);
}

function countPlaywright() {
  const report = readJson(`${results}/playwright.json`);
  if (report === null) {
    failed += 1;
    return;
  }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  passed += expected + flaky;
  failed += unexpected + skipped;
  if (expected + flaky + unexpected === 0) failed += 1;
}

function finish() {
  if (failures.length > 0) process.stdout.write(`\nFailed: ${failures.join(', ')}\n`);
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 && failures.length === 0 ? 0 : 1);
}
