import type { ErrorText } from './error-text';

/** The fastboot fast path's codes (issue 26), part of the one catalog (errors.ts spreads them in). */
export const fastPathErrorTexts = {
  FAST_BMAP_STALE: {
    message:
      'The .bmap beside the image does not describe it: the image was changed after the bmap was written.',
    hint: 'Write the bmap again for this image (export the SD-card image again, or `bmaptool create <image> -o <image>.bmap`), or move the stale .bmap away to send the whole image.',
  },
} as const satisfies Record<string, ErrorText>;
