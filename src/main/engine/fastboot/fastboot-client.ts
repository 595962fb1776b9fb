import type { UsbTransport } from '../../usb/usb-transport';
import { findFastbootInterface, type FastbootInterface } from './fastboot-interface';
import {
  fastbootCommandBytes,
  FastbootFailure,
  FastbootProtocolError,
  parseFastbootReply,
} from './fastboot-reply';

export interface FastbootClientOptions {
  /** An INFO or TEXT line the board sent while it worked on a command (shown in the console panel). */
  onMessage(kind: 'INFO' | 'TEXT', text: string): void;
  /** How long a short command (getvar, download's DATA, reboot) may take to answer; default 5 s. */
  readonly commandTimeoutMs?: number;
}

/**
 * How long each reply may take (each INFO line starts the wait again). Named choices: U-Boot answers `flash`
 * and `erase` only once the whole write or erase is done (fb_mmc.c, synchronous), so those get minutes;
 * `oem format` is one `gpt write`.
 */
const slowReplyMs = { flash: 600_000, erase: 600_000, oem: 120_000 } as const;
/** One bulk OUT transfer of the data phase (1 MiB at a Full Speed 1 MB/s is one second). */
const dataTransferMs = 30_000;
/** Data is sent in transfers of at most this much (libusb splits them into packets). */
const dataTransferBytes = 1 << 20;

const encoder = new TextEncoder();

/**
 * A fastboot host over one `UsbTransport` (AOSP's protocol as U-Boot's drivers/fastboot and f_fastboot.c serve it):
 * one command at a time, each a string of at most 64 bytes on the bulk OUT endpoint, answered on bulk IN by
 * INFO/TEXT lines then OKAY, FAIL or (for `download:`) DATA. A FAIL rejects with `FastbootFailure`; a USB failure
 * rejects with the transport's `UsbError` unchanged.
 */
export class FastbootClient {
  readonly #transport: UsbTransport;
  readonly #interface: FastbootInterface;
  readonly #options: FastbootClientOptions;
  readonly #commandTimeoutMs: number;
  #busy = false;

  private constructor(transport: UsbTransport, found: FastbootInterface, options: FastbootClientOptions) {
    this.#transport = transport;
    this.#interface = found;
    this.#options = options;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 5000;
  }

  /** Finds the fastboot interface of the opened device and claims it. */
  static async open(transport: UsbTransport, options: FastbootClientOptions): Promise<FastbootClient> {
    const found = findFastbootInterface(transport.configurationDescriptor);
    if (found === null)
      throw new FastbootProtocolError(
        'the device has no fastboot interface (class 0xff, subclass 0x42, protocol 0x03)',
      );
    await transport.claimInterface(found.interfaceNumber);
    return new FastbootClient(transport, found, options);
  }

  get fastbootInterface(): FastbootInterface {
    return this.#interface;
  }

  /** `getvar:<name>`: the value after OKAY (U-Boot answers FAIL for a variable it does not know). */
  getVar(name: string): Promise<string> {
    return this.#exclusive(() => this.#command(`getvar:${name}`, this.#commandTimeoutMs));
  }

  /** `getvar:max-download-size`, read as U-Boot writes it (`0x%08x`; AOSP's client also takes decimal). */
  async getMaxDownloadSize(): Promise<number> {
    const text = await this.getVar('max-download-size');
    const size = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : Number(text);
    if (!Number.isSafeInteger(size) || size <= 0)
      throw new FastbootProtocolError(`fastboot getvar:max-download-size: the board answered "${text}"`);
    return size;
  }

