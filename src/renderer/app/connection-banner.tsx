import { useConnectionState } from '../transport/live-client-provider';
import './connection-banner.css';
import { useNow } from './use-now';

/**
 * The browser shell's connection, when it is not there: "Connection lost — reconnecting…" with the seconds to
 * the next try, or, once the server has stopped, how to start it again. Nothing while connected (and nothing
 * in Electron, whose transport cannot be lost). The live region holds only the news; the countdown sits
 * beside it, so a screen reader is not read a number every second.
 */
export function ConnectionBanner() {
  const state = useConnectionState();
  const away = state.phase === 'lost' || state.phase === 'stopped';
  const now = useNow(away);
  if (!away) return null;
  const retry =
    state.retryAt === null
      ? 'Trying now…'
      : `Next try in ${Math.max(1, Math.ceil((state.retryAt - now) / 1000))} s.`;
  if (state.phase === 'lost')
    return (
      <div className="connection-banner connection-lost">
        <p role="status" className="connection-news">
          Connection lost — reconnecting…
        </p>
        <p className="connection-detail">
          The page does not hear from <code>stm32mp-flasher serve</code>. Requests fail until it is back; the
          page then refreshes by itself. {retry}
        </p>
      </div>
    );
  return (
    <div className="connection-banner connection-stopped">
      <p role="alert" className="connection-news">
        The app has stopped.
      </p>
      <p className="connection-detail">
        Start it again with <code>stm32mp-flasher serve</code> (or <code>npm start</code> in its folder), then
        open the address it prints. This page keeps trying quietly. {retry}
      </p>
    </div>
  );
}
