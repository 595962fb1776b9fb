import type { Stage } from '../../../shared/board';
import type { DfuError } from '../dfu/dfu-error';
import { isDfuError } from '../dfu/dfu-error';
import { hex2 } from './board-reading';
import type { ImageKind } from './refused-image';
import { refusedImage } from './refused-image';
import { SessionFailure } from './session-failure';

export interface TransferContext {
  readonly stage: Stage;
  readonly partitionId: number;
  readonly name: string;
  /** Whether the board is still listed on the bus. */
  readonly stillPresent: () => Promise<boolean>;
  /** The board's own error text (GetPhase 0xFF), when it gives one. */
  readonly boardText: () => Promise<string | null>;
  /** The text of an `ERROR:` line the board printed on its console during the transfer, if any. */
  readonly consoleError?: () => string | null;
  /** What the image's first bytes say it is (for what the board takes instead). */
  readonly imageKind?: ImageKind;
}

/** A refused FSBL as the MP15 ROM shows it (findings §13): dfuERROR after dfuMANIFEST, or a STALL there. */
function romRefusal(error: DfuError): boolean {
  if (error.code === 'DFU_ERROR_STATUS') return true;
  return (
    error.code === 'DFU_TRANSFER_ERROR' &&
    error.detail.usbCode === 'stall' &&
    error.detail.step === 'manifest'
  );
}

/**
 * What a failed download means (issue 15 point 5), one rule per case: the board left (`DEVICE_UNPLUGGED`);
 * the board answered a DFU error status (`DEVICE_ERROR_STATUS`, quoting its GetPhase text); a request was
 * STALLed and the board, still answering, explained itself through GetPhase or an `ERROR:` console line
 * (`DEVICE_REFUSED_IMAGE`, with what fits instead); a STALL or another transfer failure nothing explains
 * (`DEVICE_TRANSFER_ERROR`: cable, hub, port). The ROM's refusal of an FSBL is `DEVICE_REFUSED_IMAGE` at once.
 * A failed transfer is not retried.
 */
export async function transferFailure(error: unknown, context: TransferContext): Promise<unknown> {
  if (!isDfuError(error)) return error;
  const what = `partition ${hex2(context.partitionId)} ${context.name}`;
  const at = error.detail.bytesSent === undefined ? '' : ` after ${error.detail.bytesSent} bytes`;
  const evidence = {
    stage: context.stage,
    partitionId: context.partitionId,
    ...(error.detail.usbCode === undefined ? {} : { usbCode: error.detail.usbCode }),
    ...(error.detail.writeDeadlineMs === undefined ? {} : { writeDeadlineMs: error.detail.writeDeadlineMs }),
  };
  const refusal = (boardText: string): unknown =>
    refusedImage({
      stage: context.stage,
      partitionId: context.partitionId,
      name: context.name,
      boardText,
      kind: context.imageKind ?? 'other',
      evidence,
    });
  if (context.stage === 'rom' && romRefusal(error) && (await context.stillPresent())) {
    const status = error.detail.status;
    const words = status === undefined ? error.message : `${status.label}: ${status.message}`;
    return refusal((await context.boardText()) ?? words);
  }
  switch (error.code) {
    case 'DFU_CANCELLED':
      return new SessionFailure('CANCELLED', `cancelled while sending ${what}${at}`, evidence);
    case 'DFU_DEVICE_GONE':
      return new SessionFailure(
        'DEVICE_UNPLUGGED',
        `the board left the bus while receiving ${what}${at}`,
        evidence,
      );
    case 'DFU_SOURCE_ERROR':
      return new SessionFailure(
        'IMAGE_UNREADABLE',
        `the image of ${what} could not be read: ${error.message}`,
        evidence,
      );
    case 'DFU_ALTERNATE_NOT_FOUND':
      return new SessionFailure(
        'BOARD_NEEDS_RESET',
        `the board cannot take ${what}: ${error.message}`,
        evidence,
      );
    case 'DFU_TRANSFER_ERROR':
      if (!(await context.stillPresent()))
        return new SessionFailure(
          'DEVICE_UNPLUGGED',
          `the board left the bus while receiving ${what}${at}`,
          evidence,
        );
      if (error.detail.usbCode === 'stall') {
        const words = (await context.boardText()) ?? context.consoleError?.() ?? null;
        if (words !== null) return refusal(words);
      }
      if (error.detail.writeDeadlineMs !== undefined)
        return new SessionFailure(
          'DEVICE_TRANSFER_ERROR',
          `the board did not answer within the write deadline (${error.detail.writeDeadlineMs / 1000} s) while writing ${what}${at}`,
          evidence,
        );
      return new SessionFailure(
        'DEVICE_TRANSFER_ERROR',
        `a USB transfer failed while sending ${what}${at} and the board stayed on the bus (${error.message})`,
        evidence,
      );
    default: {
      const text = (await context.boardText()) ?? error.detail.status?.message ?? error.message;
      return new SessionFailure(
        'DEVICE_ERROR_STATUS',
        `the board reported an error while receiving ${what}: ${text}`,
        {
          ...evidence,
          boardText: text,
        },
      );
    }
  }
}
