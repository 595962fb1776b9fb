import { spawnSync } from 'node:child_process';
import { renameSync } from 'node:fs';

/**
 * Packs a folder into a newc cpio archive, as the kernel reads an initramfs; the kernel merges several archives
 * given one after the other, so the base, the app and each boot's commands are built separately.
 */
export function writeCpio(rootDir: string, outFile: string): void {
  const partial = `${outFile}.partial`;
  const result = spawnSync('sh', ['-c', `find . | LC_ALL=C sort | cpio -o -H newc --quiet > '${partial}'`], {
    cwd: rootDir,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`cpio of ${rootDir} failed: ${result.stderr}`);
  renameSync(partial, outFile);
}
