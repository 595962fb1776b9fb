import { readFile, readdir, readlink, realpath } from 'node:fs/promises';

/**
 * Which program holds a device file open, as `name (pid N)`: Linux only (from /proc); `null` elsewhere or
 * when nobody visible holds it.
 */
export async function findPortHolder(devicePath: string, procRoot = '/proc'): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  let target: string;
  try {
    target = await realpath(devicePath);
  } catch {
    return null;
  }
  const pids = (await readdir(procRoot).catch(() => [])).filter((entry) => /^\d+$/.test(entry));
  const holders: string[] = [];
  for (const pid of pids) {
    const fds = await readdir(`${procRoot}/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const link = await readlink(`${procRoot}/${pid}/fd/${fd}`).catch(() => null);
      if (link !== target) continue;
      const name = (await readFile(`${procRoot}/${pid}/comm`, 'utf8').catch(() => '?')).trim();
      holders.push(`${name} (pid ${pid})`);
      break;
    }
  }
  return holders.length === 0 ? null : holders.join(', ');
}
