import { expect, test } from './test-base';
import { startServe, type ServedShell } from './browser-shell-process';

let served: ServedShell;

test.beforeAll(async () => {
  served = await startServe(['--sim=2', '--sim-soc', 'mp13', '--sim-speed', 'fast']);
});

test.afterAll(async () => {
  expect(await served.stop()).toBe(130);
});

test('serve --sim=2 lists two virtual boards, with their SoC, stage, serial and slot', async ({ page }) => {
  await page.goto(served.url);
  const boards = page.getByRole('list', { name: 'Boards' }).getByRole('listitem');
  await expect(boards).toHaveCount(2);
  await expect(boards.first()).toContainText('STM32MP13');
  await expect(boards.first()).toContainText('virtual');
  await expect(boards.first()).toContainText('rom');
  await expect(boards.first()).toContainText(/rev\. 0x[0-9a-f]{4}/);
  await expect(boards.first()).toContainText(/serial [0-9A-F]{24}/);
  const slots = await boards.allTextContents();
  expect(new Set(slots.map((text) => /slot (\S+)/.exec(text)?.[1])).size).toBe(2);
  await expect(page.getByText('No board found')).toHaveCount(0);
});

test('each virtual board’s console is listed, already open, under the board’s own id', async ({ page }) => {
  await page.goto(served.url);
  const ports = await page.evaluate(async (pageUrl) => {
    const url = new URL(pageUrl);
    const socket = new WebSocket(`ws://${url.host}/ws${url.search}`);
    await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
    const reply = new Promise<string>((resolve) =>
      socket.addEventListener('message', (message) => resolve(String(message.data)), { once: true }),
    );
    socket.send(JSON.stringify({ kind: 'request', id: 1, name: 'console.list', payload: {} }));
    return JSON.parse(await reply) as {
      reply: { value: { ports: { path: string; kind: string; open: boolean }[] } };
    };
  }, served.url);
  expect(ports.reply.value.ports.filter((port) => port.kind === 'virtual')).toEqual([
    expect.objectContaining({ path: 'virtual-1', kind: 'virtual', open: true }),
    expect.objectContaining({ path: 'virtual-2', kind: 'virtual', open: true }),
  ]);
});

test('with no board, "Start a virtual board" puts one in the list, ready to select', async ({ page }) => {
  const bare = await startServe();
  try {
    await page.goto(bare.url);
    await expect(page.getByText('No board found')).toBeVisible();
    await page.getByLabel('SoC').selectOption('mp25');
    await page.getByRole('button', { name: 'Start a virtual board' }).click();
    const boards = page.getByRole('list', { name: 'Boards' }).getByRole('listitem');
    await expect(boards).toHaveCount(1);
    await expect(boards.first()).toContainText('STM32MP25');
    await expect(boards.first()).toContainText('virtual');
    await expect(page.getByText('No board found')).toHaveCount(0);
  } finally {
    await bare.stop();
  }
});
