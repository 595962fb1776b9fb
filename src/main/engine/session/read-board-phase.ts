import type { DfuDevice } from '../dfu/dfu-device';
import { isDfuError } from '../dfu/dfu-error';
import type { PhaseAnswer } from '../dfu/phase-answer';
import { SessionFailure } from './session-failure';

/** GetPhase on an open board, its failures as the session reports them (a board gone, a transfer that failed). */
export async function readBoardPhase(device: DfuDevice): Promise<PhaseAnswer> {
  try {
    return await device.getPhase();
  } catch (error) {
    if (isDfuError(error, 'DFU_DEVICE_GONE'))
      throw new SessionFailure('DEVICE_UNPLUGGED', 'the board left the bus while asked what it wants next', {
        usbCode: 'no-device',
      });
    if (isDfuError(error))
      throw new SessionFailure('DEVICE_TRANSFER_ERROR', `GetPhase failed: ${error.message}`, {
        ...(error.detail.usbCode === undefined ? {} : { usbCode: error.detail.usbCode }),
      });
    throw error;
  }
}
