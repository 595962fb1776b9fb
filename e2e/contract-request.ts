import type { Page } from '@playwright/test';

/**
 * One contract request from the page, over its own WebSocket to the browser shell (same origin and token as the
 * app): for assertions on state the screen may have scrolled away, such as a console's whole history.
 */
export async function contractRequest(
  page: Page,
  pageUrl: string,
  name: string,
  payload: unknown,
): Promise<unknown> {
  const answer = await page.evaluate(
    async ({ url, request }) => {
      const address = new URL(url);
      const socket = new WebSocket(`ws://${address.host}/ws${address.search}`);
      await new Promise((resolve) => socket.addEventListener('open', resolve, { once: true }));
      const reply = new Promise<string>((resolve) => {
        const onMessage = (message: MessageEvent) => {
          const frame = JSON.parse(String(message.data)) as { kind: string; id?: number };
          if (frame.kind !== 'reply' || frame.id !== 1) return;
          socket.removeEventListener('message', onMessage);
          resolve(String(message.data));
        };
        socket.addEventListener('message', onMessage);
      });
      socket.send(JSON.stringify({ kind: 'request', id: 1, ...request }));
      const text = await reply;
      socket.close();
      return text;
    },
    { url: pageUrl, request: { name, payload } },
  );
  const frame = JSON.parse(answer) as { reply: { ok: boolean; value?: unknown; error?: unknown } };
  if (!frame.reply.ok) throw new Error(`${name} failed: ${JSON.stringify(frame.reply.error)}`);
  return frame.reply.value;
}
