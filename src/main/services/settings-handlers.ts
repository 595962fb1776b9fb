import type { SettingsState } from '../../shared/contract';
import { FlasherError } from '../../shared/errors';
import type { RequestHandlers } from './contract-server';
import type { SettingsStore } from './settings-store';

/** The state `settings.get`, `settings.update` and `settings.changed` carry. */
export function settingsState(
  store: SettingsStore,
  reconnectTimeoutOverrideMs: number | null,
): SettingsState {
  return { settings: store.settings, notice: store.notice, reconnectTimeoutOverrideMs };
}

/** The settings side of the contract, over one store. */
export function settingsHandlers(
  store: SettingsStore,
  reconnectTimeoutOverrideMs: number | null,
): Pick<RequestHandlers, 'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => settingsState(store, reconnectTimeoutOverrideMs),
    'settings.update': async (patch) => {
      // The recent layouts are the ones main opened: a client may remove entries, never add one (in Electron
      // they count as the person's choices: file-access-policy.ts).
      const known = new Set(store.settings.recentLayouts);
      if (patch.recentLayouts?.some((entry) => !known.has(entry)) === true)
        throw new FlasherError(
          'PATH_NOT_ALLOWED',
          'The recent layouts are the layouts opened in the app: entries can be removed, not added.',
        );
      await store.update(patch);
      return settingsState(store, reconnectTimeoutOverrideMs);
    },
  };
}
