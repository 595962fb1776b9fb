import type { SettingsState } from '../../shared/contract';
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
      await store.update(patch);
      return settingsState(store, reconnectTimeoutOverrideMs);
    },
  };
}
