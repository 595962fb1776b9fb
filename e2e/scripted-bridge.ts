import type { Page } from '@playwright/test';

/**
 * A stand-in for the preload's `window.flasher`, installed before the app's scripts run: requests are
 * answered from `answers` (by name), everything else with an error, and `emitInPage` pushes events. It
 * lets the real renderer in Chromium draw the states of a run before the main side serves
 * `program.start`. Written as plain script text: the e2e files are typed for Node, not the DOM.
 */
export async function installScriptedBridge(page: Page, answers: Record<string, unknown>): Promise<void> {
  await page.addInitScript({
    content: `(() => {
  const answers = ${JSON.stringify(answers)};
  const listeners = new Map();
  window.__requests = [];
  window.__emit = (name, payload) => { for (const listener of listeners.get(name) ?? []) listener(payload); };
  Object.defineProperty(window, 'flasher', { value: {
    request: async (name, payload) => {
      window.__requests.push({ name, payload });
      if (name === 'settings.update') return { ok: true, value: { ...answers['settings.get'], settings: { ...answers['settings.get'].settings, ...payload } } };
      if (name in answers) return { ok: true, value: answers[name] };
      return { ok: false, error: { code: 'BAD_REQUEST', message: 'Not scripted: ' + name, hint: '' } };
    },
    subscribe: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
    pathForFile: () => null,
  } });
})();`,
  });
}

export async function emitInPage(page: Page, name: string, payload: unknown): Promise<void> {
  await page.evaluate(`window.__emit(${JSON.stringify(name)}, ${JSON.stringify(payload)})`);
}
