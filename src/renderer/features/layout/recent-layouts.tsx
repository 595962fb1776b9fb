interface Props {
  readonly paths: readonly string[];
  readonly current: string | null;
  readonly busy: boolean;
  readonly onOpen: (path: string) => void;
}

/** The layouts opened lately, newest first: one click (or Enter) opens one again. */
export function RecentLayouts({ paths, current, busy, onOpen }: Props) {
  const others = paths.filter((path) => path !== current);
  if (others.length === 0) return null;
  return (
    <details className="recent-layouts">
      <summary>Recent layouts ({others.length})</summary>
      <ul aria-label="Recent layouts">
        {others.map((path) => (
          <li key={path}>
            <button type="button" className="link-button mono" disabled={busy} onClick={() => onOpen(path)}>
              {path}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
