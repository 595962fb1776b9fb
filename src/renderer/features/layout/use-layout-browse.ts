import { useCallback, useState, type RefObject } from 'react';
import { useClient } from '../../transport/client-context';
import { folderOf, nameOf } from './use-folder-listing';
import { usePageDrop } from './use-page-drop';

type Transport = 'electron' | 'browser-shell';

interface Options {
  /** Which shell the page runs in (`app.info`); null until known. */
  readonly transport: Transport | null;
  /** The layout opened last (the recent list's first, else the current one): Browse… starts in its folder. */
  readonly lastLayout: string | null;
  /** The desktop's own file dialog (Electron). */
  readonly chooseNative: () => void;
  /** Loads a chosen path as typing it into the field does. */
  readonly openPath: (path: string) => void;
  /** The Browse… button: the focus comes back to it when the dialog closes. */
  readonly button: RefObject<HTMLButtonElement | null>;
}

export interface BrowseDialogState {
  readonly startFolder: string | undefined;
  /** The entry the focus starts on: the last layout, when the dialog starts in its folder. */
  readonly startName: string | undefined;
  readonly note: string | null;
}

export interface LayoutBrowse {
  /** Browse…: the desktop's dialog in Electron, the contract's folder listing in a browser. */
  readonly browse: () => void;
  /** The browser's dialog while it is open. */
  readonly dialog: BrowseDialogState | null;
  readonly rememberFolder: (folder: string) => void;
  readonly choose: (path: string) => void;
  readonly close: () => void;
  /** Said when a dropped file's path is unknown in the desktop app (a file dragged from a browser). */
  readonly dropNote: string | null;
}

export function noPathInBrowser(name: string): string {
  return `A browser does not give the path of a dropped file (${name}): choose it here.`;
}

const noPathInApp =
  'The desktop app was not given the path of the dropped file: choose the layout with Browse… instead.';

/** How a layout is chosen other than by typing: Browse… and a file dropped on the page, per shell. */
export function useLayoutBrowse({
  transport,
  lastLayout,
  chooseNative,
  openPath,
  button,
}: Options): LayoutBrowse {
  const client = useClient();
  const [dialog, setDialog] = useState<BrowseDialogState | null>(null);
  const [dropNote, setDropNote] = useState<string | null>(null);
  // The folder listed last in this page wins over the last layout's: it is where the person left off.
  const [lastFolder, setLastFolder] = useState<string | null>(null);
  const layoutFolder = lastLayout === null ? undefined : folderOf(lastLayout);
  const startFolder = lastFolder ?? layoutFolder;
  const startName = lastLayout !== null && startFolder === layoutFolder ? nameOf(lastLayout) : undefined;

  const showDialog = useCallback(
    (note: string | null) => setDialog({ startFolder, startName, note }),
    [startFolder, startName],
  );
  const browse = useCallback(() => {
    if (transport === 'electron') chooseNative();
    else showDialog(null);
  }, [transport, chooseNative, showDialog]);

  usePageDrop((file) => {
    const dropped = client.pathForFile(file);
    setDropNote(dropped === null && transport === 'electron' ? noPathInApp : null);
    if (dropped !== null) openPath(dropped);
    else if (transport !== 'electron') showDialog(noPathInBrowser(file.name));
  });

  const close = useCallback(() => {
    setDialog(null);
    button.current?.focus();
  }, [button]);
  const choose = useCallback(
    (path: string) => {
      close();
      openPath(path);
    },
    [close, openPath],
  );

  return { browse, dialog, rememberFolder: setLastFolder, choose, close, dropNote };
}
