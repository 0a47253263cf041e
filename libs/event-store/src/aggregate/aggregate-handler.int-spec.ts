import { defineEvent, EventRegistry, type NewEvent } from '@switchboard/contracts';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsString } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../migrations/run-migrations.js';
import { EventStore } from '../store/event-store.js';
import { AggregateHandler } from './aggregate-handler.js';
import type { Decider } from './decider.js';

class Knocked {
  @IsString() by: string;
}
const knocked = defineEvent({ domain: 'test', aggregate: 'door', event: 'knocked', version: 1, payload: Knocked });
type DoorEvent = NewEvent<Knocked, typeof knocked.type>;
const door: Decider<string, DoorEvent, object> = { initialState: () => ({}), evolve: (state) => state, decide: (by) => [knocked.create({ by })] };

/** A door whose every knock belongs to the trace of its first. */
class TracedDoors extends AggregateHandler<string, DoorEvent, object> {
  protected override readonly inStreamTrace = true;
}

const ns = new TestNamespace();
const schema = ns.schema('aggregates');
let store: EventStore;
const traceA = `00-${'a'.repeat(32)}-${'1'.repeat(16)}-01`;
const traceB = `00-${'b'.repeat(32)}-${'2'.repeat(16)}-01`;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema });
  store = new EventStore(ns.pool, schema, new EventRegistry().register(knocked), 'test');
});
afterAll(() => ns.dispose());

const tracesOf = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.traceparent);

describe('AggregateHandler traces', () => {
  it("appends in the trace the stream began in when the aggregate keeps one trace, unless told another", async () => {
    const doors = new TracedDoors(store, door, (id) => `door-${id}`);
    await doors.execute('1', 'first', { trace: { traceparent: traceA } });
    // No trace of its own here (tracing is off in this process): the knock joins the stream's.
    await doors.execute('1', 'second');
    await doors.execute('1', 'callback', { trace: { traceparent: traceB } });
    expect(await tracesOf('door-1')).toEqual([traceA, traceA, traceB]);
  });

  it('appends in the current trace by default', async () => {
    const doors = new AggregateHandler(store, door, (id) => `door-${id}`);
    await doors.execute('2', 'first', { trace: { traceparent: traceA } });
    await doors.execute('2', 'second');
    expect(await tracesOf('door-2')).toEqual([traceA, undefined]);
  });
});
