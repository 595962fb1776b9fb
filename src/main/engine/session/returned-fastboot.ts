import { fastbootAccessHint } from '../../../shared/fastboot-access-hints';
import type { UsbBackend, UsbDeviceEntry } from '../../usb/usb-backend';
import { isUsbError, usbOpenRefusalCodes } from '../../usb/usb-error';
import type { UsbTransport } from '../../usb/usb-transport';
import type { Clock } from '../dfu/clock';
import { FastbootClient } from '../fastboot/fastboot-client';
import type { ReadyOutcome } from './returned-board';

/** The board as U-Boot's fastboot gadget (0483:0afb), opened, its interface claimed, answering. */
export interface FastbootBoard {
  readonly entry: UsbDeviceEntry;
  readonly transport: UsbTransport;
  readonly client: FastbootClient;
  /** `getvar:max-download-size`: the largest piece one `download` takes. */
  readonly maxDownloadSize: number;
}

export interface FastbootOpenOptions {
  readonly backend: UsbBackend;
  readonly clock: Clock;
  readonly readyMs: number;
  readonly pollMs: number;
  readonly signal?: AbortSignal;
  /** Whose words a refused open gets (udev rule for 0afb, WinUSB for 0afb). */
  readonly platform: string;
  /** The board's INFO and TEXT lines. */
  readonly onMessage: (kind: 'INFO' | 'TEXT', text: string) => void;
}

/**
 * Opens the board come back as the fastboot gadget and waits until it answers `getvar:max-download-size`. A refused
 * open is reported with the host's hint (udev rule, WinUSB driver for 0afb); a device without a fastboot interface
 * (the board came back as something else) is not this stage: `gone`, and the watcher keeps waiting.
 */
export async function openReturnedFastboot(
  entry: UsbDeviceEntry,
  options: FastbootOpenOptions,
): Promise<ReadyOutcome<FastbootBoard>> {
  let transport: UsbTransport;
  try {
    transport = await options.backend.open(entry);
  } catch (error) {
    if (isUsbError(error) && (usbOpenRefusalCodes as readonly string[]).includes(error.code))
      // The fastboot device's own fix: the adapter's hint is about 0483:df11, which this host already opens.
      return {
        kind: 'refused',
        code: error.code,
        message: error.message,
        hint: fastbootAccessHint(options.platform),
      };
    return { kind: 'gone' };
  }
  const deadline = options.clock.now() + options.readyMs;
  try {
    const client = await FastbootClient.open(transport, { onMessage: options.onMessage });
    for (;;) {
      try {
        const maxDownloadSize = await client.getMaxDownloadSize();
        return { kind: 'ready', board: { entry, transport, client, maxDownloadSize } };
      } catch (error) {
        if (isUsbError(error) && error.code === 'no-device') throw error;
      }
      if (options.clock.now() >= deadline)
        throw new Error(`the board was not ready within ${options.readyMs} ms`);
      await options.clock.sleep(options.pollMs, options.signal);
    }
  } catch (error) {
    await transport.close();
    if (options.signal?.aborted === true) throw error;
    return { kind: 'gone' };
  }
}
