import type { EventEnvelope } from '../envelope/event-envelope.js';

/** What an event does to the run it belongs to; `type` is `<domain>.<aggregate>.<event>`, any version. */
export interface RunKind {
  /** Shown in the console and used in its filters, e.g. `call-research`. */
  kind: string;
  /** Events that start a run: the run is named by the event's correlation id. */
  starts: readonly string[];
  /** Events that move a run on, each to the step it names ("dialling", "transcribing"). */
  steps: Readonly<Record<string, string>>;
  /** Events that end a run, each with the run's final status. */
  ends: Readonly<Record<string, RunEnd>>;
  /** Events that count as a failure of the run (the run goes on unless an end says otherwise). */
  failures: readonly string[];
  /** A human name for the run, read from its starting event (a campaign's name). */
  label?(event: EventEnvelope): string | undefined;
}

export type RunEnd = 'COMPLETED' | 'FAILED' | 'CANCELED';
export type RunStatus = 'RUNNING' | RunEnd;

/**
 * Declares the runs of one workflow for the ops console: which events start, advance, fail and
 * end a run. A run is the set of events sharing a correlation id; the console reads nothing else
 * of the workflow, so a new workflow plugs in by declaring its kind in all-runs.ts.
 */
export function defineRunKind(kind: RunKind): RunKind {
  const types = [...kind.starts, ...Object.keys(kind.steps), ...Object.keys(kind.ends), ...kind.failures];
  for (const type of types) {
    if (!/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/.test(type)) throw new Error(`run kind ${kind.kind}: ${type} is not <domain>.<aggregate>.<event>`);
  }
  return kind;
}
