import { describe, expect, it } from 'vitest';
import type { Decider } from './decider.js';
import { DeciderSpecification } from './decider-specification.js';

type Opened = { type: 'test.door.opened'; version: 1; payload: Record<string, never> };
type Closed = { type: 'test.door.closed'; version: 1; payload: Record<string, never> };
type DoorEvent = Opened | Closed;

class DoorAlreadyOpen extends Error {}

const opened: Opened = { type: 'test.door.opened', version: 1, payload: {} };
const closed: Closed = { type: 'test.door.closed', version: 1, payload: {} };

const door: Decider<'open' | 'close', DoorEvent, { open: boolean }> = {
  initialState: () => ({ open: false }),
  evolve: (_, event) => ({ open: event.type === 'test.door.opened' }),
  decide: (command, state) => {
    if (command === 'open') {
      if (state.open) throw new DoorAlreadyOpen('already open');
      return [opened];
    }
    return state.open ? [closed] : [];
  },
};

describe('DeciderSpecification', () => {
  it('passes when the decided events match', () => {
    DeciderSpecification.for(door).given([]).when('open').then([opened]);
    DeciderSpecification.for(door).given([opened, closed]).when('close').then([]);
  });

  it('fails when they do not', () => {
    expect(() => DeciderSpecification.for(door).given([opened]).when('close').then([])).toThrow(/expected events/);
  });

  it('checks the error a rejected command throws', () => {
    DeciderSpecification.for(door).given([opened]).when('open').thenThrows(DoorAlreadyOpen, /already/);
    expect(() => DeciderSpecification.for(door).given([]).when('open').thenThrows(DoorAlreadyOpen)).toThrow(
      /expected DoorAlreadyOpen/,
    );
  });
});
