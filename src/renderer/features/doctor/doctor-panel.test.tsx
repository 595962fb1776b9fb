// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../shared/contract';
import { FakeBridge } from '../../test-support/fake-bridge';
import { renderWithClient } from '../../test-support/render-with-client';
import { DoctorPanel } from './doctor-panel';

afterEach(cleanup);

const neverReturned: DoctorReport = {
  known: true,
  runs: [
    {
      format: 'STM32CubeProgrammer',
      code: 'DEVICE_NEVER_RETURNED',
      message: 'The board left the bus to start partition 0x03 and was not seen again.',
      warnings: ['LINK_FULL_SPEED'],
      hints: [
        'The board did come back: its console shows U-Boot set up its DFU alternates.',
        'Reset the board.',
      ],
      quoted: [
        { file: 'log', line: 42, text: 'Error: unable to reconnect the target device: time out expired' },
      ],
      facts: {
        stagesReached: ['rom', 'tfa'],
        partitionsSent: [1, 3],
        failingStep: null,
        linkSpeed: 'full',
        reconnectWaits: 1,
      },
    },
  ],
};

async function diagnose(bridge: FakeBridge, log: string, uart = ''): Promise<void> {
  renderWithClient(bridge, <DoctorPanel />);
  fireEvent.change(screen.getByLabelText('Programming log'), { target: { value: log } });
  if (uart !== '')
    fireEvent.change(screen.getByLabelText('Board’s UART log (optional)'), { target: { value: uart } });
  fireEvent.click(screen.getByRole('button', { name: 'Diagnose' }));
  await act(async () => {
    for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
  });
}

describe('Log doctor panel', () => {
  it('sends the pasted log and its UART log, and shows the code, the ranked hints and the quoted lines', async () => {
    const bridge = new FakeBridge().handle('doctor.read', () => neverReturned);
    await diagnose(bridge, 'RUNNING Program ...', 'DFU alt info setting: done');
    expect(bridge.requests.find((request) => request.name === 'doctor.read')?.payload).toEqual({
      text: 'RUNNING Program ...',
      uartText: 'DFU alt info setting: done',
    });
    expect(screen.getByText('DEVICE_NEVER_RETURNED')).toBeTruthy();
    const hints = within(screen.getByRole('list', { name: 'Hints, most likely first' })).getAllByRole(
      'listitem',
    );
    expect(hints.map((hint) => hint.textContent)).toEqual(neverReturned.runs[0]?.hints);
    expect(screen.getByText(/log:42: Error: unable to reconnect/)).toBeTruthy();
    expect(screen.getByText('Warnings: LINK_FULL_SPEED')).toBeTruthy();
  });

  it('a text that is not a log: "not a log I know" and the formats the doctor reads', async () => {
    const bridge = new FakeBridge().handle('doctor.read', () => ({
      known: false,
      message: 'log: not a log I know. The doctor reads:',
      formats: ['STM32CubeProgrammer console output', 'dfu-util output'],
    }));
    await diagnose(bridge, 'hello');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(
      /not a log I know.*STM32CubeProgrammer console output.*dfu-util output/,
    );
    expect(bridge.requests.find((request) => request.name === 'doctor.read')?.payload).toEqual({
      text: 'hello',
    });
  });

  it('Diagnose waits for a log', () => {
    renderWithClient(new FakeBridge(), <DoctorPanel />);
    expect((screen.getByRole('button', { name: 'Diagnose' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
