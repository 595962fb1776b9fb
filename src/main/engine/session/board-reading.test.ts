import { describe, expect, it } from 'vitest';
import { parsePhaseAnswer } from '../dfu/phase-answer';
import { nextStageAfter, socOfProduct, stageOf } from './board-reading';
import { phaseBytes } from './scripted-backend.fake';

const rom = 'DFU in HS Mode @Device ID /0x500, @Revision ID /0x0000';
const tfa = 'DFU @Device ID /0x505, @Revision ID /0x0011, @Name /STM32MP257FAI Rev.Y,';
const uboot = 'USB download gadget@Device ID /0x501, @Revision ID /0x1003, @Name /STM32MP135F Rev.Y,';

describe('reading a board without being told its firmware', () => {
  it('takes the SoC from the Device ID of any stage’s product string', () => {
    expect([rom, tfa, uboot].map(socOfProduct)).toEqual(['mp15', 'mp25', 'mp13']);
    expect(socOfProduct('DFU in HS Mode')).toBeNull();
    expect(socOfProduct(null)).toBeNull();
  });

  it('takes the stage from what the board asks for next (both firmware generations)', () => {
    const answer = (phase: number, extra: number[] = [], address?: number) =>
      parsePhaseAnswer(phaseBytes(phase, extra, address));
    expect(stageOf(answer(0x01), rom, null)).toBe('rom');
    expect(stageOf(answer(0x02), tfa, 'rom')).toBe('tfa-ddr');
    expect(stageOf(answer(0x03), tfa, 'tfa-ddr')).toBe('tfa');
    // The 2019 TF-A shows the ROM's strings and takes the layout at phase 0x00 (spec §11).
    expect(stageOf(answer(0x00, [], 0xc0000000), rom, 'rom')).toBe('tfa');
    // A stage asking to be detached stays the stage it was (the MP13/MP25 ROM after its FSBL).
    expect(stageOf(answer(0x00, [1]), rom, 'rom')).toBe('rom');
    expect(stageOf(answer(0x00, [0], 0xc2000000), uboot, 'tfa')).toBe('uboot-layout');
    expect(stageOf(answer(0x00, [1], 0xc2000000), uboot, 'uboot-layout')).toBe('uboot-layout');
    expect(stageOf(answer(0x21), uboot, 'uboot-layout')).toBe('uboot-partitions');
    expect(stageOf(answer(0xfe), uboot, 'uboot-partitions')).toBe('uboot-partitions');
  });

  it('knows the first stage a board may come back in', () => {
    expect(nextStageAfter('rom', 'mp25')).toBe('tfa-ddr');
    expect(nextStageAfter('rom', 'mp13')).toBe('tfa');
    expect(nextStageAfter('tfa', 'mp15')).toBe('uboot-layout');
    expect(nextStageAfter('uboot-layout', 'mp15')).toBe('uboot-partitions');
  });
});
