import { describe, expect, it } from 'vitest';
import { boardForLayout } from './board-for-layout';
import { programFixture } from './test-support/program-fixture';

describe('boardForLayout: the ST board a layout file is for, as a virtual board of that SoC names itself', () => {
  it.each([
    ['stm32mp157a-dk1-sdcard-trusted-blog.tsv', 'mp15', 'STM32MP157A-DK1 Discovery Board', 'MB1272 Var1'],
    [
      'FlashLayout_sdcard_stm32mp157c-dk2-optee.tsv',
      'mp15',
      'STM32MP157C-DK2 Discovery Board',
      'MB1272 Var2',
    ],
    [
      '/x/stm32mp157c-ev1-emmc-trusted-meta-st.tsv',
      'mp15',
      'STM32MP157C eval daughter on eval mother',
      'MB1263',
    ],
    [
      'stm32mp157f-ev1-sdcard-fwu-optee-meta-st.tsv',
      'mp15',
      'STM32MP157F eval daughter on eval mother',
      'MB1263',
    ],
    ['stm32mp135f-dk-sdcard-rawimage-doubled-tabs.tsv', 'mp13', 'STM32MP135F-DK Discovery Board', 'MB1635'],
    ['stm32mp257-dk-bootonly-no-partitions.tsv', 'mp25', 'STM32MP257F-DK Discovery Board', 'MB1605'],
    ['stm32mp257f-ev1-emmc-openbmc.tsv', 'mp25', 'STM32MP257F-EV1 Evaluation Board', 'MB1936'],
  ] as const)('%s (%s): %s, %s', (file, soc, model, boardId) => {
    const board = boardForLayout(file, soc);
    expect(board?.model).toBe(`STMicroelectronics ${model}`);
    expect(board?.boardId).toMatch(new RegExp(`^${boardId}`));
  });

  it('names no board for a layout of another SoC, a board not ST’s, or a name without a board', () => {
    expect(boardForLayout('stm32mp157c-ev1-sdcard.tsv', 'mp25')).toBeNull();
    expect(boardForLayout('stm32mp135d-atk-emmc-optee.tsv', 'mp13')).toBeNull();
    expect(boardForLayout('stm32mp157c-dk2x.tsv', 'mp15')).toBeNull();
    expect(boardForLayout('layout.tsv', 'mp15')).toBeNull();
  });

  it('a virtual MP15 running an EV1 layout says EV1 on its UART, not the DK2 it is by default', async () => {
    const run = await programFixture('stm32mp157c-ev1-sdcard-trusted-meta-st.tsv', 'mp15', { kind: 'fast' });
    expect(run.result).toMatchObject({ ok: true });
    const uart = run.uartLines.join('\n');
    expect(uart).toContain('Model: STMicroelectronics STM32MP157C eval daughter on eval mother');
    expect(uart).toContain('Board: stm32mp1 in trusted mode (st,stm32mp157c-ev1)');
    expect(uart).toContain('CPU: STM32MP157CAA Rev.B');
    expect(uart).not.toMatch(/DK2/);
  });
});
