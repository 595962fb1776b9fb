import { z } from 'zod';
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
  }),
);
