import { useEffect, useState } from 'react';
import type { FastMode, FastPathChoice } from '../../../shared/fast-path';
import { useClient } from '../../transport/client-context';

export interface FastPathAsk {
  readonly boardId: string | null;
  readonly layoutPath: string | null;
  readonly fast: FastMode;
  readonly verify: boolean;
}

/**
 * What a run with these choices would do (fast path or DFU, and why), asked again whenever the board, the layout,
 * the choice or Verify changes: shown before Program is pressed. Null while unknown (no layout, or being asked).
 */
export function useFastPathChoice(ask: FastPathAsk): FastPathChoice | null {
  const client = useClient();
  const [answer, setAnswer] = useState<{ key: string; choice: FastPathChoice | null } | null>(null);
  const { boardId, layoutPath, fast, verify } = ask;
  const key = JSON.stringify([boardId, layoutPath, fast, verify]);
  useEffect(() => {
    if (layoutPath === null) return;
    let current = true;
    const settle = (choice: FastPathChoice | null) => {
      if (current) setAnswer({ key, choice });
    };
    client
      .request('program.fastPath', {
        layoutPath,
        fast,
        ...(boardId === null ? {} : { boardId }),
        ...(verify ? { verify: true } : {}),
      })
      .then(settle, () => settle(null));
    return () => {
      current = false;
    };
  }, [client, key, boardId, layoutPath, fast, verify]);
  return answer?.key === key ? answer.choice : null;
}

/** The decision in one line, as the panel shows it under the choice. */
export function fastPathText(choice: FastPathChoice): string {
  switch (choice.path) {
    case 'fast':
      return `Fastboot: the partitions go to ${choice.device} over fastboot after TF-A and the FIP.`;
    case 'dfu':
      return choice.reason === null ? 'DFU, as chosen.' : `DFU: ${choice.reason}.`;
    case 'refused':
      return `Fastboot is not possible: ${choice.reason}. Choose Auto or DFU.`;
  }
}
