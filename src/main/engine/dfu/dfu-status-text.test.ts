import { describe, expect, it } from 'vitest';
import { dfuStatus } from '../../protocol/dfu';
import { decodeDfuStatus, dfuStateLabel } from './dfu-status-text';
import { parseDfuFunctionalDescriptor } from './dfu-functional-descriptor';

describe('decodeDfuStatus', () => {
  it('gives each of the 16 DFU 1.1 statuses its own label and message', () => {
    const decoded = Object.values(dfuStatus).map(decodeDfuStatus);
    expect(decoded).toHaveLength(16);
    expect(decoded.map((d) => d.label)).toEqual([
      'OK',
      'errTARGET',
      'errFILE',
      'errWRITE',
      'errERASE',
      'errCHECK_ERASED',
      'errPROG',
      'errVERIFY',
      'errADDRESS',
      'errNOTDONE',
      'errFIRMWARE',
      'errVENDOR',
      'errUSBR',
      'errPOR',
      'errUNKNOWN',
      'errSTALLEDPKT',
    ]);
    expect(new Set(decoded.map((d) => d.message)).size).toBe(16);
    expect(decodeDfuStatus(0x0e)).toMatchObject({ name: 'errUnknown', status: 0x0e });
  });

  it('names a value outside DFU 1.1 without inventing a meaning', () => {
    expect(decodeDfuStatus(0x42)).toMatchObject({ name: null, label: 'status(0x42)' });
    expect(dfuStateLabel(4)).toBe('dfuDNBUSY');
    expect(dfuStateLabel(11)).toBe('state(11)');
  });
});

describe('parseDfuFunctionalDescriptor', () => {
  it('reads U-Boot’s descriptor after another class descriptor', () => {
    const extra = Uint8Array.of(3, 0x24, 0, 9, 0x21, 0x0f, 0x00, 0x00, 0x00, 0x10, 0x10, 0x01);
    expect(parseDfuFunctionalDescriptor(extra)).toEqual({
      canDownload: true,
      canUpload: true,
      manifestationTolerant: true,
      willDetach: true,
      detachTimeoutMs: 0,
      transferSize: 4096,
      dfuVersion: 0x0110,
    });
    expect(parseDfuFunctionalDescriptor(new Uint8Array(0))).toBeNull();
  });
});
