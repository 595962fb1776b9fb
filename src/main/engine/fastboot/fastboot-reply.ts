/**
 * A fastboot device's replies (AOSP's fastboot protocol, U-Boot's drivers/fastboot/fb_common.c): at most 64
 * bytes, a 4-byte prefix then text. OKAY ends a command; FAIL ends it with the board's reason; DATA%08x asks for
 * that many bytes (after `download:`); INFO and TEXT are lines shown to the person, and more replies follow.
 */
export type FastbootReplyKind = 'OKAY' | 'FAIL' | 'DATA' | 'INFO' | 'TEXT';

export interface FastbootReply {
  readonly kind: FastbootReplyKind;
  readonly text: string;
}

/** The longest command U-Boot reads (FASTBOOT_COMMAND_LEN) and the longest reply it writes. */
export const fastbootCommandBytes = 64;

const kinds: readonly FastbootReplyKind[] = ['OKAY', 'FAIL', 'DATA', 'INFO', 'TEXT'];

/** The board answered FAIL: `boardText` is its reason, as it sent it. */
export class FastbootFailure extends Error {
  override readonly name = 'FastbootFailure';
  readonly command: string;
  readonly boardText: string;

  constructor(command: string, boardText: string) {
    super(`fastboot ${command}: the board answered FAIL "${boardText}"`);
    this.command = command;
    this.boardText = boardText;
  }
}

/** The board answered something the protocol does not allow here (a bug on either side, or not a fastboot device). */
export class FastbootProtocolError extends Error {
  override readonly name = 'FastbootProtocolError';
}

export function parseFastbootReply(command: string, bytes: Uint8Array): FastbootReply {
  const raw = new TextDecoder('latin1').decode(bytes);
  // U-Boot's replies are C strings: anything after a NUL is not part of them.
  const reply = raw.includes('\0') ? raw.slice(0, raw.indexOf('\0')) : raw;
  const kind = kinds.find((candidate) => reply.startsWith(candidate));
  if (kind === undefined)
    throw new FastbootProtocolError(
      `fastboot ${command}: unexpected reply ${JSON.stringify(reply.slice(0, 64))}`,
    );
  return { kind, text: reply.slice(4) };
}
