import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** One WebSocket frame as a client may send it, right or wrong (RFC 6455 §5.2). */
export interface FrameParts {
  readonly opcode: number;
  readonly payload?: Uint8Array;
  readonly fin?: boolean;
  /** The RSV1..3 bits, already in place (0x40, 0x20, 0x10). */
  readonly rsv?: number;
  readonly masked?: boolean;
  /** The length the header claims, when it should not be the payload's. */
  readonly claimedLength?: number;
  /** A zero mask key (valid, and leaves the payload as is): for big frames built fast. */
  readonly zeroMask?: boolean;
}

export function encodeFrame(parts: FrameParts): Buffer {
  const payload = Buffer.from(parts.payload ?? new Uint8Array());
  const length = parts.claimedLength ?? payload.length;
  const masked = parts.masked ?? true;
  const first = ((parts.fin ?? true) ? 0x80 : 0) | (parts.rsv ?? 0) | (parts.opcode & 0x0f);
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, length]);
  else if (length < 65536) header = Buffer.from([first, 126, length >> 8, length & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([header, payload]);
  header.writeUInt8(header.readUInt8(1) | 0x80, 1);
  if (parts.zeroMask === true) return Buffer.concat([header, Buffer.alloc(4), payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask.readUInt8(i % 4)));
  return Buffer.concat([header, mask, body]);
}

/** The status code of the first close frame among the server's frames, or null (server frames are unmasked). */
export function closeCodeIn(data: Buffer): number | null {
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data.readUInt8(at) & 0x0f;
    let length = data.readUInt8(at + 1) & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = data.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(data.readBigUInt64BE(start));
      start += 8;
    }
    if (opcode === 0x8) return length >= 2 && start + 2 <= data.length ? data.readUInt16BE(start) : null;
    at = start + length;
  }
  return null;
}

export interface RawWebSocket {
  readonly socket: Socket;
  /** Everything the server sent after its 101 answer. */
  received(): Buffer;
  /** Resolves when the server ends the connection, with the code of its close frame (null if none). */
  readonly closed: Promise<number | null>;
}

/** A plain TCP connection that completes a valid upgrade (token, Host, Origin), for sending what ws would not. */
export function openRawWebSocket(port: number, token: string): Promise<RawWebSocket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  const closed = new Promise<number | null>((resolve) =>
    socket.once('close', () => resolve(upgraded ? closeCodeIn(buffer) : null)),
  );
  return new Promise((resolve, reject) => {
    socket.once('connect', () =>
      socket.write(
        [
          `GET /ws?token=${token} HTTP/1.1`,
          `Host: 127.0.0.1:${port}`,
          `Origin: http://127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (upgraded) return;
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString();
      if (!head.startsWith('HTTP/1.1 101'))
        return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
      upgraded = true;
      buffer = buffer.subarray(end + 4);
      resolve({ socket, received: () => buffer, closed });
    });
    socket.once('close', () => reject(new Error('closed before the upgrade')));
  });
}

/** The protocol-invalid frames a client can send, and the close code RFC 6455 gives each (ws sends them). */
export const badFrames: readonly { kind: string; bytes: Buffer; closeCode: number }[] = [
  {
    kind: 'bad UTF-8 in a text frame',
    bytes: encodeFrame({ opcode: 0x1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
    closeCode: 1007,
  },
  {
    kind: 'an unmasked frame',
    bytes: encodeFrame({ opcode: 0x1, payload: Buffer.from('{}'), masked: false }),
    closeCode: 1002,
  },
  {
    kind: 'an RSV1 bit',
    bytes: encodeFrame({ opcode: 0x1, payload: Buffer.from('{}'), rsv: 0x40 }),
    closeCode: 1002,
  },
  {
    kind: 'an unknown opcode',
    bytes: encodeFrame({ opcode: 0x3, payload: Buffer.from('x') }),
    closeCode: 1002,
  },
  {
    kind: 'a frame over 1 MiB',
    bytes: encodeFrame({ opcode: 0x1, claimedLength: 1024 * 1024 + 1 }),
    closeCode: 1009,
  },
  {
    kind: 'close code 999',
    bytes: encodeFrame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe7]) }),
    closeCode: 1002,
  },
  {
    kind: 'a fragmented ping',
    bytes: encodeFrame({ opcode: 0x9, payload: Buffer.from('p'), fin: false }),
    closeCode: 1002,
  },
];
