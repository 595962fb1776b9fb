import type { BoardStorage } from '../storage/board-storage';
import { gptSectors } from '../uboot/gpt-image';
import { gptWriteCommand } from '../uboot/gpt-write-command';
import type { FastbootBuild } from '../uboot/uboot-build';
import { fastbootGetvar } from './fastboot-getvar';
import { fastbootResponse } from './fastboot-identity';
import type { FastbootMmc } from './fastboot-mmc';

/** What happens once the host has read a command's response (`rx_handler_command` sets the IN completion). */
export type AfterResponse = 'none' | 'reset' | 'leave';

/** One command's outcome: the response, what follows it, bytes written to the memory (for the write time). */
export interface CommandReply {
  readonly response: string;
  readonly after: AfterResponse;
  readonly bytesWritten: number;
  /** Bytes `erase:` cleared (for the time it takes). */
  readonly bytesErased: number;
  /** `DATA…`: the download of this many bytes starts. */
  readonly download: number | null;
}

export interface CommandContext {
  readonly env: Map<string, string>;
  readonly build: FastbootBuild;
  readonly ubootVersion: string;
  readonly bufferSize: number;
  readonly mmc: FastbootMmc;
  readonly storage: BoardStorage;
  readonly print: (line: string) => void;
  /** Console output without a line end. */
  readonly write: (text: string) => void;
  /** The last completed download (`image_size` bytes of `fastboot_buf_addr`). */
  readonly image: () => Uint8Array;
}

const reply = (response: string, after: AfterResponse = 'none', bytesWritten = 0): CommandReply => ({
  response,
  after,
  bytesWritten,
  bytesErased: 0,
  download: null,
});
const okay = (after: AfterResponse = 'none'): CommandReply => reply(fastbootResponse('OKAY'), after);
const fail = (text: string): CommandReply => reply(fastbootResponse('FAIL', text));

/** `download`: `hextoul`, refusing zero and more than the buffer (`FAIL<param>`), else `DATA<param>`. */
function download(parameter: string | null, context: CommandContext): CommandReply {
  if (parameter === null) return fail('Expected command parameter');
  const size = parseInt(/^(0x)?[0-9a-f]*/i.exec(parameter)?.[0] || '0', 16) >>> 0;
  if (size === 0) return fail('Expected nonzero image size');
  if (size > context.bufferSize) return fail(parameter);
  context.print(`Starting download of ${size} bytes`);
  return { ...reply(fastbootResponse('DATA', parameter)), download: size };
}

/** `oem format`: `gpt write mmc <dev> $partitions` (fb_command.c `oem_format`, cmd/gpt.c). */
async function oemFormat(context: CommandContext): Promise<CommandReply> {
  const partitions = context.env.get('partitions');
  if (partitions === undefined) return fail('partitions not set');
  const device = context.mmc.device;
  context.print(`Execute: gpt write mmc ${context.build.mmcDev.toString(16)} $partitions`);
  context.print(`with partitions: ${partitions}`);
  context.write('Writing GPT: ');
  const medium = await context.storage.medium(device);
  const outcome = gptWriteCommand(medium.size, partitions);
  if (!outcome.ok) {
    if (outcome.message !== null) context.write(`${outcome.message}\n`);
    context.print('error!');
    return fail('Cannot write GPT');
  }
  for (const { offset, bytes } of gptSectors(medium.size, outcome.partitions).writes)
    await medium.write(offset, bytes);
  context.print('success!');
  return okay();
}

/**
 * `oem partconf:<args>` / `oem bootbus:<args>`: `mmc partconf <dev> <args> 0` / `mmc bootbus <dev> <args>` in a
 * 32-byte buffer (snprintf truncates). Model choice `emmcBootConfigNotKept`: the board checks the arguments
 * (numbers: three for partconf with the trailing 0, three for bootbus) and that the device is an eMMC, and keeps
 * no EXT_CSD: the boot configuration is not stored anywhere.
 */
function oemMmc(
  kind: 'partconf' | 'bootbus',
  parameter: string | null,
  context: CommandContext,
): CommandReply {
  if (parameter === null) return fail('Expected command parameter');
  const dev = context.build.mmcDev.toString(16);
  const line = (
    kind === 'partconf' ? `mmc partconf ${dev} ${parameter} 0` : `mmc bootbus ${dev} ${parameter}`
  ).slice(0, 31);
  context.print(`Execute: ${line}`);
  const args = line.split(' ').slice(3);
  const emmc = context.storage.geometry(context.mmc.device)?.kind === 'emmc';
  const numeric = args.length === 3 && args.every((arg) => /^(0x[0-9a-f]+|\d+)$/i.test(arg));
  if (emmc && numeric) return okay();
  return fail(kind === 'partconf' ? 'Cannot set oem partconf' : 'Cannot set oem bootbus');
}

/**
 * `fastboot_handle_command` (drivers/fastboot/fb_command.c) with ST's configuration: the command is the text up to
 * the first `:`; `flash`, `erase`, `oem format`, `oem partconf` are built in, `oem bootbus` where the defconfig
 * enables it, `oem run`/`UCmd`/`ACmd` not (`Unsupported command`); anything else `unrecognized command`.
 * `reboot` answers OKAY and resets once the host read it; `continue` and `boot` answer OKAY and end fastboot
 * (model choice `fastbootBootLeaves`: the board does not boot the downloaded image, it leaves the bus);
 * `reboot-bootloader`/`-fastboot`/`-recovery` need `bcb` (not in ST's defconfigs): `Cannot set … flag`.
 */
export async function fastbootCommand(text: string, context: CommandContext): Promise<CommandReply> {
  const colon = text.indexOf(':');
  const command = colon < 0 ? text : text.slice(0, colon);
  const parameter = colon < 0 ? null : text.slice(colon + 1);
  switch (command) {
    case 'getvar':
      return reply(await fastbootGetvar(parameter, { ...context, env: context.env }));
    case 'download':
      return download(parameter, context);
    case 'flash': {
      const result = await context.mmc.flash(parameter ?? '', context.image());
      return result.fail === null
        ? reply(fastbootResponse('OKAY'), 'none', result.bytesWritten)
        : fail(result.fail);
    }
    case 'erase': {
      const result = await context.mmc.erase(parameter ?? '');
      if (result.fail !== null) return fail(result.fail);
      return { ...okay(), bytesErased: result.bytesWritten };
    }
    case 'boot':
    case 'continue':
      return okay('leave');
    case 'reboot':
      return okay('reset');
    case 'reboot-bootloader':
      return fail('Cannot set reboot flag');
    case 'reboot-fastboot':
      return fail('Cannot set fastboot flag');
    case 'reboot-recovery':
      return fail('Cannot set recovery flag');
    case 'set_active':
      return okay();
    case 'oem format':
      return oemFormat(context);
    case 'oem partconf':
      return oemMmc('partconf', parameter, context);
    case 'oem bootbus':
      if (!context.build.oemBootbus) break;
      return oemMmc('bootbus', parameter, context);
    case 'oem run':
    case 'UCmd':
    case 'ACmd':
      break;
    default:
      context.print(`command ${command} not recognized.`);
      return fail('unrecognized command');
  }
  context.print(`command ${command} not supported.`);
  return fail('Unsupported command');
}
