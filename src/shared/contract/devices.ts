import { z } from 'zod';
import { linkSpeeds, socs, stages } from '../board';
import { defineEvent, defineRequest } from './define';

/** One board as the device list shows it: real (libusb) or virtual. */
export const deviceSummarySchema = z.object({
  /** Stable within one application run; use it to address the board in later requests. */
  id: z.string(),
  virtual: z.boolean(),
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  product: z.string().nullable(),
  serial: z.string().nullable(),
  /** Bus number and port chain, e.g. `1-2.3`. */
  portPath: z.string(),
  speed: z.enum(linkSpeeds),
  stage: z.enum(stages).nullable(),
  soc: z.enum(socs).nullable(),
  /** The chip revision every stage's product string carries (`@Revision ID /0x2000`), else null. */
  revision: z.string().nullable(),
  /** False when the board is visible on the bus but cannot be opened (driver, udev, VM filter). */
  openable: z.boolean(),
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

/** `0x2000` from a product string's `@Revision ID /0x2000` (ROM, TF-A and U-Boot all carry it), else null. */
export function revisionOfProduct(product: string | null): string | null {
  const hex = /@Revision ID \/0x([0-9a-f]{1,4})/i.exec(product ?? '')?.[1];
  return hex === undefined ? null : `0x${hex.toLowerCase().padStart(4, '0')}`;
}

const deviceList = z.object({ devices: z.array(deviceSummarySchema) });

export const devicesList = defineRequest('devices.list', z.object({}).strict(), deviceList);
export const devicesChanged = defineEvent('devices.changed', deviceList);
