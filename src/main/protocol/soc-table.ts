import type { Soc } from '../../shared/board';
import type { Stm32HeaderVersionName } from './stm32-header';

/** One SoC family's facts that both host and board rely on (spec §2.3, §8; findings §2, §3, §6). */
export interface SocFacts {
  readonly soc: Soc;
  /** Device ID in every product string. */
  readonly deviceId: number;
  readonly fsblHeader: Stm32HeaderVersionName;
  /** The ROM's alt for the FSBL (phase 0x01). */
  readonly romFsblAlt: number;
  /** Whether the ROM starts the FSBL by itself after manifestation (MP15) or waits for DFU_DETACH. */
  readonly romStartsFsblAlone: boolean;
  /** TF-A's alternate names, in alt order (spec §2.3). */
  readonly tfaAlts: readonly string[];
  /** TF-A phases in load order: MP2 loads the DDR-firmware FIP first. */
  readonly tfaPhases: readonly number[];
  /** U-Boot's OTP alt size (`@OTP/0xf2/1*<n>Be`). */
  readonly ubootOtpSize: number;
  /** U-Boot's CONFIG_SYS_LOAD_ADDR, the layout alt's RAM address. */
  readonly ubootLoadAddress: number;
}

const mp15TfaAlts = [
  '@Partition0 /0x00/1*256Ke',
  '@FSBL /0x01/1*1Me',
  '@Partition2 /0x02/1*1Me',
  '@Partition3 /0x03/1*16Me',
  '@Partition4 /0x04/1*16Me',
  '@virtual /0xF1/1*512Ba',
] as const;

export const socTable: Readonly<Record<Soc, SocFacts>> = {
  mp15: {
    soc: 'mp15',
    deviceId: 0x500,
    fsblHeader: 'v1_0',
    romFsblAlt: 1,
    romStartsFsblAlone: true,
    tfaAlts: mp15TfaAlts,
    tfaPhases: [0x03],
    ubootOtpSize: 776,
    ubootLoadAddress: 0xc2000000,
  },
  mp13: {
    soc: 'mp13',
    deviceId: 0x501,
    fsblHeader: 'v2_0',
    romFsblAlt: 0,
    romStartsFsblAlone: false,
    tfaAlts: ['@SSBL /0x03/1*16Me', '@virtual /0xF1/1*512Ba'],
    tfaPhases: [0x03],
    ubootOtpSize: 776,
    ubootLoadAddress: 0xc2000000,
  },
  mp25: {
    soc: 'mp25',
    deviceId: 0x505,
    fsblHeader: 'v2_2',
    romFsblAlt: 0,
    romStartsFsblAlone: false,
    tfaAlts: ['@DDR FIP /0x02/1*32Ke', '@FIP /0x03/1*16Me', '@virtual /0xF1/1*512Ba'],
    tfaPhases: [0x02, 0x03],
    ubootOtpSize: 2952,
    ubootLoadAddress: 0x84000000,
  },
};

export function socByDeviceId(deviceId: number): SocFacts | undefined {
  return Object.values(socTable).find((facts) => facts.deviceId === deviceId);
}
