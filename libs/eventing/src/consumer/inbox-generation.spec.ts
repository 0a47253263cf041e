import type { JsMsg } from 'nats';
import { describe, expect, it } from 'vitest';
import { InboxGeneration } from './inbox-generation.js';

const delivery = (deliverySequence: number) => ({ info: { deliverySequence } }) as JsMsg;

function tracked(keys: string[]) {
  const clock = { now: 0 };
  let reads = 0;
  const generation = new InboxGeneration(async () => {
    const key = keys[Math.min(reads, keys.length - 1)];
    reads += 1;
    return key;
  }, () => clock.now);
  return { generation, clock, reads: () => reads };
}

describe('InboxGeneration', () => {
  it('reads the key once for a run of deliveries, not once per pull', async () => {
    const { generation, reads } = tracked(['c']);
    await generation.reset();
    for (let sequence = 1; sequence <= 50; sequence += 1) expect(await generation.forDelivery(delivery(sequence))).toBe('c');
    expect(reads()).toBe(1);
  });

  it('reads again when the delivery sequence starts over (a replay recreated the consumer), for that delivery and the ones after it', async () => {
    const { generation, reads } = tracked(['c', 'c#replay-1']);
    await generation.reset();
    expect(await generation.forDelivery(delivery(40))).toBe('c');
    // Taken as they arrive, before the read for the first one has answered.
    const first = generation.forDelivery(delivery(1));
    const second = generation.forDelivery(delivery(2));
    expect(await first).toBe('c#replay-1');
    expect(await second).toBe('c#replay-1');
    expect(reads()).toBe(2);
  });

  it('reads again once the key is older than a second', async () => {
    const { generation, clock, reads } = tracked(['c', 'c#replay-1']);
    await generation.reset();
    clock.now = 900;
    expect(await generation.forDelivery(delivery(1))).toBe('c');
    clock.now = 1_100;
    expect(await generation.forDelivery(delivery(2))).toBe('c#replay-1');
    expect(reads()).toBe(2);
  });

  it('tells a key a replay has replaced from the current one, and the next delivery takes the new key', async () => {
    const { generation } = tracked(['c', 'c', 'c#replay-1']);
    const taken = await generation.reset();
    expect(await generation.replaced(taken)).toBe(false);
    expect(await generation.replaced(taken)).toBe(true);
    expect(await generation.forDelivery(delivery(1))).toBe('c#replay-1');
  });

  it('forgets a failed read, so the next delivery reads again', async () => {
    let fail = true;
    const generation = new InboxGeneration(async () => {
      if (fail) throw new Error('nats gone');
      return 'c';
    });
    await expect(generation.reset()).rejects.toThrow('nats gone');
    fail = false;
    expect(await generation.forDelivery(delivery(1))).toBe('c');
    expect(await generation.latest()).toBe('c');
  });
});
