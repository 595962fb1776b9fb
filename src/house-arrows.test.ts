import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Small bad (and good) fixtures, linted as if they stood at these paths: the lint rules in
// eslint.config.js are what keep the house's arrows (../shared/style/house.md) pointing one way.
const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the house arrows', () => {
  it.each([
    ['src/main/engine/session/bad.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/main/services/bad.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['src/main/shell/bad.ts', "import { BrowserWindow } from 'electron';\nexport const a = BrowserWindow;\n"],
    ['src/shared/bad.ts', "import { shell } from 'electron';\nexport const a = shell;\n"],
    ['src/renderer/bad.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
  ])('fail on an electron import outside src/main/electron/ (%s)', async (path, code) => {
    expect(await importErrors(path, code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/only under src\/main\/electron/)]),
    );
  });

  it('allow electron inside src/main/electron/', async () => {
    expect(
      await importErrors(
        'src/main/electron/good.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'src/renderer/features/bad.ts',
      "import { createServices } from '../../main/services/create-services';\n",
    ],
    ['src/renderer/bad.ts', "import { x } from '../main/engine/layout/parse';\n"],
    ['src/renderer/bad.ts', "import { readFile } from 'node:fs/promises';\n"],
  ])('fail on a renderer import from src/main or Node (%s)', async (path, code) => {
    expect(await importErrors(path, `${code}export const a = 1;\n`)).toHaveLength(1);
  });

  it('allow the renderer to import src/shared', async () => {
    expect(
      await importErrors(
        'src/renderer/good.ts',
        "import { stages } from '../shared/board';\nexport const a = stages;\n",
      ),
    ).toEqual([]);
  });

  it.each([
    ['src/main/engine/session/bad.ts', "import { x } from '../../virtual-board/board';\n"],
    ['src/main/virtual-board/bad.ts', "import { x } from '../engine/layout/parse';\n"],
    ['src/main/engine/bad.ts', "import { x } from '../usb/libusb/libusb-backend';\n"],
    ['src/main/usb/bad.ts', "import { x } from '../engine/dfu/dfu-device';\n"],
    ['src/main/protocol/bad.ts', "import { x } from '../usb/usb-backend';\n"],
    ['src/shared/bad.ts', "import { x } from '../main/app-identity';\n"],
    ['src/main/services/bad.ts', "import { x } from '../virtual-board/board';\n"],
    ['src/main/engine/bad.ts', "import { x } from '../compose/compose-app';\n"],
    ['src/main/cli/commands/bad.ts', "import { x } from '../../virtual-board/sim/board-farm';\n"],
    ['src/main/electron/bad.ts', "import { x } from '../usb/libusb/libusb-backend';\n"],
    ['src/main/compose/bad.ts', "import { x } from '../cli/cli-program';\n"],
  ])('fail on an arrow pointing the wrong way (%s)', async (path, code) => {
    expect(await importErrors(path, `${code}export const a = x;\n`)).toHaveLength(1);
  });

  it('allow compose/ to build the backends, and the CLI to call compose/', async () => {
    const compose =
      "import { a } from '../usb/libusb/libusb-backend';\nimport { b } from '../virtual-board/sim/board-farm';\nexport const x = [a, b];\n";
    expect(await importErrors('src/main/compose/good.ts', compose)).toEqual([]);
    const cli = "import { composeApp } from '../../compose/compose-app';\nexport const x = composeApp;\n";
    expect(await importErrors('src/main/cli/commands/good.ts', cli)).toEqual([]);
  });

  it('allow the engine to use the seam and the protocol data', async () => {
    const code =
      "import { a } from '../usb/usb-backend';\nimport { b } from '../protocol/stm32-header';\nexport const c = [a, b];\n";
    expect(await importErrors('src/main/engine/good.ts', code)).toEqual([]);
  });
});
