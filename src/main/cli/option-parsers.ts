import { InvalidArgumentError } from 'commander';
import { isReconnectTimeoutInRange, reconnectTimeout } from '../../shared/deadlines';

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
