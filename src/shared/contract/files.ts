import { z } from 'zod';
import { defineRequest } from './define';

/** How many entries `files.browse` lists at most; the rest are counted in `more`. */
export const maxBrowseEntries = 500;

export const browseEntrySchema = z.object({
  /** The entry's name in its folder. */
  name: z.string().min(1),
  /** Its full path, as the main side spells paths (the renderer never joins paths itself). */
  path: z.string().min(1),
  kind: z.enum(['folder', 'layout']),
});
export type BrowseEntry = z.infer<typeof browseEntrySchema>;

export const folderListingSchema = z.object({
  /** The folder listed, as a real path (symlinks and `..` resolved). */
  folder: z.string().min(1),
  /** The folder above it, when the client may list it too; null at the top of what may be read. */
  parent: z.string().min(1).nullable(),
  /** Folders first, then layouts, each sorted by name; hidden ones left out. */
  entries: z.array(browseEntrySchema).max(maxBrowseEntries),
  /** How many more folders and layouts the folder holds than are listed. */
  more: z.number().int().min(0),
  /** The folders the client may read (`serve --files`), to start again from. */
  roots: z.array(z.string().min(1)).max(64),
});
export type FolderListing = z.infer<typeof folderListingSchema>;

/**
 * The browser shell's "Browse…" (a browser has no file dialog that gives paths): the folders and `.tsv` files of
 * one folder, names only, never contents, and only where the file access policy lets the client list
 * (PATH_NOT_ALLOWED elsewhere). Without `folder`: where the app was started, else the first allowed folder. A
 * relative folder is taken from the folder the app was started in.
 */
export const filesBrowse = defineRequest(
  'files.browse',
  z.object({ folder: z.string().min(1).max(4096).optional() }).strict(),
  folderListingSchema,
);
