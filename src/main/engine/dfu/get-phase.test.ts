import { describe, expect, it } from 'vitest';
import { dfuRequest, dfuState } from '../../protocol/dfu';
import { DfuDevice } from './dfu-device';
import { isDfuError } from './dfu-error';
import { parsePhaseAnswer } from './phase-answer';
import { FakeClock, FakeDfuTransport } from './dfu-transport.fake';
import type { FakeDfuScript } from './dfu-transport.fake';

const answer = (phase: number, address: number, offset: number, ...extra: number[]): Uint8Array => {
  const bytes = new Uint8Array(9 + extra.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, phase);
  view.setUint32(1, address, true);
  view.setUint32(5, offset, true);
  bytes.set(extra, 9);
  return bytes;
};

async function open(script: FakeDfuScript) {
  const clock = new FakeClock();
  const transport = new FakeDfuTransport(script, clock);
  return { transport, device: await DfuDevice.open(transport, { clock }) };
}

describe('GetPhase', () => {
  it('asks on the /0xF1 alternate with UPLOAD block 0 and wLength 512, and parses the answer', async () => {
    const { device, transport } = await open({
      alternates: ['@FlashLayout/0x00/1*256Ke', '@virtual/0xf1/1*512Be', '@OTP/0xf2/1*776Be'],
      uploadAnswer: answer(0x00, 0xc2000000, 0, 1),
      initialState: dfuState.dfuError,
    });
    const phase = await device.getPhase();
    expect(phase).toMatchObject({
      phaseId: 0x00,
      address: 0xc2000000,
      offset: 0,
      detachFlag: 1,
      detachRequested: true,
      errorText: null,
    });
    const upload = transport.requests.find((r) => r.request === dfuRequest.upload);
    expect(upload).toMatchObject({ value: 0, length: 512, alternate: 1 });
    expect(transport.names()).toEqual(['getStatus', 'clrStatus', 'getStatus', 'upload']);
  });

  it('reads TF-A asking for the FIP and the ROM asking for the FSBL', () => {
    expect(parsePhaseAnswer(answer(0x03, 0xc0000000, 0))).toMatchObject({
      phaseId: 3,
      address: 0xc0000000,
      detachFlag: null,
      detachRequested: false,
    });
    expect(parsePhaseAnswer(answer(0x01, 0xffffffff, 0))).toMatchObject({ phaseId: 1, address: null });
    expect(parsePhaseAnswer(answer(0x00, 0xffffffff, 0, 1))).toMatchObject({
      address: null,
      detachRequested: true,
    });
    expect(parsePhaseAnswer(answer(0x00, 0xc2000000, 0, 0))).toMatchObject({
      detachRequested: false,
      detachFlag: 0,
    });
    expect(parsePhaseAnswer(answer(0x21, 0xffffffff, 0x1000))).toMatchObject({
      phaseId: 0x21,
      offset: 0x1000,
    });
  });

  it('returns the board error text of phase 0xFF', () => {
    const text = new TextEncoder().encode('mmc0 (0x22): MMC erase failed');
    expect(parsePhaseAnswer(answer(0xff, 0xffffffff, 0, ...text))).toMatchObject({
      phaseId: 0xff,
      errorText: 'mmc0 (0x22): MMC erase failed',
    });
  });

  it('refuses an answer shorter than 9 bytes', async () => {
    const { device } = await open({ uploadAnswer: Uint8Array.of(0x03, 0, 0, 0) });
    const error = await device.getPhase().catch((caught: unknown) => caught);
    expect(isDfuError(error, 'DFU_BAD_ANSWER')).toBe(true);
  });

  it('fails with DFU_ALTERNATE_NOT_FOUND when the board has no virtual alternate', async () => {
    const { device } = await open({ alternates: ['@FSBL /0x01/1*1Me'] });
    const error = await device.getPhase().catch((caught: unknown) => caught);
    expect(isDfuError(error, 'DFU_ALTERNATE_NOT_FOUND')).toBe(true);
  });
});
