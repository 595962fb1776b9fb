// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { UsbBootGuide } from './usb-boot-guide';

afterEach(cleanup);

/** The steps shown once `board` is picked, as one text. */
function stepsFor(board: string): string {
  render(<UsbBootGuide />);
  fireEvent.change(screen.getByLabelText('Board'), {
    target: {
      value: String(screen.getAllByRole('option').findIndex((option) => option.textContent === board)),
    },
  });
  return screen.getByRole('list', { name: `USB boot steps for ${board}` }).textContent ?? '';
}

describe('UsbBootGuide: USB boot mode for each board ST ships', () => {
  it('lists DK1/DK2, EV1, MP135F-DK, MP257F-DK and MP257F-EV1, DK1/DK2 first', () => {
    render(<UsbBootGuide />);
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      'STM32MP157x-DK1 / DK2',
      'STM32MP157x-EV1',
      'STM32MP135F-DK',
      'STM32MP257F-DK',
      'STM32MP257F-EV1',
    ]);
  });

  it('DK1/DK2: SW1 BOOT0 and BOOT2 off, the Type-C OTG port CN7, 5 V / 3 A', () => {
    const text = stepsFor('STM32MP157x-DK1 / DK2');
    expect(text).toMatch(/both BOOT switches \(SW1: BOOT0 and BOOT2\) off/);
    expect(text).toMatch(/CN7, not the ST-LINK port/);
    expect(text).toMatch(/5 V \/ 3 A/);
  });

  it('EV1: the three BOOT switches of SW1 off; its OTG connector from the user manual', () => {
    const text = stepsFor('STM32MP157x-EV1');
    expect(text).toMatch(/three BOOT switches \(SW1 on the daughter board: BOOT0, BOOT1 and BOOT2\) off/);
    expect(text).toMatch(/USB OTG port .*see the board's user manual/);
    expect(text).not.toMatch(/CN7/);
  });

  it('MP135F-DK: switch positions and connector from the user manual, nothing guessed', () => {
    const text = stepsFor('STM32MP135F-DK');
    expect(text).toMatch(
      /boot switches to serial boot \(USB\); for the positions, see the board's user manual/,
    );
    expect(text).not.toMatch(/CN\d|BOOT\d/);
  });

  it('MP257F-DK: the Type-C OTG port CN15; switch positions from the user manual', () => {
    const text = stepsFor('STM32MP257F-DK');
    expect(text).toMatch(/USB Type-C OTG port \(CN15/);
    expect(text).toMatch(/for the positions, see the board's user manual/);
  });

  it('MP257F-EV1: the Type-C DRD port CN15; switch positions from the user manual', () => {
    const text = stepsFor('STM32MP257F-EV1');
    expect(text).toMatch(/USB Type-C DRD port \(CN15/);
    expect(text).toMatch(/for the positions, see the board's user manual/);
  });
});
