import { reconnectTimeout, writeTimeout } from '../../shared/deadlines';

/**
 * STM32CubeProgrammer's single-dash command line (`-c port=usb1 -w FlashLayout.tsv -tm 20000`), rewritten
 * to this tool's commands before commander sees it, so existing scripts keep working. Anything the tool
 * cannot honour is refused, never silently dropped.
 */
export type Rewrite =
  { readonly ok: true; readonly args: string[] } | { readonly ok: false; readonly error: string };

/** Options that mark a command line as CubeProgrammer's. */
const markers = new Set(['-c', '--connect', '-w', '--write', '-d', '--download', '-l', '--list']);

/**
 * ST's own reconnect wait (the come-back deadline's default) is its floor whatever `-tm` says, and `-tm` cannot
 * raise it past the deadline's maximum. The write deadline has the same floor rule: `-tm` can raise it above its
 * default, never lower it.
 */
function reconnectFromTm(ms: number): number {
  return Math.min(reconnectTimeout.maxMs, Math.max(ms, reconnectTimeout.defaultMs));
}

export function isCubeProgrammerForm(argv: readonly string[]): boolean {
  return argv.length > 0 && markers.has(argv[0] ?? '');
}

function takeValue(argv: readonly string[], index: number, option: string): string | Rewrite {
  const value = argv[index + 1];
  if (value === undefined || (value.startsWith('-') && !/^-?\d+$/.test(value))) {
    return { ok: false, error: `${option} needs a value` };
  }
  return value;
}

/**
 * `-c`'s parameters: `port=usbN`, and `sn=<serial>` to pick the board by its USB serial number when several
 * are present, in any order, keys in any case (CubeProgrammer's own parsing). With a serial, the board is
 * chosen by it (`--device <serial>`): CubeProgrammer then ignores N, which only counts DFU devices.
 */
function readConnectParams(
  option: string,
  params: readonly string[],
): { readonly ok: true; readonly device: string } | { readonly ok: false; readonly error: string } {
  let port: string | undefined;
  let serial: string | undefined;
  for (const param of params) {
    const [key = '', ...rest] = param.split('=');
    const value = rest.join('=');
    if (key.toLowerCase() === 'port' && /^usb\d+$/i.test(value)) {
      port = value.toLowerCase();
    } else if (key.toLowerCase() === 'sn' && rest.length > 0) {
      if (!/^[\x21-\x7e]+$/.test(value))
        return { ok: false, error: `${option} ${param}: a serial number is needed after sn=` };
      // `--device` reads usbN, and a port path like 1-2.3, before serials: such a "serial" would pick another board.
      if (/^usb\d+$/i.test(value) || /^\d+-\d+(\.\d+)*$/.test(value))
        return {
          ok: false,
          error: `${option} ${param}: this serial cannot be told from a board index or port`,
        };
      if (serial !== undefined && serial !== value)
        return { ok: false, error: `${option}: two serial numbers (sn=${serial}, sn=${value})` };
      serial = value;
    } else {
      return {
        ok: false,
        error: `${option} ${param}: only port=usbN (USB DFU) and sn=<serial> are supported`,
      };
    }
  }
  if (port === undefined) return { ok: false, error: `${option} needs port=usbN` };
  return { ok: true, device: serial ?? port };
}

export function rewriteCubeProgrammerForm(argv: readonly string[]): Rewrite {
  let device: string | undefined;
  let layout: string | undefined;
  let list = false;
  const extra: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const option = argv[i] ?? '';
    const lower = option.toLowerCase();
    if (lower === '-c' || lower === '--connect') {
      const params: string[] = [];
      for (let next = argv[i + 1]; next !== undefined && !next.startsWith('-'); next = argv[i + 1]) {
        params.push(next);
        i += 1;
      }
      if (params.length === 0) return { ok: false, error: `${option} needs port=usbN` };
      const connect = readConnectParams(option, params);
      if (!connect.ok) return connect;
      device = connect.device;
    } else if (lower === '-w' || lower === '--write' || lower === '-d' || lower === '--download') {
      const value = takeValue(argv, i, option);
      if (typeof value !== 'string') return value;
      if (argv[i + 2] !== undefined && /^0x[0-9a-f]+$/i.test(argv[i + 2] ?? '')) {
        return {
          ok: false,
          error: `${option} with an address writes a raw file to memory: only a FlashLayout .tsv is supported`,
        };
      }
      layout = value;
      i += 1;
    } else if (lower === '-tm') {
      const value = takeValue(argv, i, option);
      if (typeof value !== 'string') return value;
      const ms = Number(value);
      if (!Number.isInteger(ms) || ms <= 0)
        return { ok: false, error: `-tm ${value}: a timeout in milliseconds is needed` };
      extra.push(
        '--request-timeout',
        String(ms),
        '--reconnect-timeout',
        String(reconnectFromTm(ms)),
        '--write-timeout',
        String(Math.max(ms, writeTimeout.defaultMs)),
      );
      i += 1;
    } else if (lower === '-l' || lower === '--list') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        if (next.toLowerCase() !== 'usb')
          return { ok: false, error: `${option} ${next}: only USB is supported` };
        i += 1;
      }
      list = true;
    } else if (lower === '-vb' || lower === '--verbosity') {
      if (/^[0-3]$/.test(argv[i + 1] ?? '')) i += 1;
      extra.push('--verbose');
    } else if (lower === '-q' || lower === '--quietmode') {
      extra.push('--quiet');
    } else if (option.startsWith('--sim')) {
      // This tool's own virtual-board options, not CubeProgrammer's: passed on as they are (after runCli has
      // turned a bare `--sim` into `--sim=1`), with their value when they take one.
      extra.push(option);
      const value = argv[i + 1];
      if (!option.includes('=') && option !== '--sim' && value !== undefined && !value.startsWith('-')) {
        extra.push(value);
        i += 1;
      }
    } else {
      return { ok: false, error: `${option}: this STM32CubeProgrammer option is not supported` };
    }
  }
  if (list && layout === undefined) return { ok: true, args: ['list', ...extra] };
  if (layout === undefined) return { ok: false, error: 'nothing to do: give -w <FlashLayout.tsv> or -l usb' };
  const deviceArgs = device === undefined ? [] : ['--device', device];
  return { ok: true, args: ['program', layout, ...deviceArgs, ...extra, '--cubeprogrammer-output'] };
}
