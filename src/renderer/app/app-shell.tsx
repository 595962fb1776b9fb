import { useState } from 'react';
import { ConsolePanel } from '../features/console/console-panel';
import { DevicesPanel } from '../features/devices/devices-panel';
import { useDevices } from '../features/devices/use-devices';
import { LayoutPanel } from '../features/layout/layout-panel';
import { useLayout } from '../features/layout/use-layout';
import { ProgramPanel } from '../features/program/program-panel';
import { useSettings } from '../features/settings/settings-context';
import { SettingsPanel } from '../features/settings/settings-panel';
import { useAppInfo } from './use-app-info';
import { useTheme } from './use-theme';

interface Exclusions {
  readonly layoutPath: string | null;
  readonly lines: ReadonlySet<number>;
}

export function AppShell() {
  const info = useAppInfo();
  const { settings } = useSettings();
  useTheme(settings.theme);
  const devices = useDevices();
  const layout = useLayout();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [exclusions, setExclusions] = useState<Exclusions>({ layoutPath: null, lines: new Set() });

  // The selection is derived: the board chosen while it is present, else the only board there is.
  const selected =
    devices.devices.find((device) => device.id === selectedId) ??
    (devices.devices.length === 1 ? (devices.devices[0] ?? null) : null);
  // Lines left out belong to one layout: opening another starts with every line included.
  const layoutPath = layout.report?.layout.path ?? null;
  const excludedLines = exclusions.layoutPath === layoutPath ? exclusions.lines : new Set<number>();
  const toggleLine = (line: number) => {
    const next = new Set(excludedLines);
    if (next.has(line)) next.delete(line);
    else next.add(line);
    setExclusions({ layoutPath, lines: next });
  };

  return (
    <>
      <header className="app-header">
        <h1>STM32MP Flasher</h1>
        <span className="app-version" aria-label="Version">
          {info === null ? '' : `v${info.version}`}
        </span>
      </header>
      <main className="app-main">
        <div className="app-column">
          <DevicesPanel state={devices} selected={selected} onSelect={setSelectedId} />
          <LayoutPanel layout={layout} excludedLines={excludedLines} onToggleLine={toggleLine} />
        </div>
        <div className="app-column">
          <ProgramPanel
            report={layout.report}
            excludedLines={excludedLines}
            device={selected}
            deviceCount={devices.devices.length}
          />
          <ConsolePanel refreshKey={devices.devices} />
          <SettingsPanel devices={devices.devices} />
        </div>
      </main>
    </>
  );
}
