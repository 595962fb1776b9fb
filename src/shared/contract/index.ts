import type { z } from 'zod';
import { accessInstallUdevRule, accessInstallWindowsDriver, accessWindowsDriverInstaller } from './access';
import { appInfo, appOpenLogFolder } from './app';
import { byName } from './define';
import { consoleClose, consoleData, consoleHistory, consoleList, consoleOpen } from './console';
import { boardsChanged, boardsList } from './boards';
import { boardsAddVirtual } from './boards-virtual';
import { doctorRead } from './doctor';
import { filesBrowse } from './files';
import { imageCancel, imageExport, imageProgress } from './image';
import {
  layoutChanged,
  layoutCheck,
  layoutChoose,
  layoutComplete,
  layoutCurrent,
  layoutDigest,
  layoutOpen,
} from './layout';
import { programCancel, programEvent, programFastPath, programStart } from './program';
import { settingsChanged, settingsGet, settingsUpdate } from './settings';
import {
  stationChanged,
  stationGet,
  stationOpen,
  stationProgramAll,
  stationProgramSlot,
  stationSetAuto,
  stationTeach,
} from './station';

export { errorDataSchema, replySchema, type Reply } from './define';
export { transportKinds } from './app';
export {
  udevInstallOutcomes,
  udevInstallResultSchema,
  type UdevInstallOutcome,
  type UdevInstallResult,
  windowsDriverInstallOutcomes,
  windowsDriverInstallResultSchema,
  windowsDriverInstallerInfoSchema,
  type WindowsDriverInstallOutcome,
  type WindowsDriverInstallResult,
  type WindowsDriverInstallerInfo,
} from './access';
export {
  boardAccesses,
  boardStates,
  boardSummarySchema,
  revisionOfProduct,
  type BoardAccess,
  type BoardState,
  type BoardSummary,
} from './boards';
export { consolePortSchema, type ConsolePort } from './console';
export { doctorFormats, type DoctorReport, type DoctorRun, type QuotedLine } from './doctor';
export { maxImageBytes, type ExportedImage } from './image';
export { maxBrowseEntries, type BrowseEntry, type FolderListing } from './files';
export {
  defaultSettings,
  settingsSchema,
  themeChoices,
  type Settings,
  type SettingsState,
  type ThemeChoice,
  type WipeConsent,
} from './settings';

/** Every request the main side answers. */
export const requests = byName(
  appInfo,
  appOpenLogFolder,
  accessInstallUdevRule,
  accessWindowsDriverInstaller,
  accessInstallWindowsDriver,
  boardsList,
  boardsAddVirtual,
  layoutOpen,
  layoutCheck,
  layoutCurrent,
  layoutChoose,
  layoutDigest,
  layoutComplete,
  filesBrowse,
  imageExport,
  imageCancel,
  doctorRead,
  programStart,
  programCancel,
  programFastPath,
  consoleList,
  consoleOpen,
  consoleClose,
  consoleHistory,
  settingsGet,
  settingsUpdate,
  stationGet,
  stationOpen,
  stationProgramAll,
  stationProgramSlot,
  stationSetAuto,
  stationTeach,
);
/** Every event the main side sends. */
export const events = byName(
  boardsChanged,
  layoutChanged,
  programEvent,
  imageProgress,
  consoleData,
  settingsChanged,
  stationChanged,
);

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestOf<N extends RequestName> = z.input<(typeof requests)[N]['request']>;
export type ResponseOf<N extends RequestName> = z.output<(typeof requests)[N]['response']>;
export type EventPayloadOf<N extends EventName> = z.output<(typeof events)[N]['payload']>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/**
 * What the preload exposes as `window.flasher`, and what the WebSocket client offers:
 * the renderer sees one shape and cannot tell the transports apart.
 */
export interface FlasherBridge {
  request(name: RequestName, payload: unknown): Promise<unknown>;
  subscribe(name: EventName, listener: (payload: unknown) => void): () => void;
  /** The path of a file dropped on the page: only the desktop app knows it; the browser answers null. */
  pathForFile(file: unknown): string | null;
}
