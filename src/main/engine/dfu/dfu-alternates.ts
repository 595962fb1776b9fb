import { isUsbError } from '../../usb/usb-error';
import type { UsbTransport } from '../../usb/usb-transport';
import { parseDfuAlternateName } from './dfu-alternate-name';
import type { DfuAlternateName } from './dfu-alternate-name';
import { dfuTransferError } from './dfu-control';
import type { DfuInterface } from './dfu-functional-descriptor';

/** One alternate setting of the DFU interface and its name (the string descriptor iInterface). */
export interface DfuAlternate {
  readonly interfaceNumber: number;
  readonly alternateSetting: number;
  readonly stringIndex: number;
  /** The name as the board sent it; `null` when it has none or the read failed. */
  readonly text: string | null;
  /** The name parsed in the STM32MP form; `null` when it is not in that form. */
  readonly parsed: DfuAlternateName | null;
}

/**
 * Reads every alternate's name, in alt order. A name that fails to read is `null` (right after a stage
 * change a board may answer string requests late); a board that left the bus is `DFU_DEVICE_GONE`.
 */
export async function readDfuAlternates(transport: UsbTransport, dfu: DfuInterface): Promise<DfuAlternate[]> {
  const alternates: DfuAlternate[] = [];
  for (const descriptor of dfu.alternates) {
    let text: string | null = null;
    try {
      text = await transport.getStringDescriptor(descriptor.iInterface);
    } catch (error) {
      if (isUsbError(error, 'no-device'))
        throw dfuTransferError('read-alternates', 'reading alternate names', error);
    }
    alternates.push({
      interfaceNumber: dfu.interfaceNumber,
      alternateSetting: descriptor.bAlternateSetting,
      stringIndex: descriptor.iInterface,
      text,
      parsed: text === null ? null : parseDfuAlternateName(text),
    });
  }
  return alternates;
}
