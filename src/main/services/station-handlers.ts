import { FlasherError } from '../../shared/errors';
import type { StationRunner } from '../engine/station/station-runner';
import type { RequestHandlers } from './contract-server';

type StationHandlers = Pick<
  RequestHandlers,
  'station.get' | 'station.programAll' | 'station.programSlot' | 'station.setAuto'
>;

/** The `station.*` requests over the one station of this process (none without `serve --station`). */
export function stationHandlers(current: () => StationRunner | null): StationHandlers {
  const running = (): StationRunner => {
    const station = current();
    if (station === null) throw new FlasherError('NO_STATION');
    return station;
  };
  return {
    'station.get': () => ({ view: current()?.view() ?? null }),
    'station.programAll': () => {
      const runner = running();
      const before = runner.view().slots.filter((slot) => slot.state === 'programming').length;
      void runner.programAll();
      const after = runner.view().slots.filter((slot) => slot.state === 'programming').length;
      return { started: after - before };
    },
    'station.programSlot': ({ slot }) => {
      const runner = running();
      const known = runner.view().slots.some((candidate) => candidate.name === slot);
      if (!known) throw new FlasherError('NO_SUCH_SLOT');
      void runner.programSlot(slot);
      return {
        started: runner.view().slots.find((candidate) => candidate.name === slot)?.state === 'programming',
      };
    },
    'station.setAuto': ({ on }) => {
      running().setAuto(on);
      return { auto: running().view().auto };
    },
  };
}
