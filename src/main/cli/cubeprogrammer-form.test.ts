import { describe, expect, it } from 'vitest';
import { isCubeProgrammerForm, rewriteCubeProgrammerForm } from './cubeprogrammer-form';

describe('the STM32CubeProgrammer command line', () => {
  it('is recognised by its single-dash options, and only by them', () => {
    expect(isCubeProgrammerForm(['-c', 'port=usb1', '-w', 'x.tsv'])).toBe(true);
    expect(isCubeProgrammerForm(['-l', 'usb'])).toBe(true);
    expect(isCubeProgrammerForm(['program', 'x.tsv'])).toBe(false);
    expect(isCubeProgrammerForm(['--help'])).toBe(false);
    expect(isCubeProgrammerForm([])).toBe(false);
  });

  it('maps -c port=usbN -w layout to program with that device', () => {
    expect(
      rewriteCubeProgrammerForm(['-c', 'port=usb1', '-w', 'flashlayout/FlashLayout_sdcard.tsv']),
    ).toEqual({
      ok: true,
      args: ['program', 'flashlayout/FlashLayout_sdcard.tsv', '--device', 'usb1', '--cubeprogrammer-output'],
    });
  });

  it('accepts port=USB2 in any case', () => {
    const rewrite = rewriteCubeProgrammerForm(['-c', 'port=USB2', '-w', 'a.tsv']);
    expect(rewrite.ok && rewrite.args).toContain('usb2');
  });

  it.each([
    [['-c', 'port=usb1', 'sn=0036004A3338510939303402', '-w', 'a.tsv']],
    [['-c', 'sn=0036004A3338510939303402', 'port=usb1', '-w', 'a.tsv']],
    [['-c', 'PORT=USB1', 'SN=0036004A3338510939303402', '-w', 'a.tsv']],
    [['-c', 'Port=usb3', 'Sn=0036004A3338510939303402', '-w', 'a.tsv']],
  ])('maps %j to program the board with that serial', (argv) => {
    expect(rewriteCubeProgrammerForm(argv)).toEqual({
      ok: true,
      args: ['program', 'a.tsv', '--device', '0036004A3338510939303402', '--cubeprogrammer-output'],
    });
  });

  it('maps -tm N to the request timeout, and never shortens the reconnect wait below ST’s 30 s', () => {
    const short = rewriteCubeProgrammerForm(['-c', 'port=usb1', '-w', 'a.tsv', '-tm', '5000']);
    expect(short.ok && short.args).toEqual(
      expect.arrayContaining(['--request-timeout', '5000', '--reconnect-timeout', '30000']),
    );
    const long = rewriteCubeProgrammerForm(['-c', 'port=usb1', '-w', 'a.tsv', '-tm', '45000']);
    expect(long.ok && long.args).toEqual(
      expect.arrayContaining(['--request-timeout', '45000', '--reconnect-timeout', '45000']),
    );
  });

  it('lets -tm N raise the write deadline to N, never lower it below 300 s', () => {
    const short = rewriteCubeProgrammerForm(['-c', 'port=usb1', '-w', 'a.tsv', '-tm', '20000']);
    expect(short.ok && short.args).toEqual(expect.arrayContaining(['--write-timeout', '300000']));
    const long = rewriteCubeProgrammerForm(['-c', 'port=usb1', '-w', 'a.tsv', '-tm', '900000']);
    expect(long.ok && long.args).toEqual(expect.arrayContaining(['--write-timeout', '900000']));
  });

  it('keeps the reconnect wait of a long -tm within the bounds program accepts', () => {
    const long = rewriteCubeProgrammerForm(['-c', 'port=usb1', '-w', 'a.tsv', '-tm', '900000']);
    expect(long.ok && long.args).toEqual(expect.arrayContaining(['--reconnect-timeout', '600000']));
  });

  it('maps -l usb to list, and accepts -vb and -q', () => {
    expect(rewriteCubeProgrammerForm(['-l', 'usb'])).toEqual({ ok: true, args: ['list'] });
    const rewrite = rewriteCubeProgrammerForm(['-c', 'port=usb1', '-vb', '3', '-q', '-w', 'a.tsv']);
    expect(rewrite.ok && rewrite.args).toEqual(
      expect.arrayContaining(['--verbose', '--quiet', 'program', 'a.tsv']),
    );
  });

  it('passes this tool’s own --sim options on, with their values', () => {
    const rewrite = rewriteCubeProgrammerForm([
      '-c',
      'port=usb1',
      '-w',
      'a.tsv',
      '--sim=1',
      '--sim-soc',
      'mp13',
      '--sim-fault',
      'no-return',
    ]);
    expect(rewrite.ok && rewrite.args).toEqual([
      'program',
      'a.tsv',
      '--device',
      'usb1',
      '--sim=1',
      '--sim-soc',
      'mp13',
      '--sim-fault',
      'no-return',
      '--cubeprogrammer-output',
    ]);
  });

  it.each([
    [['-c', 'port=SWD', '-w', 'a.tsv'], /only port=usbN/],
    [['-c', 'port=COM3', '-w', 'a.tsv'], /only port=usbN/],
    [['-c', 'port=usb1', 'freq=4000', '-w', 'a.tsv'], /freq=4000/],
    [['-c', 'sn=0036004A3338510939303402', '-w', 'a.tsv'], /-c needs port=usbN/],
    [['-c', 'port=usb1', 'sn=', '-w', 'a.tsv'], /a serial number is needed after sn=/],
    [['-c', 'port=usb1', 'sn=usb2', '-w', 'a.tsv'], /cannot be told from a board index/],
    [['-c', 'port=usb1', 'sn=A1', 'sn=B2', '-w', 'a.tsv'], /two serial numbers/],
    [['-c', 'port=usb1', '-w', 'a.bin', '0x08000000'], /only a FlashLayout/],
    [['-c', 'port=usb1', '-w', 'a.tsv', '-e', 'all'], /-e: this STM32CubeProgrammer option is not supported/],
    [['-c', 'port=usb1', '-w', 'a.tsv', '-rst'], /-rst/],
    [['-c', 'port=usb1', '-w', 'a.tsv', '-tm', 'soon'], /-tm soon/],
    [['-c', 'port=usb1', '-w'], /-w needs a value/],
    [['-c', 'port=usb1'], /nothing to do/],
    [['-l', 'uart'], /only USB/],
  ])('refuses %j, never dropping an option silently', (argv, message) => {
    const rewrite = rewriteCubeProgrammerForm(argv);
    expect(rewrite.ok).toBe(false);
    expect(!rewrite.ok && rewrite.error).toMatch(message);
  });
});
