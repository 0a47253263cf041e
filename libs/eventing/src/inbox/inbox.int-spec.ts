import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerFixture } from '../test-support/worker.fixture.js';
import { Inbox } from './inbox.js';

const fixture = new WorkerFixture();
let inbox: Inbox;

beforeAll(async () => {
  await fixture.prepare();
  inbox = new Inbox(fixture.ns.pool, fixture.schema);
});
afterAll(() => fixture.ns.dispose());

describe('Inbox', () => {
  it('lets a second delivery of an event start its effects only after the first committed, then skips it', async () => {
    const eventId = randomUUID();
    let running = 0;
    let calls = 0;
    let overlapped = false;
    // A slow effect outside the transaction, such as a provider call: it cannot be rolled back.
    const slowCall = async () => {
      calls++;
      overlapped ||= ++running > 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      running--;
    };
    const outcomes = await Promise.all([inbox.runOnce('calls', eventId, slowCall), inbox.runOnce('calls', eventId, slowCall)]);
    expect(outcomes.sort()).toEqual(['duplicate', 'handled']);
    expect({ calls, overlapped }).toEqual({ calls: 1, overlapped: false });
  });

  it('does not hold up other events or other consumers of the same event', async () => {
    const eventId = randomUUID();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = inbox.runOnce('a', eventId, () => held);
    await expect(inbox.runOnce('b', eventId, async () => undefined)).resolves.toBe('handled');
    await expect(inbox.runOnce('a', randomUUID(), async () => undefined)).resolves.toBe('handled');
    release();
    await expect(first).resolves.toBe('handled');
    expect(await inbox.seen('a', eventId)).toBe(true);
  });

  it("assigns no transaction id before the handler's first write, so the append keeps the store's order (ADR 0003)", async () => {
    let xid: unknown = 'not read';
    await inbox.runOnce('xid', randomUUID(), async (tx) => {
      xid = (await tx.query('SELECT pg_current_xact_id_if_assigned() AS xid')).rows[0].xid;
    });
    expect(xid).toBeNull();
  });

  it('rolls its effects back when a writer that holds no lock (an older replica) recorded the event meanwhile', async () => {
    const eventId = randomUUID();
    const outcome = await inbox.runOnce('legacy', eventId, async (tx) => {
      await tx.query(`INSERT INTO "${fixture.schema}".effects (event_id, item_id) VALUES ($1, 'ours')`, [eventId]);
      await fixture.ns.pool.query(`INSERT INTO "${fixture.schema}".inbox (consumer, event_id) VALUES ('legacy', $1)`, [eventId]);
    });
    expect(outcome).toBe('duplicate');
    const { rows } = await fixture.ns.pool.query(`SELECT 1 FROM "${fixture.schema}".effects WHERE event_id = $1`, [eventId]);
    expect(rows).toEqual([]);
    await expect(inbox.runOnce('legacy', eventId, async () => undefined)).resolves.toBe('duplicate');
  });
});
