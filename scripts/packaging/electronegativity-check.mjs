// Runs @doyensec/electronegativity over what decides the app's Electron security, and answers its findings:
//   src/main/electron   every Electron API call of the app (lint allows `electron` nowhere else), read as
//                       written, so each deliberate exception sits next to its code (`// eng-disable CHECK_ID`;
//                       the bundler drops such comments from out/main); the window options are a literal at
//                       `new BrowserWindow(…)` (window-options.ts) so nothing hides behind a helper
//   out/renderer        the built page (HTML, CSP, script), lowered to ES2021 by esbuild first: the scanner's
//                       parser predates class private fields
// Usage: node scripts/packaging/electronegativity-check.mjs   (prints the findings; exit 1 when one blocks)
import { transform } from 'esbuild';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../..', import.meta.url));
export const appParts = [join(root, 'src/main/electron'), join(root, 'out/renderer')];

/** High or medium; and any finding of Node in a page, which electronegativity rates only informational. */
export const blocking = (finding) =>
  finding.severity === 'HIGH' || finding.severity === 'MEDIUM' || finding.id.startsWith('NODE_INTEGRATION');

async function lowerScripts(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(c|m)?js$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const format = entry.name.endsWith('.cjs') ? 'cjs' : 'esm';
    const result = await transform(readFileSync(file, 'utf8'), { loader: 'js', target: 'es2021', format });
    writeFileSync(file, result.code);
  }
}

/**
 * The findings on the given folders, copied (tests left out) into one temporary folder so the global checks
 * see the main process and the page together: `{ id, severity, confidence, file, line }`, and the files the
 * scanner could not read (a file not read is a file not checked). `withoutExceptions` drops every
 * `eng-disable` comment first, to show what the exceptions hide.
 */
export async function scan(parts = appParts, { withoutExceptions = false } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  try {
    for (const part of parts) {
      const into = join(work, basename(part));
      cpSync(part, into, { recursive: true, filter: (file) => !/\.test\.tsx?$/.test(file) });
      await lowerScripts(into);
    }
    if (withoutExceptions) {
      for (const entry of readdirSync(work, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile()) continue;
        const file = join(entry.parentPath, entry.name);
        writeFileSync(file, readFileSync(file, 'utf8').replaceAll('eng-disable', 'eng-review'));
      }
    }
    const run = require('@doyensec/electronegativity');
    const electron = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8'));
    const result = await run({
      input: work,
      customScan: [],
      // Compares the Electron version with a releases list it downloads: not reachable here, and which
      // Electron ships is the lockfile's business.
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      severitySet: 'informational',
      confidenceSet: 'tentative',
      isRelative: true,
      parserPlugins: [],
      electronVersionOverride: electron.version,
    });
    return {
      findings: result.issues.map((issue) => ({
        id: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: issue.file,
        line: issue.location.line,
      })),
      unreadable: result.errors
        .filter((error) => !error.tolerable)
        .map((error) => `${error.file}: ${error.message}`),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { findings, unreadable } = await scan();
  for (const finding of findings) process.stdout.write(`${JSON.stringify(finding)}\n`);
  for (const file of unreadable) process.stdout.write(`not read: ${file}\n`);
  process.exit(findings.some(blocking) || unreadable.length > 0 ? 1 : 0);
}
