import { InvalidArgumentError } from 'commander';
import { isReconnectTimeoutInRange, reconnectTimeout } from '../../shared/deadlines';
import { fastDevicePattern } from '../../shared/fast-path';

/** Commander option parsers: a bad value is a usage error (exit 2) with the reason. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('a TCP port from 0 to 65535 is needed.');
  return port;
}

/** `--reconnect-timeout` of `serve` and `program`: a come-back deadline in milliseconds, as `program.start` accepts it. */
export function parseReconnectTimeout(value: string): number {
  if (!/^\d+$/.test(value) || !isReconnectTimeoutInRange(Number(value)))
    throw new InvalidArgumentError(
      `milliseconds from ${reconnectTimeout.minMs} to ${reconnectTimeout.maxMs} are needed (e.g. ${reconnectTimeout.defaultMs}).`,
    );
  return Number(value);
}

/** `<host>:<port>` (an IPv6 host in brackets, `[::1]:4000`); port 0 picks a free one. */
export function parseHostPort(value: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d+)$/.exec(value);
  const host = match?.[1]?.replace(/^\[(.*)\]$/, '$1');
  if (!match?.[2] || !host || Number(match[2]) > 65535)
    throw new InvalidArgumentError('<host>:<port> is needed, e.g. 127.0.0.1:0 (0 picks a free port).');
  return { host, port: Number(match[2]) };
}

/** `--fast-device`: an MMC device as U-Boot numbers it (`mmc0` the SD card, `mmc1` the eMMC on ST's boards). */
export function parseFastDevice(value: string): string {
  if (!fastDevicePattern.test(value))
    throw new InvalidArgumentError('an MMC device is needed: mmc0 (SD card) or mmc1 (eMMC) on ST’s boards.');
  return value;
}
