import { describe, expect, it } from 'vitest';
import type { FlasherBridge } from '../../shared/contract';
import { ContractClient, RemoteError } from './contract-client';

function bridgeAnswering(reply: unknown, events: ((payload: unknown) => void)[] = []): FlasherBridge {
  return {
    request: async () => reply,
    subscribe: (_name, listener) => {
      events.push(listener);
      return () => undefined;
    },
    pathForFile: () => null,
  };
}

describe('ContractClient', () => {
  it('returns the value of a successful reply', async () => {
    const value = {
      name: 'STM32MP Flasher',
      version: '1.0.0',
      platform: 'linux',
      transport: 'electron',
      virtualMachine: 'none',
    };
    const client = new ContractClient(bridgeAnswering({ ok: true, value }));
    await expect(client.request('app.info', {})).resolves.toEqual(value);
  });

  it('throws the main side’s error data as a RemoteError', async () => {
    const error = { code: 'BAD_REQUEST', message: 'nope', hint: 'fix it' };
    const client = new ContractClient(bridgeAnswering({ ok: false, error }));
    const failure = await client.request('boards.list', {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RemoteError);
    expect((failure as RemoteError).data).toEqual(error);
  });

  it('refuses an answer that breaks the contract', async () => {
    const client = new ContractClient(bridgeAnswering({ ok: true, value: { boards: 'none' } }));
    await expect(client.request('boards.list', {})).rejects.toMatchObject({
      data: { code: 'INTERNAL_ERROR' },
    });
  });

  it('passes on valid events and drops malformed ones', () => {
    const listeners: ((payload: unknown) => void)[] = [];
    const client = new ContractClient(bridgeAnswering(null, listeners));
    const seen: unknown[] = [];
    client.on('boards.changed', (payload) => seen.push(payload));
    listeners[0]?.({ boards: [] });
    listeners[0]?.({ boards: 3 });
    expect(seen).toEqual([{ boards: [] }]);
  });
});
