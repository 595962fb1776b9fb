import { describe, expect, it } from 'vitest';
import { folderOf, nameOf } from './use-folder-listing';

describe('folderOf and nameOf: where Browse… starts, and on which entry', () => {
  it('split a path as the main side spells it, on Linux, macOS and Windows', () => {
    expect(folderOf('/srv/layouts/dk2/FlashLayout.tsv')).toBe('/srv/layouts/dk2');
    expect(folderOf('/FlashLayout.tsv')).toBe('/');
    expect(folderOf('C:\\layouts\\FlashLayout.tsv')).toBe('C:\\layouts');
    expect(folderOf('C:\\FlashLayout.tsv')).toBe('C:\\');
    expect(folderOf('FlashLayout.tsv')).toBe('.');
    expect(nameOf('/srv/layouts/dk2/FlashLayout.tsv')).toBe('FlashLayout.tsv');
    expect(nameOf('C:\\layouts\\FlashLayout.tsv')).toBe('FlashLayout.tsv');
  });
});
