import { expect, it } from 'vitest';
import { rateLimitedLog } from './rate-limited-log';

it('lets the first lines of a window through, then says how many were left out', () => {
  const lines: string[] = [];
  let clock = 0;
  const log = rateLimitedLog((line) => lines.push(line), { lines: 3, windowMs: 1000, now: () => clock });
  for (let n = 1; n <= 10; n++) log(`line ${n}`);
  expect(lines).toEqual(['line 1', 'line 2', 'line 3']);
  clock = 1000;
  log('line 11');
  expect(lines.slice(3)).toEqual([
    'browser shell: 7 more lines like these were left out (at most 3 in 1 s)',
    'line 11',
  ]);
  clock = 5000;
  log('line 12');
  expect(lines.at(-1)).toBe('line 12');
  expect(lines).toHaveLength(6);
});
