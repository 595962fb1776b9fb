import { useEffect, useState } from 'react';
import { useClient } from '../../transport/client-context';

/** Paths the main side completes the typed text to (folders and .tsv files): the path field's suggestions. */
export function usePathCompletion(typed: string): readonly string[] {
  const client = useClient();
  const [completions, setCompletions] = useState<{ typed: string; paths: readonly string[] }>({
    typed: '',
    paths: [],
  });
  useEffect(() => {
    if (typed.trim() === '') return;
    let live = true;
    client.request('layout.complete', { prefix: typed }).then(
      ({ entries }) => live && setCompletions({ typed, paths: entries.map((entry) => entry.path) }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, typed]);
  // Answers for older text are not shown; an answer that has not come yet shows nothing.
  return completions.typed === typed ? completions.paths : [];
}
