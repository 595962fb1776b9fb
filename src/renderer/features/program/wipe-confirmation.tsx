interface Props {
  readonly memories: readonly string[];
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

function list(memories: readonly string[]): string {
  if (memories.length <= 1) return memories.join('');
  return `${memories.slice(0, -1).join(', ')} and ${memories.at(-1) ?? ''}`;
}

/** Asked once per layout before its first full update: the memories' partition tables are rewritten. */
export function WipeConfirmation({ memories, onConfirm, onCancel }: Props) {
  const plural = memories.length > 1;
  return (
    <div
      role="alertdialog"
      aria-labelledby="wipe-title"
      aria-describedby="wipe-text"
      className="wipe-confirmation"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h3 id="wipe-title">Erase {list(memories)}?</h3>
      <p id="wipe-text">
        This layout writes all of {list(memories)}:{' '}
        {plural ? 'their partition tables are' : 'its partition table is'} rewritten and everything on{' '}
        {plural ? 'them' : 'it'} is lost. You are asked once for this layout.
      </p>
      <div className="wipe-actions">
        <button type="button" className="danger" autoFocus onClick={onConfirm}>
          Erase and program
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
