import { isIPv4 } from 'node:net';

/** Whether an address to listen on is reachable from this machine only. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIPv4(v4) && v4.startsWith('127.');
}

/** What a holder of the token can do: said wherever the shell may be reached from elsewhere. */
export const tokenPowers =
  'whoever holds the token can program (erase and overwrite) the boards attached here, read the layouts and images this server may read, and see the boards’ consoles';

/** Why a listen address other than loopback needs `--allow-remote`. */
export function remoteRefusal(host: string): string {
  return (
    `--host ${host} is not a loopback address: the browser shell speaks plain HTTP, unencrypted, so anyone ` +
    `who can see the traffic can read the token, and ${tokenPowers}. ` +
    'Pass --allow-remote to serve on it anyway, or keep the default and reach it through an SSH tunnel ' +
    '(ssh -L 5780:127.0.0.1:5780 <this machine>).'
  );
}

/** The warning `serve --allow-remote` prints at start. */
export function remoteWarning(host: string): string {
  return (
    `Warning: serving on ${host}, reachable from other machines, over plain HTTP: the link is not encrypted ` +
    `(anyone who can see the traffic can read the token and everything sent); ${tokenPowers}.`
  );
}
