import path from 'node:path';
import type { RequestOf, ResponseOf } from '../../shared/contract';
import { FlasherError } from '../../shared/errors';
import { fastbootAccess } from '../engine/fast-path/fastboot-access';
import { previewFastPath } from '../engine/fast-path/preview-fast-path';
import type { BoardDirectory } from './board-directory';
import type { FileAccessPolicy } from './file-access-policy';

export interface FastPathPreviewOptions {
  readonly boards: BoardDirectory;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  readonly fileAccess: FileAccessPolicy;
  readonly currentLayoutPath: () => string | null;
}

/** `program.fastPath`: the decision a run would take on this board and layout, with its reason (before Program). */
export function fastPathPreviewHandler(
  options: FastPathPreviewOptions,
): (request: RequestOf<'program.fastPath'>) => Promise<ResponseOf<'program.fastPath'>> {
  return async (request) => {
    const given = request.layoutPath ?? options.currentLayoutPath();
    if (given === null) throw new FlasherError('NO_LAYOUT');
    const layoutPath = path.resolve(options.cwd, given);
    await options.fileAccess.assertReadable(layoutPath);
    const located = request.boardId === undefined ? null : options.boards.locate(request.boardId);
    const summary = options.boards.list().find((board) => board.id === request.boardId);
    return previewFastPath({
      layoutPath,
      cwd: options.cwd,
      ...(request.binariesDir === undefined
        ? {}
        : { binariesDir: path.resolve(options.cwd, request.binariesDir) }),
      soc: summary?.soc ?? null,
      mode: request.fast,
      ...(request.fastDevice === undefined ? {} : { fastDevice: request.fastDevice }),
      verify: request.verify === true,
      access: await fastbootAccess({
        platform: options.platform,
        simulated: located?.source.inProcess === true,
      }),
    });
  };
}
