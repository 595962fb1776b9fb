import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleService } from '../engine/console/console-service';
import { ConsoleHub } from './console-hub';

function hub() {
  const service = new ConsoleService({ listPorts: async () => [] });
  const sent: { consoleId: string; kind: string; text: string }[] = [];
  const timers: (() => void)[] = [];
  const consoleHub = new ConsoleHub({
    service,
    emit: (data) => sent.push(data),
    setTimer: (callback) => {
      timers.push(callback);
      return {};
    },
  });
  return { service, consoleHub, sent, fireTimers: () => timers.splice(0).forEach((t) => t()) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConsoleHub', () => {
  it('lists a virtual board’s console as open, beside the serial ports', async () => {
    const { service, consoleHub } = hub();
    service.attachStream('virtual-1', new PassThrough());
    expect(await consoleHub.list()).toEqual([
      {
        path: 'virtual-1',
        label: 'virtual-1 (virtual board UART)',
        kind: 'virtual',
        stLink: false,
        open: true,
      },
    ]);
    expect(await consoleHub.open('virtual-1')).toEqual({ consoleId: 'virtual-1', warning: null });
  });

  it('coalesces a burst into one event per console, and keeps markers in order', async () => {
    const { service, consoleHub, sent, fireTimers } = hub();
    const uart = new PassThrough();
    service.attachStream('virtual-1', uart);
    for (let i = 0; i < 500; i++) uart.write(`line ${i}\n`);
    await tick();
    expect(sent).toEqual([]);
    service.mark('flashing partition 0x21 boot', 'virtual-1');
    expect(sent).toHaveLength(2);
    expect(sent[0]?.kind).toBe('data');
    expect(sent[0]?.text.split('\n')).toHaveLength(501);
    expect(sent[1]).toEqual({
      consoleId: 'virtual-1',
      kind: 'marker',
      text: '── flashing partition 0x21 boot ──',
    });
    uart.write('more\n');
    await tick();
    fireTimers();
    expect(sent.at(-1)).toEqual({ consoleId: 'virtual-1', kind: 'data', text: 'more\n' });
    expect(consoleHub.history('virtual-1').split('\n').slice(-3)).toEqual([
      '── flashing partition 0x21 boot ──',
      'more',
      '',
    ]);
  });

  it('gives the same order live and in its history when a marker comes in the middle of a board line', async () => {
    const { service, consoleHub, sent, fireTimers } = hub();
    const uart = new PassThrough();
    service.attachStream('virtual-1', uart);
    uart.write('done\nErasing ssbl on mmc 0: ');
    await tick();
    fireTimers();
    service.mark('stage uboot-partitions', 'virtual-1');
    uart.write('done\nDFU alt info setting: done\n');
    await tick();
    fireTimers();
    // What the console display draws: text as it comes, each marker on a line of its own.
    const live = sent.reduce(
      (drawn, event) =>
        event.kind === 'marker'
          ? `${drawn}${drawn === '' || drawn.endsWith('\n') ? '' : '\n'}${event.text}\n`
          : drawn + event.text,
      '',
    );
    expect(live).toBe(
      'done\nErasing ssbl on mmc 0: \n── stage uboot-partitions ──\ndone\nDFU alt info setting: done\n',
    );
    expect(consoleHub.history('virtual-1')).toBe(live);
  });

  it('says when a serial port cannot be opened, without throwing', async () => {
    const { consoleHub } = hub();
    const answer = await consoleHub.open('/dev/ttyNOPE');
    expect(answer.consoleId).toBeNull();
    expect(answer.warning?.code).toMatch(/^CONSOLE_/);
    expect(answer.warning?.hint.length).toBeGreaterThan(10);
  });
});
