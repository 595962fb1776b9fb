import { once } from 'node:events';
import { openContractClient } from './contract-client';
import { encodeFrame, openRawWebSocket } from './raw-websocket';
import type { ServeProcess } from './serve-process';

export interface StalledReaderFigures {
  readonly baselineBytes: number;
  readonly peakBytes: number;
  /** Frames the stalled client got into the server's socket before the deadline. */
  readonly framesWritten: number;
  /** How long another client waited for `app.info` while the stalled one was held. */
  readonly otherClientMs: number;
}

const frameBytes = 1000 * 1000;

/**
 * A client that never reads sends `requests` frames of ~1 MB whose reply is as big (an unknown request name,
 * which the BAD_REQUEST reply quotes): the server's resident memory is sampled all along.
 */
export async function runStalledReaderLoad(
  served: ServeProcess,
  requests: number,
  deadlineMs: number,
): Promise<StalledReaderFigures> {
  const baselineBytes = served.rssBytes();
  let peakBytes = baselineBytes;
  const sample = setInterval(() => (peakBytes = Math.max(peakBytes, served.rssBytes())), 50);
  const raw = await openRawWebSocket(served.port, served.token);
  raw.socket.pause();
  const name = 'x'.repeat(frameBytes - 64);
  const frame = encodeFrame({
    opcode: 0x1,
    payload: Buffer.from(JSON.stringify({ kind: 'request', id: 1, name, payload: {} })),
    zeroMask: true,
  });
  const deadline = Date.now() + deadlineMs;
  let framesWritten = 0;
  try {
    for (; framesWritten < requests && Date.now() < deadline; framesWritten++) {
      if (raw.socket.write(frame)) continue;
      const left = deadline - Date.now();
      const drained = await Promise.race([
        once(raw.socket, 'drain').then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), Math.max(0, left)).unref()),
      ]);
      if (!drained) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const other = await openContractClient(served.port, served.token);
    const asked = performance.now();
    const answer = await other.request('app.info', {});
    const otherClientMs = performance.now() - asked;
    other.close();
    if (!answer.ok) throw new Error(`app.info failed: ${JSON.stringify(answer)}`);
    peakBytes = Math.max(peakBytes, served.rssBytes());
    return { baselineBytes, peakBytes, framesWritten, otherClientMs };
  } finally {
    clearInterval(sample);
    raw.socket.destroy();
  }
}
