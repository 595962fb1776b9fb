import type { LayoutCheckReport } from '../../../shared/layout';
import type { MemoryPlan } from '../layout/memory-plan';
import { useSettings } from '../settings/settings-context';

export interface WipeConsent {
  /** The memories a run of this layout rewrites whole (their partition tables too). */
  readonly fullMemories: readonly string[];
  /** Those of them not yet confirmed for this layout: asked before the run. */
  readonly unconfirmed: readonly string[];
  /** Remembers, in the settings, that this layout may rewrite them. */
  readonly remember: () => void;
}

/** The once-per-layout question before a full update, and its stored answers. */
export function useWipeConsent(
  report: LayoutCheckReport | null,
  memories: readonly MemoryPlan[],
): WipeConsent {
  const { settings, update } = useSettings();
  const fullMemories = memories.filter((memory) => memory.full).map((memory) => memory.memory);
  const unconfirmed =
    report === null
      ? []
      : fullMemories.filter(
          (memory) =>
            !settings.wipeConsents.some(
              (consent) => consent.layoutPath === report.layout.path && consent.memories.includes(memory),
            ),
        );
  const remember = () => {
    if (report === null) return;
    const others = settings.wipeConsents.filter((consent) => consent.layoutPath !== report.layout.path);
    update({
      wipeConsents: [...others, { layoutPath: report.layout.path, memories: fullMemories }].slice(-200),
    });
  };
  return { fullMemories, unconfirmed, remember };
}
