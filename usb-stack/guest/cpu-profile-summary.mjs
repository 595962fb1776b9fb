// Run by Node in the guest: where a `node --cpu-prof` run spent its time, by function (self time), so the
// benchmark can say what any excess per block is. Usage: node cpu-profile-summary.mjs <dir with .cpuprofile>
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.';
const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (file === undefined) {
  console.log(`no .cpuprofile in ${dir}`);
  process.exit(1);
}
const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map();
for (let index = 0; index < profile.samples.length; index++) {
  const node = byId.get(profile.samples[index]);
  const deltaMs = (profile.timeDeltas[index] ?? 0) / 1000;
  const frame = node.callFrame;
  const where =
    frame.url === ''
      ? ''
      : ` ${frame.url.replace(/^.*\/(node_modules|out)\//, '$1/')}:${frame.lineNumber + 1}`;
  const key = `${frame.functionName || '(anonymous)'}${where}`;
  selfMs.set(key, (selfMs.get(key) ?? 0) + deltaMs);
}
const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
console.log(`profile total ${total.toFixed(0)} ms`);
for (const [key, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${key}`);
