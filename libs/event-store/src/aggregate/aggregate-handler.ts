import type { EventEnvelope, NewEvent } from '@switchboard/contracts';
import type pg from 'pg';
import type { EventStore } from '../store/event-store.js';
import { type Decider, handleCommand } from './decider.js';

/** Keeps a read model in step with an aggregate: runs in the transaction that appended `events`. */
export type InlineProjection = (events: EventEnvelope[], tx: pg.PoolClient) => Promise<void>;

/** The event that led to a command, so what it decides carries the workflow's correlation. */
export interface Cause {
  /** The causing event's id; absent when a request starts the workflow. */
  id?: string;
  correlationId: string;
}

/**
 * One aggregate type behind one API: load its state, or decide a command and append the events
 * together with its read model's update. Handlers hold one of these per aggregate and nothing else.
 */
export class AggregateHandler<Command, Event extends NewEvent, State> {
  /**
   * True: what a command appends joins the trace its stream began in, whatever trace the command
   * comes in, so each instance's whole life is one trace (a task dealt when another nurse's shift
   * starts, or resolved by a later request, shows in the trace that created it). `trace` still wins.
   */
  protected readonly inStreamTrace: boolean = false;

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, Event, State>,
    private readonly streamOf: (id: string) => string,
    private readonly project?: InlineProjection,
  ) {}

  async load(id: string, tx?: pg.PoolClient): Promise<{ state: State; events: EventEnvelope[] }> {
    const events = await this.store.readStream(this.streamOf(id), { tx });
    return { state: events.reduce((s, e) => this.decider.evolve(s, e as unknown as Event), this.decider.initialState()), events };
  }

  /**
   * Without `tx`, runs in a transaction of its own (committed when this returns). `trace` puts the
   * events in another trace than the current one (a provider's callback joins its workflow's trace).
   */
  async execute(
    id: string,
    command: Command,
    options: { tx?: pg.PoolClient; cause?: Cause; trace?: { traceparent?: string; tracestate?: string } } = {},
  ): Promise<{ state: State; events: EventEnvelope[] }> {
    if (!options.tx) return this.store.transaction((tx) => this.execute(id, command, { ...options, tx }));
    const { state, events } = await handleCommand(this.store, this.streamOf(id), this.decider, command, {
      tx: options.tx,
      correlationId: options.cause?.correlationId,
      causationId: options.cause?.id,
      traceparent: options.trace?.traceparent,
      tracestate: options.trace?.tracestate,
      joinStreamTrace: this.inStreamTrace && !options.trace,
    });
    if (events.length && this.project) await this.project(events, options.tx);
    return { state, events };
  }
}
