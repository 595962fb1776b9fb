import type { BoardStorage } from '../storage/board-storage';
import { fastbootResponse } from './fastboot-identity';
import type { FastbootMmc } from './fastboot-mmc';

/** What `getvar` reads: U-Boot's environment and version, the buffer size, the MMC backend. */
export interface GetvarSources {
  readonly env: ReadonlyMap<string, string>;
  /** `U_BOOT_VERSION`: `U-Boot ` and PLAIN_VERSION. */
  readonly ubootVersion: string;
  /** `CONFIG_FASTBOOT_BUF_SIZE` (0x02000000 in ST's defconfigs). */
  readonly bufferSize: number;
  readonly mmc: FastbootMmc;
  readonly storage: BoardStorage;
  readonly print: (line: string) => void;
}

/** `FASTBOOT_VERSION` (include/fastboot.h). */
const fastbootVersion = '0.4';

/** A file system `fs_set_blk_dev_with_part` would recognise (fs/fs.c `fstypes`): ext2/3/4 or FAT, by their magic. */
async function fileSystemType(storage: BoardStorage, memory: string, start: number): Promise<string | null> {
  const medium = await storage.medium(memory);
  const head = await medium.read(start * 512, 2048);
  if (head[1080] === 0x53 && head[1081] === 0xef) return 'ext4';
  const fat = (at: number): boolean => Buffer.from(head.subarray(at, at + 3)).toString('latin1') === 'FAT';
  if (head[510] === 0x55 && head[511] === 0xaa && (fat(54) || fat(82))) return 'fat';
  return null;
}

/**
 * `fastboot_getvar` (drivers/fastboot/fb_getvar.c, ST's v2023.10 fork): first `fastboot.<var>` in the environment,
 * then the table up to the first `:`; `all` is not in it (added upstream in v2024.04): `Variable not implemented`.
 * Model choice `fastbootBoardVariable`: `product` answers the `board` variable, CONFIG_SYS_BOARD (`stm32mp1` on
 * MP13/MP15, `stm32mp2` on MP25, board/st/stm32mp*\/Kconfig), which the board's environment is taken to hold;
 * `platform` is not set.
 */
export async function fastbootGetvar(parameter: string | null, sources: GetvarSources): Promise<string> {
  if (parameter === null) return fastbootResponse('FAIL', 'missing var');
  const fromEnv = sources.env.get(`fastboot.${parameter}`.slice(0, 63));
  if (fromEnv !== undefined) return fastbootResponse('OKAY', fromEnv);
  const colon = parameter.indexOf(':');
  const name = colon < 0 ? parameter : parameter.slice(0, colon);
  const argument = colon < 0 ? null : parameter.slice(colon + 1);
  const { env, mmc } = sources;
  switch (name) {
    case 'version':
      return fastbootResponse('OKAY', fastbootVersion);
    case 'version-bootloader':
      return fastbootResponse('OKAY', sources.ubootVersion);
    case 'downloadsize':
    case 'max-download-size':
      return fastbootResponse('OKAY', `0x${sources.bufferSize.toString(16).padStart(8, '0')}`);
    case 'serialno': {
      const serial = env.get('serial#');
      return serial === undefined
        ? fastbootResponse('FAIL', 'Value not set')
        : fastbootResponse('OKAY', serial);
    }
    case 'version-baseband':
      return fastbootResponse('OKAY', 'N/A');
    case 'product': {
      const board = env.get('board');
      return board === undefined
        ? fastbootResponse('FAIL', 'Board not set')
        : fastbootResponse('OKAY', board);
    }
    case 'platform': {
      const platform = env.get('platform');
      return platform === undefined
        ? fastbootResponse('FAIL', 'platform not set')
        : fastbootResponse('OKAY', platform);
    }
    case 'current-slot':
      return fastbootResponse('OKAY', 'a');
    case 'has-slot': {
      if (argument === null || argument === '') return fastbootResponse('FAIL', 'invalid partition name');
      if ((await mmc.partition(`${argument}_a`)).ok) return fastbootResponse('OKAY', 'yes');
      const plain = await mmc.partition(argument);
      return plain.ok ? fastbootResponse('OKAY', 'no') : fastbootResponse('FAIL', plain.reason);
    }
    case 'partition-type': {
      const found = await mmc.partition(argument ?? '');
      if (!found.ok) return fastbootResponse('FAIL', found.reason);
      const type = await fileSystemType(sources.storage, found.region.memory, found.region.start);
      return type === null
        ? fastbootResponse('FAIL', 'failed to set partition')
        : fastbootResponse('OKAY', type);
    }
    case 'partition-size': {
      // `getvar_get_part_info` uses `fastboot_mmc_get_part_info` only: boot areas and the user area are not names here.
      const found = await mmc.partition(argument ?? '');
      if (!found.ok) return fastbootResponse('FAIL', found.reason);
      return fastbootResponse('OKAY', `0x${(found.region.blocks * 512).toString(16).padStart(16, '0')}`);
    }
    case 'is-userspace':
      return fastbootResponse('OKAY', 'no');
    default:
      sources.print(`WARNING: unknown variable: ${name}`);
      return fastbootResponse('FAIL', 'Variable not implemented');
  }
}
