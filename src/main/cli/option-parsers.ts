import { InvalidArgumentError } from 'commander';

/** Commander option parsers: a bad value is a usage error (exit 2) with the reason. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('a TCP port from 0 to 65535 is needed.');
  return port;
}
