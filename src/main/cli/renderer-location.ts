import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built renderer: beside the bundled CLI (`out/cli` → `out/renderer`), or under the package root's
 * `out/renderer` when the CLI runs from source (tests). Null when it has not been built.
 */
export function locateRenderer(moduleUrl: string = import.meta.url): string | null {
  const here = dirname(fileURLToPath(moduleUrl));
  const besideBundle = join(here, '..', 'renderer');
  if (existsSync(join(besideBundle, 'index.html'))) return besideBundle;
  for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const built = join(dir, 'out', 'renderer');
      return existsSync(join(built, 'index.html')) ? built : null;
    }
  }
  return null;
}
