import type { Stage } from '../../../shared/board';
import { isDfuError } from '../dfu/dfu-error';
import { hex2 } from './board-reading';
import { SessionFailure } from './session-failure';

export interface TransferContext {
  readonly stage: Stage;
  readonly partitionId: number;
  readonly name: string;
  /** Whether the board is still listed on the bus. */
  readonly stillPresent: () => Promise<boolean>;
  /** The board's own error text (GetPhase 0xFF), when it gives one. */
  readonly boardText: () => Promise<string | null>;
}

/**
 * What a failed download means (issue 15 point 5): the board left (`DEVICE_UNPLUGGED`), the board refused the
 * data with its own text (`DEVICE_ERROR_STATUS`), or a control transfer failed while the board stayed
 * (`DEVICE_TRANSFER_ERROR`: cable, hub, port). A failed transfer is not retried.
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
