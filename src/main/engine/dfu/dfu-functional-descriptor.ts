import { dfuAttribute, dfuFunctionalDescriptor, dfuInterfaceClass } from '../../protocol/dfu';
import type { UsbConfigurationDescriptor, UsbInterfaceDescriptor } from '../../usb/usb-descriptors';
import { DfuError } from './dfu-error';

/** The DFU functional descriptor (DFU 1.1 §4.1.3, type 0x21), decoded. */
export interface DfuFunctionalDescriptor {
  readonly canDownload: boolean;
  readonly canUpload: boolean;
  readonly manifestationTolerant: boolean;
  readonly willDetach: boolean;
  readonly detachTimeoutMs: number;
  /** wTransferSize: the most bytes one DNLOAD or UPLOAD carries (1024 ROM/TF-A, 4096 U-Boot). */
  readonly transferSize: number;
  readonly dfuVersion: number;
}

/** The DFU-mode interface of a configuration: its number and its alternate settings in order. */
export interface DfuInterface {
  readonly interfaceNumber: number;
  readonly alternates: readonly UsbInterfaceDescriptor[];
  readonly functional: DfuFunctionalDescriptor;
}

const isDfuMode = (descriptor: UsbInterfaceDescriptor): boolean =>
  descriptor.bInterfaceClass === dfuInterfaceClass.class &&
  descriptor.bInterfaceSubClass === dfuInterfaceClass.subClass &&
  descriptor.bInterfaceProtocol === dfuInterfaceClass.protocol;

/** Finds a DFU functional descriptor inside a run of class-specific descriptors; `null` when absent. */
export function parseDfuFunctionalDescriptor(extra: Uint8Array): DfuFunctionalDescriptor | null {
  let offset = 0;
  while (offset + 2 <= extra.length) {
    const length = extra[offset] ?? 0;
    const type = extra[offset + 1] ?? 0;
    if (length < 2) return null;
    if (type === dfuFunctionalDescriptor.type && length >= 7 && offset + 7 <= extra.length) {
      const view = new DataView(
        extra.buffer,
        extra.byteOffset + offset,
        Math.min(length, extra.length - offset),
      );
      const attributes = view.getUint8(2);
      return {
        canDownload: (attributes & dfuAttribute.canDownload) !== 0,
        canUpload: (attributes & dfuAttribute.canUpload) !== 0,
        manifestationTolerant: (attributes & dfuAttribute.manifestationTolerant) !== 0,
        willDetach: (attributes & dfuAttribute.willDetach) !== 0,
        detachTimeoutMs: view.getUint16(3, true),
        transferSize: view.getUint16(5, true),
        dfuVersion: view.byteLength >= 9 ? view.getUint16(7, true) : 0x0100,
      };
    }
    offset += length;
  }
  return null;
}

/**
 * The first DFU-mode interface of the configuration, with the functional descriptor found after any of
 * its alternate settings or, failing that, after the configuration descriptor itself.
 */
export function findDfuInterface(configuration: UsbConfigurationDescriptor): DfuInterface {
  for (const alternates of configuration.interfaces) {
    const first = alternates[0];
    if (first === undefined || !isDfuMode(first)) continue;
    const functional =
      alternates.map((alt) => parseDfuFunctionalDescriptor(alt.extra)).find((found) => found !== null) ??
      parseDfuFunctionalDescriptor(configuration.extra);
    if (functional === null || functional.transferSize === 0) {
      throw new DfuError(
        'DFU_NO_DFU_INTERFACE',
        `interface ${first.bInterfaceNumber} is DFU but has no usable DFU functional descriptor (wTransferSize)`,
        { step: 'open' },
      );
    }
    return { interfaceNumber: first.bInterfaceNumber, alternates, functional };
  }
  throw new DfuError('DFU_NO_DFU_INTERFACE', 'the device has no DFU-mode interface (class 0xFE/0x01/0x02)', {
    step: 'open',
  });
}
