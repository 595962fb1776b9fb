import { z } from 'zod';
import { virtualMachineKinds } from '../virtual-machine';
import { defineRequest } from './define';

export const transportKinds = ['electron', 'browser-shell'] as const;

export const appInfo = defineRequest(
  'app.info',
  z.object({}).strict(),
  z.object({
    name: z.string(),
    version: z.string(),
    platform: z.string(),
    transport: z.enum(transportKinds),
    /** The VM the app runs in, from the host's facts (DMI, kernel, CPU flag): the Boards panel names its fix. */
    virtualMachine: z.enum(virtualMachineKinds),
  }),
);

/**
 * "Open log folder": the desktop app opens the folder of its log file in the file manager (`opened: true`); the
 * browser shell answers with the folder's path only (`opened: false`), since it must not open windows on the
 * server's desktop.
 */
export const appOpenLogFolder = defineRequest(
  'app.openLogFolder',
  z.object({}).strict(),
  z.object({ folder: z.string(), opened: z.boolean() }),
);
