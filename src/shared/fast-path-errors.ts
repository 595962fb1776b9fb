import type { ErrorText } from './error-text';

/** The fast path's codes (fastboot, issue 26), part of the one catalog (errors.ts spreads them in). */
export const fastPathErrorTexts = {
  FAST_PATH_UNAVAILABLE: {
    message: 'The fast path (fastboot) cannot program this layout on this board; nothing was sent.',
    hint: 'The message says which condition is missing. Program over DFU with `--fast auto` or `--fast off` (Auto or DFU in the app), or fix that condition (a FIP whose U-Boot runs scripts and flashes the layout’s memory, e.g. ST’s `…-fastboot-sdcard…` or `…-fastboot-emmc…` FIP).',
  },
  FAST_VERIFY_UNAVAILABLE: {
    message:
      'Read-back verify is not available over fastboot (U-Boot’s fastboot has no upload); nothing was sent.',
    hint: 'Leave out --verify to use the fast path, or program over DFU with `--fast off` to read each partition back.',
  },
  FASTBOOT_FAILED: {
    message: 'The board answered FAIL to a fastboot command.',
    hint: 'The board’s own words say why (quoted in the message); its console says more. Reset the board, then program again, or use `--fast off` to program over DFU.',
  },
  FAST_BMAP_STALE: {
    message:
      'The .bmap beside the image does not describe it: the image was changed after the bmap was written.',
    hint: 'Write the bmap again for this image (export the SD-card image again, or `bmaptool create <image> -o <image>.bmap`), or move the stale .bmap away to send the whole image.',
  },
} as const satisfies Record<string, ErrorText>;
