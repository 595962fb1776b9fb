import { UsbError } from '../../usb/usb-error';
import type { BoardStage, BulkStageHandler, StageContext } from '../board/board-stage';
import { ubootDialect } from '../dfu/dfu-dialect';
import type { DfuStageHandler } from '../dfu/dfu-stage-handler';
import type { UbootBuild } from '../uboot/uboot-build';
import type { AfterResponse, CommandContext } from './fastboot-commands';
import { fastbootCommand } from './fastboot-commands';
import { fastbootPersonality, fastbootRequestSize, fastbootResponse } from './fastboot-identity';
import { FastbootMmc } from './fastboot-mmc';
import { fastbootTiming } from './fastboot-timing';

/** `CONFIG_FASTBOOT_BUF_SIZE=0x02000000` in configs/stm32mp1[35]_defconfig and stm32mp25_defconfig. */
export const fastbootBufferSize = 0x02000000;

/** No DFU on this gadget: endpoint 0's class requests STALL before they reach it (see `handleControl`). */
const noDfu: DfuStageHandler = {
  download: async () => ({ ok: false, status: 0x0f, stall: true }),
  manifest: async () => ({ ok: false, status: 0x0f, stall: true }),
  upload: async () => ({ ok: false, status: 0x0f, stall: true }),
  detach: () => undefined,
};

interface Download {
  readonly buffer: Uint8Array;
  received: number;
}

/**
 * U-Boot's fastboot gadget (`fastboot usb 0`: cmd/fastboot.c, drivers/usb/gadget/f_fastboot.c) on the bulk
 * endpoints. OUT data is taken in requests of at most `EP_BUFFER_SIZE` (4096) bytes: in command mode one request
 * per command (`rx_handler_command`; a full 4096-byte request is `buffer overflow`), in a download requests of
 * `rx_bytes_expected` (the remainder, rounded up to the packet size). A command runs to its end before U-Boot
 * queues the next OUT request; its one response goes out on IN, replacing one the host has not read
 * (`fastboot_tx_write` dequeues it). Model choice `fastbootTransferEndsRequest`: the end of each host transfer
 * completes the request it is filling, as a short packet would.
 */
export function createFastbootStage(
  ctx: StageContext,
  build: UbootBuild,
  env: Map<string, string>,
): BoardStage {
  const personality = fastbootPersonality(ctx.soc.soc, ctx.serial, ctx.faults.fullSpeed);
  const bulkFacts = personality.bulk;
  if (bulkFacts === null) throw new Error('the fastboot personality has a bulk interface');
  const print = (line: string): void => ctx.console.print(line);
  const mmc = new FastbootMmc(ctx.storage, build.fastboot, env, print, ctx.faults.flashFail);
  const timing = fastbootTiming(ctx);
  let download: Download | null = null;
  let image: Uint8Array = new Uint8Array(0);
  let dataRequests = 0;
  let pending: { bytes: Uint8Array; after: AfterResponse } | null = null;
  let reader: ((response: { bytes: Uint8Array; after: AfterResponse }) => void) | null = null;
  let busy: Promise<void> = Promise.resolve();
  const context: CommandContext = {
    env,
    build: build.fastboot,
    ubootVersion: `U-Boot ${build.version}`,
    bufferSize: fastbootBufferSize,
    mmc,
    storage: ctx.storage,
    print,
    write: (text) => ctx.console.write(text),
    image: () => image,
  };

  const respond = (text: string, after: AfterResponse = 'none'): void => {
    const response = { bytes: Uint8Array.from(Buffer.from(text, 'latin1')), after };
    if (reader !== null) {
      const take = reader;
      reader = null;
      take(response);
    } else pending = response;
  };

  const runCommand = async (text: string): Promise<void> => {
    const reply = await fastbootCommand(text, context);
    await timing.write(reply.bytesWritten);
    await timing.erase(reply.bytesErased);
    if (reply.download !== null) download = { buffer: new Uint8Array(reply.download), received: 0 };
    respond(reply.response, reply.after);
  };

  /** `rx_handler_dl_image`: copies what is still expected; the last byte answers OKAY. */
  const takeData = (current: Download, piece: Uint8Array): void => {
    if (piece.length === 0) {
      respond(fastbootResponse('FAIL', 'Received invalid data length'));
      return;
    }
    const taken = piece.subarray(0, current.buffer.length - current.received);
    current.buffer.set(taken, current.received);
    const before = Math.floor(current.received / 0x20000);
    current.received += taken.length;
    const dots = Math.floor(current.received / 0x20000);
    if (dots !== before) ctx.console.write(dots % 74 === 0 ? '.\n' : '.');
    if (current.received < current.buffer.length) return;
    image = current.buffer;
    download = null;
    print('');
    print(`downloading of ${current.received} bytes finished`);
    respond(fastbootResponse('OKAY'));
  };

  const requestLength = (): number => {
    if (download === null) return fastbootRequestSize;
    const remain = download.buffer.length - download.received;
    if (remain > fastbootRequestSize) return fastbootRequestSize;
    return Math.ceil(remain / bulkFacts.maxPacketSize) * bulkFacts.maxPacketSize;
  };

  const bulk: BulkStageHandler = {
    async out(endpoint, data) {
      if (endpoint !== bulkFacts.outEndpoint)
        throw new UsbError('stall', 'LIBUSB_TRANSFER_STALL: no such endpoint');
      let at = 0;
      do {
        await busy;
        const length = Math.min(requestLength(), data.length - at);
        const piece = data.subarray(at, at + length);
        at += length;
        await timing.request(piece.length);
        const current = download;
        if (current !== null) {
          if (ctx.faults.unplugDownload === dataRequests++) {
            ctx.powerOff();
            throw new UsbError('no-device', 'device unplugged');
          }
          takeData(current, piece);
        } else if (piece.length >= fastbootRequestSize) {
          print('buffer overflow');
          respond(fastbootResponse('FAIL', 'buffer overflow'));
        } else {
          busy = runCommand(Buffer.from(piece).toString('latin1').replace(/\0.*$/s, ''));
        }
      } while (at < data.length);
      return data.length;
    },
    async in(endpoint, length, cancelled) {
      if (endpoint !== bulkFacts.inEndpoint)
        throw new UsbError('stall', 'LIBUSB_TRANSFER_STALL: no such endpoint');
      const response =
        pending ??
        (await new Promise<{ bytes: Uint8Array; after: AfterResponse }>((resolve, reject) => {
          const take = (answer: { bytes: Uint8Array; after: AfterResponse }): void => {
            cancelled?.removeEventListener('abort', onCancel);
            resolve(answer);
          };
          const onCancel = (): void => {
            if (reader === take) reader = null;
            reject(new UsbError('cancelled', 'LIBUSB_TRANSFER_CANCELLED'));
          };
          cancelled?.addEventListener('abort', onCancel, { once: true });
          reader = take;
        }));
      pending = null;
      if (response.bytes.length > length) throw new UsbError('overflow', 'LIBUSB_ERROR_OVERFLOW');
      // `compl_do_reset` / `do_exit_on_complete`: once the host has the response.
      if (response.after === 'reset') {
        print('resetting ...'); // `do_reset` (arch/arm/lib/reset.c)
        ctx.changeStage({ kind: 'reset' });
      }
      if (response.after === 'leave') ctx.changeStage({ kind: 'leave', farewell: '' });
      return response.bytes;
    },
  };
  return { stage: 'uboot-fastboot', personality, dialect: ubootDialect, handler: noDfu, bulk };
}
