import { expect, test } from './test-base';
import { mkdirSync } from 'node:fs';
import WebSocket from 'ws';
import packageJson from '../package.json' with { type: 'json' };
import { startServe, type ServedShell } from './browser-shell-process';
import { contractRequest } from './contract-request';

let served: ServedShell;

test.beforeAll(async () => {
  served = await startServe();
});

test.afterAll(async () => {
  expect(await served.stop()).toBe(130);
});

test('the printed URL opens the app: its name, its version, and an empty device list', async ({ page }) => {
  await page.goto(served.url);
  await expect(page).toHaveTitle('STM32MP Flasher');
  await expect(page.getByRole('heading', { level: 1, name: 'STM32MP Flasher' })).toBeVisible();
  await expect(page.getByLabel('Version')).toHaveText(`v${packageJson.version}`);
  await expect(page.getByText('No board found')).toBeVisible();
  mkdirSync('e2e/artifacts', { recursive: true });
  await page.screenshot({ path: 'e2e/artifacts/foundation-idle-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'e2e/artifacts/foundation-idle-dark.png' });
});

test('the token leaves the address bar for a per-port cookie, and the page still speaks to the server', async ({
  page,
  context,
}) => {
  const response = await page.goto(served.url);
  expect(response?.request().redirectedFrom()?.url()).toBe(served.url);
  expect(page.url()).toBe(`${served.origin}/`);
  const port = new URL(served.url).port;
  const cookies = await context.cookies(served.origin);
  expect(cookies).toEqual([
    expect.objectContaining({
      name: `stm32mp_flasher_token_${port}`,
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    }),
  ]);
  await expect(page.getByText('No board found')).toBeVisible();
  // The page's own WebSocket is open (its app.info drew the version); another one by the cookie alone works too.
  expect(await contractRequest(page, page.url(), 'app.info', {})).toMatchObject({
    transport: 'browser-shell',
  });
  await page.reload();
  expect(page.url()).toBe(`${served.origin}/`);
  await expect(page.getByLabel('Version')).toHaveText(`v${packageJson.version}`);
});

test('the same address without the token answers 401', async ({ request }) => {
  const response = await request.get(`${served.origin}/`);
  expect(response.status()).toBe(401);
});

test('a WebSocket upgrade from a foreign Origin is refused', async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${served.origin.replace('http', 'ws')}/ws${new URL(served.url).search}`, {
      origin: 'https://evil.example',
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('error', reject);
  });
  expect(status).toBe(403);
});

test.describe('a request to another origin', () => {
  // The refusal this test provokes is the one thing its browser console may show.
  test.use({ expectedNoise: /^CSP: .*https:\/\/evil\.example\// });

  test('the page itself cannot be driven from another site: its CSP forbids other origins', async ({
    page,
  }) => {
    const response = await page.goto(served.url);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    const blocked = await page.evaluate(async () => {
      try {
        await fetch('https://evil.example/');
        return false;
      } catch {
        return true;
      }
    });
    expect(blocked).toBe(true);
  });
});
