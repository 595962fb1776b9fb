// The child of the crash test: appends records to a station log until it is killed, printing `appended N` after
// each append has resolved (so after both files were flushed). Bundled by the test with esbuild.
import { StationLog } from '../station-log';
import { stationRecord } from './station-records';

const folder = process.argv[2];
if (folder === undefined) throw new Error('usage: append-forever <folder>');
const log = await StationLog.open(folder, { baseName: 'station' });
// Bounded, so a child the test failed to kill still ends.
for (let n = 1; n <= 100_000; n++) {
  await log.append(stationRecord(n, { hint: `attempt ${n}, "quoted"\nsecond line` }));
  process.stdout.write(`appended ${n}\n`);
}
