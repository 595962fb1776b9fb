import { useRef, useState, type FormEvent } from 'react';
import { useAppInfo } from '../../app/use-app-info';
import { useSettings } from '../settings/settings-context';
import { BaseFolderForm } from './base-folder-form';
import { BrowseDialog } from './browse-dialog';
import { LayoutDigest } from './layout-digest';
import { MemoryBars } from './memory-bars';
import { planMemories } from './memory-plan';
import { PartialUpdateNote } from './partial-update-note';
import { PartitionTable } from './partition-table';
import { RecentLayouts } from './recent-layouts';
import type { LayoutState } from './use-layout';
import { useLayoutBrowse } from './use-layout-browse';
import { usePathCompletion } from './use-path-completion';

interface Props {
  readonly layout: LayoutState;
  readonly excludedLines: ReadonlySet<number>;
  readonly onToggleLine: (line: number) => void;
}

export function LayoutPanel({ layout, excludedLines, onToggleLine }: Props) {
  const info = useAppInfo();
  const { settings } = useSettings();
  const { report, busy, failure, open, choose } = layout;
  const [path, setPath] = useState('');
  const completions = usePathCompletion(path);
  const suggestions = [...new Set([...completions, ...settings.recentLayouts])];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() !== '') open(path.trim());
  };
  const browseButton = useRef<HTMLButtonElement>(null);
  const browse = useLayoutBrowse({
    button: browseButton,
    transport: info?.transport ?? null,
    lastLayout: settings.recentLayouts[0] ?? report?.layout.path ?? null,
    chooseNative: choose,
    openPath: (chosen) => {
      setPath(chosen);
      open(chosen);
    },
  });
  const errors = report?.issues.filter((issue) => issue.severity === 'error').length ?? 0;
  const warnings = (report?.issues.length ?? 0) - errors;
  return (
    <section className="panel" aria-labelledby="layout-heading">
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
        {info !== null && (
          <button
            ref={browseButton}
            type="button"
            disabled={busy && info.transport === 'electron'}
            onClick={browse.browse}
          >
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
      {browse.dropNote !== null && <p role="alert">{browse.dropNote}</p>}
      {browse.dialog !== null && (
        <BrowseDialog
          {...browse.dialog}
          onFolder={browse.rememberFolder}
          onChoose={browse.choose}
          onClose={browse.close}
        />
      )}
      {report === null ? (
        <p className="empty-state">
          Open a FlashLayout .tsv (type its path, use Browse…, or drop it here) to see its partitions and what
          is wrong with it.
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
