import { InvalidArgumentError } from 'commander';

/** Commander option parsers: a bad value is a usage error (exit 2) with the reason. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('a TCP port from 0 to 65535 is needed.');
  return port;
}

/** A reconnect come-back deadline in milliseconds, as `program.start` accepts it. */
export function parseReconnectTimeout(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 100 || ms > 600_000)
    throw new InvalidArgumentError('milliseconds from 100 to 600000 are needed (e.g. 30000).');
  return ms;
}
