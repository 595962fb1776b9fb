import { configurationDescriptorBytes, deviceDescriptorBytes } from '../usb-device/descriptor-bytes';
import type { UsbPersonality } from '../usb-device/usb-personality';
import { endpointLayout, epInfoBody, interfaceInfoBody } from './usbredir-endpoints';
import { redirStatus } from './usbredir-protocol';

/**
 * What the peer selected on the presented device: its configuration and each interface's alternate setting,
 * and the ep_info and interface_info bodies that follow from them.
 */
export class RedirSettings {
  #configuration = 0;
  /** The alternate setting selected on each interface (0 when never set). */
  readonly #alternates = new Map<number, number>();

  get configuration(): number {
    return this.#configuration;
  }

  /** A new device, or a SET_CONFIGURATION the board took: every interface back at alternate 0. */
  configure(configuration: number): void {
    this.#configuration = configuration;
    this.#alternates.clear();
  }

  /** A SET_INTERFACE the board took. */
  select(iface: number, alternate: number): void {
    this.#alternates.set(iface, alternate);
  }

  alternateOf(iface: number): number {
    return this.#alternates.get(iface) ?? 0;
  }

  /** alt_setting_status for get_alt_setting: inval unless configured and `iface` exists. */
  altSettingStatus(personality: UsbPersonality, iface: number): Uint8Array {
    const layout = endpointLayout(configurationDescriptorBytes(personality), () => 0);
    const known = this.#configuration !== 0 && layout.interfaces.some((entry) => entry.number === iface);
    return known
      ? Uint8Array.of(redirStatus.success, iface, this.alternateOf(iface))
      : Uint8Array.of(redirStatus.inval, iface, 255);
  }

  /**
   * ep_info and interface_info from the configuration descriptor the board answers now, its endpoints at the
   * alternates selected.
   */
  describe(
    personality: UsbPersonality,
    withMaxPacketSize: boolean,
  ): { epInfo: Uint8Array; interfaceInfo: Uint8Array } {
    const ep0Size = deviceDescriptorBytes(personality)[7] ?? 64;
    const layout = endpointLayout(configurationDescriptorBytes(personality), (iface) =>
      this.alternateOf(iface),
    );
    return {
      epInfo: epInfoBody(layout, ep0Size, withMaxPacketSize),
      interfaceInfo: interfaceInfoBody(layout),
    };
  }
}
