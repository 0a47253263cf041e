import { describe, expect, it } from 'vitest';
import { causalOrder } from './causal-order.js';

describe('causalOrder', () => {
  it('puts an event after its cause even when its clock said earlier, keeping the given order otherwise', () => {
    const events = [
      { eventId: 'b', causationId: 'a' },
      { eventId: 'x', causationId: null },
      { eventId: 'a', causationId: null },
      { eventId: 'c', causationId: 'b' },
      { eventId: 'd', causationId: 'elsewhere' },
    ];
    expect(causalOrder(events).map((e) => e.eventId)).toEqual(['x', 'a', 'b', 'c', 'd']);
  });
});
