import type { StageContext } from '../board/board-stage';
import { stageGapMs } from '../timing/link-model';

/**
 * Model choice `fastbootRequestMs`: the link cost of one OUT request of up to 4096 bytes (`EP_BUFFER_SIZE`). No
 * STM32MP fastboot figure exists (timing-observed.md §5); the one sourced U-Boot fastboot figure is about
 * 25 MB/s over USB High Speed (TI AM62x), so 0.164 ms per 4 KiB at High Speed. At Full Speed, bulk moves at most
 * 19 packets of 64 bytes per 1 ms frame: about 1.0 MB/s taken, 4.1 ms per 4 KiB (an estimate).
 */
const requestMs = { high: 0.164, full: 4.1 } as const;

/** Model choice `fastbootDownloadUntilRequest`: a request shorter than 4096 bytes costs in proportion, at least 2%. */
const minimumShare = 0.02;

export interface FastbootTiming {
  /** One OUT request of `bytes` crosses the link (charged on the link's schedule). */
  request(bytes: number): Promise<void>;
  /**
   * Model choice `fastbootWriteAfterDownload`: U-Boot writes only when `flash:` comes, after the whole download
   * (download and write never overlap, as on the AM62x figure): `bytes` at the rate U-Boot's DFU path flushes its
   * buffer (`stageGapMs.flushBytesPerMs`, about 20 MB/s, an estimate), DONT_CARE costing nothing.
   */
  write(bytes: number): Promise<void>;
  /** `erase:` at the rate stm32prog's erases take (`stageGapMs.eraseBytesPerMs`, an estimate). */
  erase(bytes: number): Promise<void>;
}

export function fastbootTiming(ctx: StageContext): FastbootTiming {
  const perRequest = ctx.faults.fullSpeed ? requestMs.full : requestMs.high;
  return {
    request: (bytes) =>
      ctx.paceBlock(ctx.link.gapMs(perRequest * Math.max(minimumShare, Math.min(1, bytes / 4096)))),
    write: (bytes) =>
      bytes > 0 ? ctx.wait(ctx.link.gapMs(bytes / stageGapMs.flushBytesPerMs)) : Promise.resolve(),
    erase: (bytes) =>
      bytes > 0 ? ctx.wait(ctx.link.gapMs(bytes / stageGapMs.eraseBytesPerMs)) : Promise.resolve(),
  };
}
