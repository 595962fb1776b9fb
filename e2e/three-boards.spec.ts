import { expect, test } from './test-base';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../src/main/engine/layout/test-support/layout-images';
import { stageLayout } from '../src/main/cli/program/test-support/staged-fixture';
import { startServe, type ServedShell } from './browser-shell-process';
import { startProgramming } from './start-programming';

// Three virtual boards on neighbouring slots; the middle one is programmed. A board is not a USB device: through
// every re-enumeration it keeps its row, its place and its state, and the Program panel keeps naming it.
const fixture = 'stm32mp157a-dk1-sdcard-trusted-blog.tsv';
let dir: string;
let served: ServedShell | null = null;

test.beforeAll(async () => {
  dir = await makeTempDir();
});

test.afterAll(async () => {
  await served?.stop();
  await removeTempDir(dir);
});

/**
 * Runs in the page (as text: the e2e project is typed for Node): records the board rows' order and state words and
 * the Program panel's target line at every DOM change, into `window.boardHistory`.
 */
const recordBoardHistory = `(() => {
  const history = [];
  window.boardHistory = history;
  const take = () => {
    const items = [...document.querySelectorAll('li[data-board-id]')];
    history.push({
      order: items.map((item) => item.dataset.boardId),
      states: Object.fromEntries(
        items.map((item) => [item.dataset.boardId, item.querySelector('.board-state')?.textContent ?? '']),
      ),
      target: document.querySelector('.program-target')?.textContent ?? '',
    });
  };
  new MutationObserver(take).observe(document.body, { subtree: true, childList: true, characterData: true });
  take();
})()`;

interface Snapshot {
  readonly order: string[];
  readonly states: Record<string, string>;
  readonly target: string;
}

test('serve --sim=3: the middle board keeps its row, place and state through every re-enumeration', async ({
  page,
}) => {
  const { layoutPath } = await stageLayout(fixture, path.join(dir, 'images'), 'mp15');
  served = await startServe([
    '--sim=3',
    '--sim-speed',
    'x20',
    '--sim-storage',
    path.join(dir, 'storage'),
    '--reconnect-timeout',
    '20000',
    '--layout',
    layoutPath,
  ]);
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.goto(served.url);
  const rows = page.locator('li[data-board-id]');
  await expect(rows).toHaveCount(3);
  await page.locator('li[data-board-id="virtual-2"]').getByRole('radio').check();
  // Every change of the board list and the Program panel is recorded in the page as it happens: the test reads
  // the whole history at the end, so nothing it asserts can scroll or time away.
  await page.evaluate(recordBoardHistory);
  await startProgramming(page);
  const banner = page.getByRole('status').filter({ hasText: 'Programmed' });
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(banner).toBeInViewport();
  const history = (await page.evaluate('window.boardHistory')) as Snapshot[];
  const during = history.filter((snapshot) =>
    /programming|re-enumerating/.test(snapshot.states['virtual-2'] ?? ''),
  );
  expect(during.length).toBeGreaterThan(5);
  for (const snapshot of history) expect(snapshot.order).toEqual(['virtual-1', 'virtual-2', 'virtual-3']);
  for (const snapshot of during) {
    expect(snapshot.states['virtual-1']).toBe('idle');
    expect(snapshot.states['virtual-3']).toBe('idle');
    expect(snapshot.target).toMatch(/slot 1-2/);
  }
  const countdowns = during.flatMap((snapshot) => {
    const match = /re-enumerating — back as (.+) within (\d+) s/.exec(snapshot.states['virtual-2'] ?? '');
    return match === null ? [] : [match[1]];
  });
  // MP15 2019 flow: TF-A → U-Boot (partitions, the layout already parsed) is the one re-enumeration.
  expect(countdowns.length).toBeGreaterThan(0);
  await expect(page.locator('li[data-board-id="virtual-2"] .board-state')).toHaveText('passed');
  await expect(page.locator('.program-target')).toContainText('slot 1-2');
  await expect(page.getByText(/No board found/)).toHaveCount(0);
});
