import { z } from 'zod';
import { reconnectTimeout, reconnectTimeoutMsSchema } from '../deadlines';
import { defineEvent, defineRequest } from './define';

export const themeChoices = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

/** How many layouts the recent list keeps, newest first. */
export const maxRecentLayouts = 10;

/** A layout whose full update the user agreed to: its memories' partition tables are rewritten. */
export const wipeConsentSchema = z.object({
  layoutPath: z.string().min(1),
  /** The memories (IP column: `mmc0`, `nand0`) the consent covers. */
  memories: z.array(z.string().min(1)).max(16),
});
export type WipeConsent = z.infer<typeof wipeConsentSchema>;

/** What the app remembers between runs; stored by the main side as JSON in the OS's user-data folder. */
export const settingsSchema = z.object({
  /** The come-back deadline of a re-enumeration, for runs that name none. */
  reconnectTimeoutMs: reconnectTimeoutMsSchema,
  defaultBaudRate: z.number().int().positive().max(4_000_000),
  theme: z.enum(themeChoices),
  recentLayouts: z.array(z.string().min(1)).max(maxRecentLayouts),
  /** A name a person gives a board, keyed by its serial (the chip's unique ID). */
  nicknames: z.record(z.string().min(1), z.string().min(1).max(64)),
  wipeConsents: z.array(wipeConsentSchema).max(200),
  /** The station view lets the operator go back to the desk and change auto mode (a supervisor's choice). */
  stationUnlocked: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = {
  reconnectTimeoutMs: reconnectTimeout.defaultMs,
  defaultBaudRate: 115_200,
  theme: 'system',
  recentLayouts: [],
  nicknames: {},
  wipeConsents: [],
  stationUnlocked: false,
};

const settingsState = z.object({
  settings: settingsSchema,
  /** Said once when the stored file could not be used (it was set aside and defaults replaced it). */
  notice: z.string().nullable(),
  /** The reconnect timeout given at start (`serve --reconnect-timeout`), which wins over the setting. */
  reconnectTimeoutOverrideMs: z.number().int().positive().nullable(),
});
export type SettingsState = z.infer<typeof settingsState>;

export const settingsGet = defineRequest('settings.get', z.object({}).strict(), settingsState);

/** Changes some settings; the answer and `settings.changed` carry all of them. */
export const settingsUpdate = defineRequest(
  'settings.update',
  settingsSchema.partial().strict(),
  settingsState,
);

export const settingsChanged = defineEvent('settings.changed', settingsState);
