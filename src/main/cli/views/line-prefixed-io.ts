import { Writable } from 'node:stream';
import type { CliIo } from '../cli-io';

/**
 * The command's output for one board of several: every line starts with `prefix`, and it is never a terminal
 * (plain timestamped lines: bars redrawn in place cannot share a screen with other boards').
 */
export function linePrefixedIo(io: CliIo, prefix: string): CliIo {
  let atLineStart = true;
  const stdout = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      let out = '';
      for (const piece of text.split(/(?<=\n)/)) {
        if (piece === '') continue;
        out += (atLineStart ? prefix : '') + piece;
        atLineStart = piece.endsWith('\n');
      }
      io.stdout.write(out);
      done();
    },
  });
  return { ...io, stdout: Object.assign(stdout, { isTTY: false }) };
}
