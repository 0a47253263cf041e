import type { EventEnvelope, NewEvent } from '@switchboard/contracts';
import type pg from 'pg';
import type { EventStore } from '../store/event-store.js';

/**
 * An aggregate as pure functions (Emmett's decider): `decide` turns a command and the current
 * state into new events, `evolve` folds an event into the state. No I/O, so it is tested
 * given/when/then.
 */
export interface Decider<Command, Event extends NewEvent, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

export interface HandleCommandOptions {
  tx?: pg.PoolClient;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  tracestate?: string;
  /**
   * The events join the trace the stream began in (its first event's, when it has one) rather than
   * `traceparent` or the current trace: one trace per aggregate, whichever workflow moves it.
   */
  joinStreamTrace?: boolean;
}

/** Load, decide, append: the only thing a command handler around a decider does. */
export async function handleCommand<Command, Event extends NewEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: HandleCommandOptions = {},
): Promise<{ state: State; events: EventEnvelope[]; version: number }> {
  const history = await store.readStream(streamId, { tx: options.tx });
  const state = history.reduce((s, event) => decider.evolve(s, event as unknown as Event), decider.initialState());
  const decided = decider.decide(command, state);
  if (decided.length === 0) return { state, events: [], version: history.length };
  const origin = options.joinStreamTrace && history[0]?.traceparent ? { traceparent: history[0].traceparent, tracestate: history[0].tracestate } : {};
  const { events, nextExpectedVersion } = await store.append(streamId, decided, {
    ...options,
    ...origin,
    expectedVersion: history.length === 0 ? 'no_stream' : history.length,
  });
  return { state: decided.reduce(decider.evolve, state), events, version: nextExpectedVersion };
}
