import { useCallback, useEffect, useRef, useState } from 'react';
import type { FolderListing } from '../../../shared/contract';
import { RemoteError } from '../../transport/contract-client';
import { useClient } from '../../transport/client-context';

export interface FolderListingState {
  /** The folder shown; null until the first answer. */
  readonly listing: FolderListing | null;
  /** Why the last folder asked for could not be listed (the listing shown stays). */
  readonly failure: string | null;
  /**
   * Lists a folder (the main side's starting folder when undefined). With `fallBack`, a folder that cannot be
   * listed (gone, or outside what `serve` may read since) quietly gives the starting folder instead.
   */
  readonly show: (folder: string | undefined, fallBack?: boolean) => void;
}

/** The folder of a path as the main side spells it (`/` or `\`), the separator kept at a root (`/`, `C:\`). */
export function folderOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  if (cut < 0) return '.';
  const folder = file.slice(0, cut);
  return folder === '' || folder.endsWith(':') ? file.slice(0, cut + 1) : folder;
}

/** The last part of a path (`/` or `\`): a file's name in its folder. */
export function nameOf(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** One folder's folders and layouts at a time, through `files.browse`; only the latest answer counts. */
export function useFolderListing(): FolderListingState {
  const client = useClient();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const asked = useRef(0);
  useEffect(
    () => () => {
      asked.current += 1;
    },
    [],
  );

  const show = useCallback(
    (folder: string | undefined, fallBack = false) => {
      asked.current += 1;
      const turn = asked.current;
      const request = (target: string | undefined) =>
        client.request('files.browse', target === undefined ? {} : { folder: target });
      request(folder)
        .catch((error: unknown) => {
          if (fallBack && folder !== undefined) return request(undefined);
          throw error;
        })
        .then(
          (answer) => {
            if (turn !== asked.current) return;
            setListing(answer);
            setFailure(null);
          },
          (error: unknown) => {
            if (turn !== asked.current) return;
            setFailure(
              error instanceof RemoteError ? `${error.data.message} ${error.data.hint}` : String(error),
            );
          },
        );
    },
    [client],
  );

  return { listing, failure, show };
}
