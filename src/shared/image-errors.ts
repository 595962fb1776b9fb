import type { ErrorText } from './error-text';

/** The SD-card image export's codes (`image.export`), part of the one catalog (errors.ts spreads them in). */
export const imageErrorTexts = {
  IMAGE_OUTPUT_NOT_ALLOWED: {
    message: 'The image may not be written there.',
    hint: 'In the browser the image is written only next to its layout, named after it (<layout>.img); the desktop app asks where with a save dialog.',
  },
  IMAGE_OUTPUT_EXISTS: {
    message: 'An image of that name is already there.',
    hint: 'Confirm that it is to be replaced, or move the old image (and its .bmap) away first.',
  },
  IMAGE_NOT_POSSIBLE: {
    message: 'No SD-card image can be made of this layout.',
    hint: 'The layout must be valid and write to SD/eMMC (ip mmcN), with its images where the layout says; the image size must hold every partition.',
  },
  IMAGE_BUSY: {
    message: 'An image is already being written.',
    hint: 'Wait for it to end, then make the next one.',
  },
} as const satisfies Record<string, ErrorText>;