  /**
   * `download:%08x`, then exactly `size` bytes from `data`, then the board's OKAY. `onSent` hears the bytes sent
   * so far after each transfer. Rejects without sending data when the board refuses the size (FAIL).
   */
  download(size: number, data: AsyncIterable<Uint8Array>, onSent?: (bytes: number) => void): Promise<void> {
    return this.#exclusive(async () => {
      if (!Number.isInteger(size) || size <= 0 || size > 0xffffffff)
        throw new RangeError(`download size ${size} is not a size fastboot can announce (1 to 0xffffffff)`);
      const command = `download:${size.toString(16).padStart(8, '0')}`;
      const answer = await this.#exchange(command, this.#commandTimeoutMs, true);
      if (answer.kind !== 'DATA' || Number.parseInt(answer.text, 16) !== size)
        throw new FastbootProtocolError(
          `fastboot ${command}: the board answered ${answer.kind}${answer.text}`,
        );
      await this.#sendData(command, size, data, onSent);
      await this.#finish(command, this.#commandTimeoutMs);
    });
  }

  /** `flash:<partition>`: writes what was downloaded; answers once the board wrote it. */
  async flash(partition: string): Promise<void> {
    await this.#exclusive(() => this.#command(`flash:${partition}`, slowReplyMs.flash));
  }

  async erase(partition: string): Promise<void> {
    await this.#exclusive(() => this.#command(`erase:${partition}`, slowReplyMs.erase));
  }

  /**
   * `oem <command>`: `format` (U-Boot: `gpt write mmc <FASTBOOT_FLASH_MMC_DEV> $partitions`), `partconf:<ack> <part>`
   * (runs `mmc partconf <dev> <ack> <part> 0`), `bootbus:<width> <reset> <mode>` (fb_command.c passes what follows
   * the colon on to `mmc`; STM32PRG-TOOLBOX-FB sends `partconf: 1 1` and `bootbus: 0 0 0` after `mmc1boot0`).
   */
  async oem(command: string): Promise<void> {
    await this.#exclusive(() => this.#command(`oem ${command}`, slowReplyMs.oem));
  }

  async reboot(): Promise<void> {
    await this.#exclusive(() => this.#command('reboot', this.#commandTimeoutMs));
  }

  /** Releases the interface; the transport stays open (its owner closes it). Never rejects. */
  async close(): Promise<void> {
    await this.#transport.releaseInterface(this.#interface.interfaceNumber).catch(() => undefined);
  }

  async #exclusive<T>(run: () => Promise<T>): Promise<T> {
    if (this.#busy) throw new FastbootProtocolError('fastboot: one command at a time');
    this.#busy = true;
    try {
      return await run();
    } finally {
      this.#busy = false;
    }
  }

  async #command(command: string, timeoutMs: number): Promise<string> {
    return (await this.#exchange(command, timeoutMs, false)).text;
  }

  /** Sends `command` and reads replies until OKAY, FAIL or (when `dataExpected`) DATA. */
  async #exchange(
    command: string,
    timeoutMs: number,
    dataExpected: boolean,
  ): Promise<{ kind: 'OKAY' | 'DATA'; text: string }> {
    const bytes = encoder.encode(command);
    if (bytes.length > fastbootCommandBytes)
      throw new RangeError(`fastboot command "${command}" is longer than ${fastbootCommandBytes} bytes`);
    await this.#transport.bulkTransferOut(this.#interface.outEndpoint, bytes, this.#commandTimeoutMs);
    return this.#await(command, timeoutMs, dataExpected);
  }

  async #finish(command: string, timeoutMs: number): Promise<void> {
    await this.#await(command, timeoutMs, false);
  }

  async #await(
    command: string,
    timeoutMs: number,
    dataExpected: boolean,
  ): Promise<{ kind: 'OKAY' | 'DATA'; text: string }> {
    const readLength = Math.max(this.#interface.maxPacketSize, fastbootCommandBytes);
    for (;;) {
      const bytes = await this.#transport.bulkTransferIn(this.#interface.inEndpoint, readLength, timeoutMs);
      const reply = parseFastbootReply(command, bytes);
      switch (reply.kind) {
        case 'INFO':
        case 'TEXT':
          this.#options.onMessage(reply.kind, reply.text);
          continue;
        case 'FAIL':
          throw new FastbootFailure(command, reply.text);
        case 'OKAY':
          return { kind: 'OKAY', text: reply.text };
        case 'DATA':
          if (dataExpected) return { kind: 'DATA', text: reply.text };
          throw new FastbootProtocolError(
            `fastboot ${command}: the board asked for data (DATA${reply.text})`,
          );
      }
    }
  }

  /** The data phase: `data`'s bytes gathered into transfers of up to 1 MiB; exactly `size` bytes. */
  async #sendData(
    command: string,
    size: number,
    data: AsyncIterable<Uint8Array>,
    onSent?: (bytes: number) => void,
  ): Promise<void> {
    const buffer = new Uint8Array(Math.min(dataTransferBytes, size));
    let filled = 0;
    let sent = 0;
    const flush = async (): Promise<void> => {
      if (filled === 0) return;
      await this.#transport.bulkTransferOut(
        this.#interface.outEndpoint,
        buffer.subarray(0, filled),
        dataTransferMs,
      );
      sent += filled;
      filled = 0;
      onSent?.(sent);
    };
    for await (const chunk of data) {
      if (sent + filled + chunk.length > size)
        throw new FastbootProtocolError(
          `fastboot ${command}: the data is longer than the ${size} bytes announced`,
        );
      for (let at = 0; at < chunk.length;) {
        const take = Math.min(buffer.length - filled, chunk.length - at);
        buffer.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === buffer.length) await flush();
      }
    }
    await flush();
    if (sent !== size)
      throw new FastbootProtocolError(
        `fastboot ${command}: only ${sent} of the ${size} bytes announced were given`,
      );
  }
}
