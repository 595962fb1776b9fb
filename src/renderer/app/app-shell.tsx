import { DevicesPanel } from '../features/devices/devices-panel';
import { LayoutPanel } from '../features/layout/layout-panel';
import { useAppInfo } from './use-app-info';

export function AppShell() {
  const info = useAppInfo();
  return (
    <>
      <header className="app-header">
        <h1>STM32MP Flasher</h1>
        <span className="app-version" aria-label="Version">
          {info === null ? '' : `v${info.version}`}
        </span>
      </header>
      <main className="app-main">
        <DevicesPanel />
        <LayoutPanel />
      </main>
    </>
  );
}
