/** One line of `board --usbredir-trace`. */
export interface TraceLine {
  readonly at: number;
  readonly kind: 'request' | 'reply';
  readonly requestType: number;
  readonly request: number;
  readonly value: number;
  readonly length: number;
}

const dnload = { requestType: 0x21, request: 1 };
const getStatus = { requestType: 0xa1, request: 3 };

export function parseControlTrace(text: string): TraceLine[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter((fields) => fields.length >= 6 && (fields[1] === 'request' || fields[1] === 'reply'))
    .map(([at, kind, requestType, request, value, length]) => ({
      at: Number(at),
      kind: kind as 'request' | 'reply',
      requestType: Number(requestType),
      request: Number(request),
      value: Number(value),
      length: Number(length),
    }));
}

const is = (line: TraceLine, what: { requestType: number; request: number }): boolean =>
  line.requestType === what.requestType && line.request === what.request;

/**
 * The host's time per block, as the board sees it: from the GETSTATUS answer that ends a block to the next
 * block's DNLOAD (with data) arriving, when nothing else came between them. Covers the host program, libusb,
 * the kernel and QEMU's usb-redir; in ms, sorted.
 */
export function hostTimePerBlock(lines: readonly TraceLine[]): number[] {
  const gaps: number[] = [];
  let lastStatusReply: TraceLine | null = null;
  for (const line of lines) {
    if (line.kind === 'reply' && is(line, getStatus)) {
      lastStatusReply = line;
      continue;
    }
    if (line.kind !== 'request') continue;
    if (is(line, dnload) && line.length > 0 && lastStatusReply !== null)
      gaps.push(line.at - lastStatusReply.at);
    lastStatusReply = null;
  }
  return gaps.sort((a, b) => a - b);
}

/** The value at quantile q (0..1) of sorted figures. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
