import { z } from 'zod';
import { defineEvent, defineRequest } from './define';

/** The largest card an image may be made for: 2 TiB (a byte count JSON carries exactly). */
export const maxImageBytes = 2 ** 41;

export const exportedImageSchema = z.object({
  /** The raw card image (a sparse file), absolute. */
  outputPath: z.string().min(1),
  /** Its block map for `bmaptool copy`, beside it. */
  bmapPath: z.string().min(1),
  /** The image's size: the card size asked for. */
  bytes: z.number().int().positive(),
  /** How many of those bytes hold data (what `bmaptool copy` writes). */
  mappedBytes: z.number().int().min(0),
  /** The memory the image is of (`mmc0`: SD card, `mmc1`: eMMC on ST's boards). */
  device: z.string(),
});
export type ExportedImage = z.infer<typeof exportedImageSchema>;

/**
 * "Make SD-card image…": the raw card image U-Boot would leave for a layout, and its `.bmap` (what the CLI's
 * `image <layout> -o card.img` writes). Where it goes is the person's choice, made in main: the desktop app's save
 * dialog (`outputPath` is ignored there), in the browser only `<layout folder>/<layout name>.img`
 * (IMAGE_OUTPUT_NOT_ALLOWED elsewhere). An existing image is replaced only with `overwrite: true`
 * (IMAGE_OUTPUT_EXISTS). `image: null` when the person cancelled the save dialog, or the export (`image.cancel`:
 * then `cancelled: true`, and the partial image and `.bmap` are removed). While it writes, `image.progress` events.
 */
export const imageExport = defineRequest(
  'image.export',
  z
    .object({
      layoutPath: z.string().min(1).max(4096),
      outputPath: z.string().min(1).max(4096).optional(),
      /** The card size in bytes, a multiple of 512; 8 GiB when absent. */
      sizeBytes: z.number().int().positive().max(maxImageBytes).multipleOf(512).optional(),
      overwrite: z.boolean().optional(),
    })
    .strict(),
  z.object({ image: exportedImageSchema.nullable(), cancelled: z.boolean().optional() }),
);

/** Stops the export under way (one at a time); `cancelled: false` when none was. */
export const imageCancel = defineRequest(
  'image.cancel',
  z.object({}).strict(),
  z.object({ cancelled: z.boolean() }),
);

/** How far the export under way has got: image bytes handled of all the layout's images' bytes; at most ten a
 * second, and always the last (`done === total`) before the export's answer. */
export const imageProgress = defineEvent(
  'image.progress',
  z.object({
    outputPath: z.string(),
    done: z.number().int().min(0),
    total: z.number().int().min(0),
  }),
);
