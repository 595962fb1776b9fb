import { diagnosisHints } from '../../../shared/errors';
import type { UsbBackend } from '../../usb/usb-backend';
import type { StartWarning } from './session-options';

/**
 * What the host itself says at the start of a run about seeing the board again: a warning before anything is
 * sent, so a person can stop a run that cannot follow the board (and the diagnosis ranks its hint first).
 */
export function hostWarnings(backend: UsbBackend): StartWarning[] {
  if (backend.hotplugProblem?.() !== 'udev-not-running') return [];
  return [
    {
      code: 'UDEV_NOT_RUNNING',
      message:
        'no udev daemon runs here: the board will not be seen again once it leaves the bus to change stage',
      hint: diagnosisHints.udevNotRunning,
    },
  ];
}
