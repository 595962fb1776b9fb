/** The operating systems whose fixes differ (Node's `process.platform` names). */
export type HostOs = 'linux' | 'darwin' | 'win32';

/** A text that differs per OS: `default` for every OS not named (and any other platform). */
export type PerOs<T = string> = { readonly default: T } & Partial<Readonly<Record<HostOs, T>>>;

/** The text for a platform (`process.platform`, or what `app.info` reports), else the default. */
export function forOs<T>(perOs: PerOs<T>, platform: string): T {
  return (
    (platform === 'linux' || platform === 'darwin' || platform === 'win32' ? perOs[platform] : undefined) ??
    perOs.default
  );
}
