import { useEffect, useRef, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { BrowseEntry } from '../../../shared/contract';
import './browse-dialog.css';
import { keepFocusInside, moveAmongEntries } from './dialog-keys';
import { useFolderListing } from './use-folder-listing';

interface Props {
  /** The folder to open at (the last one used); the main side's starting folder when undefined. */
  readonly startFolder: string | undefined;
  /** The entry the focus starts on (the last layout chosen); the first entry when absent or not there. */
  readonly startName: string | undefined;
  /** Said above the list: why the dialog opened (a drop in a browser). */
  readonly note: string | null;
  /** Each folder listed, so the next Browse… starts there. */
  readonly onFolder: (folder: string) => void;
  readonly onChoose: (path: string) => void;
  readonly onClose: () => void;
}

/** Which entry gets the focus once a listing arrives: the first, or the folder just left (going up). */
type FocusWish = { readonly first: true } | { readonly name: string };

/**
 * The browser shell's "Browse…": a modal listing one folder's folders and layouts (names only) through
 * `files.browse`. Keyboard: arrows, Home/End or Tab move; Enter opens a folder or chooses a layout; Backspace or
 * "Parent folder" goes up; Escape closes. The focus stays inside until it closes.
 */
export function BrowseDialog({ startFolder, startName, note, onFolder, onChoose, onClose }: Props) {
  const { listing, failure, show } = useFolderListing();
  const dialog = useRef<HTMLDivElement>(null);
  const focusWish = useRef<FocusWish>(startName === undefined ? { first: true } : { name: startName });

  useEffect(() => {
    dialog.current?.focus();
    show(startFolder, true);
    // Opened once per mount: a later change of the start folder does not move an open dialog.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [show]);

  useEffect(() => {
    if (listing === null) return;
    onFolder(listing.folder);
    const wish = focusWish.current;
    const buttons = [...(dialog.current?.querySelectorAll<HTMLButtonElement>('[data-entry]') ?? [])];
    const wanted = 'name' in wish ? buttons.find((button) => button.dataset.entry === wish.name) : undefined;
    (wanted ?? buttons.find((button) => button.dataset.entry !== '..') ?? buttons[0])?.focus();
    // onFolder is the panel's setter; only a new listing moves the focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [listing]);

  const open = (folder: string, wish: FocusWish) => {
    focusWish.current = wish;
    show(folder);
  };
  const goUp = () => {
    if (listing?.parent == null) return;
    const name = listing.folder
      .split(/[\\/]/)
      .filter((part) => part !== '')
      .at(-1);
    open(listing.parent, name === undefined ? { first: true } : { name });
  };
  const pick = (entry: BrowseEntry) =>
    entry.kind === 'folder' ? open(entry.path, { first: true }) : onChoose(entry.path);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'Backspace') {
      event.preventDefault();
      goUp();
    } else if (event.key === 'Tab') keepFocusInside(event, dialog.current);
    else moveAmongEntries(event, dialog.current);
  };

  // On the body, above every panel (a panel's `contain: paint` would clip a fixed child).
  return createPortal(
    <div
      className="browse-backdrop"
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
    >
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-labelledby="browse-title"
        className="browse-dialog"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id="browse-title">Choose a layout</h2>
        {note !== null && <p role="alert">{note}</p>}
        <p className="browse-where">
          Folder: <span className="mono">{listing?.folder ?? 'Listing…'}</span>
        </p>
        {listing !== null && listing.roots.length > 1 && (
          <div className="browse-roots" aria-label="Folders this app may read" role="group">
            {listing.roots.map((root) => (
              <button
                key={root}
                type="button"
                className="secondary mono"
                onClick={() => open(root, { first: true })}
              >
                {root}
              </button>
            ))}
          </div>
        )}
        {failure !== null && <p role="alert">{failure}</p>}
        {listing !== null && (
          <ul className="browse-entries" aria-label={`Folders and layouts in ${listing.folder}`}>
            {listing.parent !== null && (
              <li>
                <button type="button" className="browse-entry browse-parent" data-entry=".." onClick={goUp}>
                  Parent folder
                </button>
              </li>
            )}
            {listing.entries.map((entry) => (
              <li key={entry.path}>
                <button
                  type="button"
                  className={`browse-entry browse-kind-${entry.kind} mono`}
                  data-entry={entry.name}
                  onClick={() => pick(entry)}
                >
                  {entry.kind === 'folder' ? `${entry.name}/` : entry.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        {listing?.entries.length === 0 && <p>No folders or .tsv files here.</p>}
        {listing !== null && listing.more > 0 && (
          <p>{listing.more} more not shown: type the path into the Layout file field to reach them.</p>
        )}
        <div className="browse-actions">
          <p className="browse-keys">↑ ↓ move · Enter opens · Backspace goes up · Esc closes</p>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
