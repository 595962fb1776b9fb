/** `--sim-speed`: `realistic` (default), `fast` (no modelled costs), or `xN` (N times faster than realistic). */
export type SpeedMode =
  | { readonly kind: 'realistic' }
  | { readonly kind: 'fast' }
  | { readonly kind: 'scaled'; readonly factor: number };

export function parseSpeedMode(text: string): SpeedMode | null {
  if (text === 'realistic') return { kind: 'realistic' };
  if (text === 'fast') return { kind: 'fast' };
  const match = /^x(\d+(?:\.\d+)?)$/.exec(text);
  if (match?.[1] === undefined) return null;
  const factor = Number(match[1]);
  return factor > 0 ? { kind: 'scaled', factor } : null;
}

/** Scales a modelled (realistic) duration to this mode. A fault's own delay is never scaled. */
export function scaleDuration(mode: SpeedMode, realisticMs: number): number {
  if (mode.kind === 'fast') return 0;
  if (mode.kind === 'scaled') return realisticMs / mode.factor;
  return realisticMs;
}
