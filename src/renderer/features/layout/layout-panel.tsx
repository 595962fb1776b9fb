import { useState, type DragEvent, type FormEvent } from 'react';
import { useAppInfo } from '../../app/use-app-info';
import { useClient } from '../../transport/client-context';
import { useSettings } from '../settings/settings-context';
import { BaseFolderForm } from './base-folder-form';
import { LayoutDigest } from './layout-digest';
import { MemoryBars } from './memory-bars';
import { planMemories } from './memory-plan';
import { PartialUpdateNote } from './partial-update-note';
import { PartitionTable } from './partition-table';
import { RecentLayouts } from './recent-layouts';
import type { LayoutState } from './use-layout';
import { usePathCompletion } from './use-path-completion';

const noPathInBrowser =
  'A web browser does not give the path of a dropped file: type the path of the .tsv into the field instead.';

interface Props {
  readonly layout: LayoutState;
  readonly excludedLines: ReadonlySet<number>;
  readonly onToggleLine: (line: number) => void;
}

export function LayoutPanel({ layout, excludedLines, onToggleLine }: Props) {
  const client = useClient();
  const info = useAppInfo();
  const { settings } = useSettings();
  const { report, busy, failure, open, choose } = layout;
  const [path, setPath] = useState('');
  const [dropNote, setDropNote] = useState<string | null>(null);
  const completions = usePathCompletion(path);
  const suggestions = [...new Set([...completions, ...settings.recentLayouts])];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() !== '') open(path.trim());
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file === undefined) return;
    const dropped = client.pathForFile(file);
    setDropNote(dropped === null ? noPathInBrowser : null);
    if (dropped !== null) {
      setPath(dropped);
      open(dropped);
    }
  };
  const errors = report?.issues.filter((issue) => issue.severity === 'error').length ?? 0;
  const warnings = (report?.issues.length ?? 0) - errors;
  return (
    <section
      className="panel"
      aria-labelledby="layout-heading"
      onDragOver={(event) => event.preventDefault()}
      onDrop={drop}
    >
      <h2 id="layout-heading">Flash layout</h2>
      <form className="layout-form" onSubmit={submit}>
        <label htmlFor="layout-path">Layout file</label>
        <input
          id="layout-path"
          className="mono"
          value={path}
          list="recent-layout-paths"
          placeholder="flashlayout_st-image-weston/FlashLayout_sdcard_stm32mp157c-dk2-trusted.tsv"
          onChange={(event) => setPath(event.target.value)}
          spellCheck={false}
        />
        <datalist id="recent-layout-paths">
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
        <button type="submit" disabled={busy || path.trim() === ''}>
          {busy ? 'Checking…' : 'Open'}
        </button>
        {info?.transport === 'electron' && (
          <button type="button" disabled={busy} onClick={choose}>
            Browse…
          </button>
        )}
      </form>
      <RecentLayouts
        paths={settings.recentLayouts}
        current={report?.layout.path ?? null}
        busy={busy}
        onOpen={(recent) => {
          setPath(recent);
          open(recent);
        }}
      />
      {failure !== null && <p role="alert">{failure}</p>}
      {dropNote !== null && <p role="alert">{dropNote}</p>}
      {report === null ? (
        <p className="empty-state">
          Open a FlashLayout .tsv (or drop one here) to see its partitions and what is wrong with it.
        </p>
      ) : (
        <>
          <dl className="layout-facts">
            <dt>Layout</dt>
            <dd className="mono">{report.layout.path}</dd>
            <LayoutDigest report={report} />
            <BaseFolderForm
              key={`${report.layout.path}|${report.layout.baseDir}`}
              baseDir={report.layout.baseDir}
              busy={busy}
              onChange={(dir) => open(report.layout.path, dir)}
            />
          </dl>
          <p role="status" className={report.ok ? 'summary-ok' : 'summary-error'}>
            {report.ok ? 'Ready to program.' : 'This layout cannot be programmed until its errors are fixed.'}{' '}
            {errors} {errors === 1 ? 'error' : 'errors'}, {warnings} {warnings === 1 ? 'warning' : 'warnings'}
            .
          </p>
          <PartialUpdateNote memories={planMemories(report, excludedLines)} />
          <MemoryBars report={report} excludedLines={excludedLines} />
          <PartitionTable report={report} excludedLines={excludedLines} onToggle={onToggleLine} />
        </>
      )}
    </section>
  );
}
