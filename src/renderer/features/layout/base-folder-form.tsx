import { useState, type FormEvent } from 'react';

interface Props {
  readonly baseDir: string;
  readonly busy: boolean;
  readonly onChange: (dir: string) => void;
}

/** The folder the layout's binaries were found in, and a way to point at another one. */
export function BaseFolderForm({ baseDir, busy, onChange }: Props) {
  const [editing, setEditing] = useState(false);
  const [dir, setDir] = useState(baseDir);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dir.trim() === '') return;
    setEditing(false);
    onChange(dir.trim());
  };
  if (!editing) {
    return (
      <>
        <dt>Images from</dt>
        <dd>
          <span className="mono">{baseDir}</span>{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDir(baseDir);
              setEditing(true);
            }}
          >
            Change folder…
          </button>
        </dd>
      </>
    );
  }
  return (
    <>
      <dt>
        <label htmlFor="binaries-dir">Images from</label>
      </dt>
      <dd>
        <form className="inline-form" onSubmit={submit}>
          <input
            id="binaries-dir"
            className="mono"
            value={dir}
            onChange={(event) => setDir(event.target.value)}
            spellCheck={false}
          />
          <button type="submit" disabled={busy || dir.trim() === ''}>
            Use this folder
          </button>
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            Keep
          </button>
        </form>
      </dd>
    </>
  );
}
