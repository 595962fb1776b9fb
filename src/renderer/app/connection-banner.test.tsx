// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useBoards } from '../features/devices/use-boards';
import { FakeClock, fakeOpener } from '../test-support/fake-link';
import { board } from '../test-support/fixtures';
import { LiveClientProvider } from '../transport/live-client-provider';
import { createWebSocketBridge } from '../transport/websocket-bridge';
import { ConnectionBanner } from './connection-banner';

afterEach(cleanup);

const timing = {
  heartbeatEveryMs: 20,
  silenceMs: 50,
  connectDeadlineMs: 50,
  retryDelaysMs: [1000],
  stoppedAfterMs: 5000,
};

function BoardCount() {
  const { boards, loaded } = useBoards();
  return <p>{loaded ? `${boards.length} boards` : 'Checking…'}</p>;
}

function setUp() {
  const clock = new FakeClock();
  const opener = fakeOpener();
  const location = { protocol: 'http:', host: '127.0.0.1:5780', search: '' };
  const { bridge, connection } = createWebSocketBridge(location, { open: opener.open, clock, timing });
  render(
    <LiveClientProvider bridge={bridge} connection={connection}>
      <ConnectionBanner />
      <BoardCount />
    </LiveClientProvider>,
  );
  const socket = () => opener.sockets.at(-1);
  /** Answers the socket's latest boards.list with `count` boards. */
  const answerBoards = async (count: number) => {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      const request = socket()
        ?.requests()
        .filter((each) => each.name === 'boards.list')
        .at(-1);
      const boards = Array.from({ length: count }, (_, index) => board({ id: `virtual-${index + 1}` }));
      socket()?.receive({ kind: 'reply', id: request?.id, reply: { ok: true, value: { boards } } });
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  };
  return { clock, socket, answerBoards };
}

describe('ConnectionBanner', () => {
  it('shows the lost state, counts down to the next try, and goes away when the page has refreshed', async () => {
    const { clock, socket, answerBoards } = setUp();
    act(() => socket()?.open());
    await answerBoards(1);
    expect(screen.getByText('1 boards')).toBeDefined();
    expect(screen.queryByRole('status')).toBeNull();

    act(() => socket()?.serverClose());
    expect(screen.getByRole('status').textContent).toBe('Connection lost — reconnecting…');
    expect(screen.getByText(/Next try in 1 s\./)).toBeDefined();

    act(() => clock.advance(1000));
    expect(screen.getByText(/Trying now…/)).toBeDefined();
    act(() => socket()?.open());
    expect(screen.queryByRole('status')).toBeNull();
    // The page asks again on the new connection: the board list is the server's, not the old one.
    await answerBoards(2);
    expect(screen.getByText('2 boards')).toBeDefined();
  });

  it('says the app has stopped and how to start it again when the server went away for good', () => {
    const { socket } = setUp();
    act(() => socket()?.open());
    act(() => socket()?.serverClose(1001));
    expect(screen.getByRole('alert').textContent).toBe('The app has stopped.');
    expect(screen.getByText(/Start it again with/).textContent).toContain('stm32mp-flasher serve');
    expect(screen.getByText(/Start it again with/).textContent).toContain('npm start');
  });
});
