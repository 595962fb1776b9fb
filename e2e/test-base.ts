import { expect, test as base } from '@playwright/test';

/**
 * Every e2e test runs on this `test`: it watches its page and fails the test when the browser console shows a
 * Content-Security-Policy refusal or a request fails (a network error or an HTTP status of 400 or more). A test
 * that causes failures on purpose (the connection-loss test) declares them with `test.use({ expectedNoise: /…/ })`:
 * one pattern (join several with `|`), since Playwright reads an array option `[value, {…}]` as value and options.
 */
export const test = base.extend<{ expectedNoise: RegExp | null; browserNoise: undefined }>({
  expectedNoise: [null, { option: true }],
  browserNoise: [
    async ({ page, expectedNoise }, use) => {
      const noise: string[] = [];
      page.on('console', (message) => {
        const text = message.text();
        if (/Content[- ]Security[- ]Policy|Refused to/i.test(text)) noise.push(`CSP: ${text}`);
        else if (message.type() === 'error' && /Failed to load resource/i.test(text))
          noise.push(`console: ${text}`);
      });
      page.on('requestfailed', (request) => {
        // A request the page's own navigation cut short (the token's redirect, a reload) did not fail.
        if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
        noise.push(
          `request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? '?'})`,
        );
      });
      page.on('response', (response) => {
        if (response.status() >= 400) noise.push(`HTTP ${response.status()}: ${response.url()}`);
      });
      await use(undefined);
      const unexpected = noise.filter((line) => expectedNoise === null || !expectedNoise.test(line));
      expect(unexpected, 'browser console: CSP refusals and failed requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
