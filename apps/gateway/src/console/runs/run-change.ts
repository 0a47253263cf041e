import type { EventEnvelope, RunKind, RunStatus } from '@switchboard/contracts';

/** What one event does to the console's row of its run; `kind` is known only for a workflow's declared events. */
export interface RunChange {
  runId: string;
  kind?: string;
  status?: RunStatus;
  step?: string;
  failed: boolean;
  label?: string;
  terms: string[];
}

const MAX_TERMS_PER_EVENT = 60;
const E164 = /^\+[1-9]\d{6,14}$/;
/** `<type>.failed`: a consumer gave up on an event of the run (libs/eventing's FailureEvents). */
const HANDLER_GAVE_UP = /^[^.]+\.[^.]+\.[^.]+\.failed$/;

/** The kind whose declaration names `type`, if any. */
export function kindOf(kinds: readonly RunKind[], type: string): RunKind | undefined {
  return kinds.find(
    (kind) => kind.starts.includes(type) || type in kind.steps || type in kind.ends || kind.failures.includes(type),
  );
}

/**
 * The run an event belongs to (its correlation id) and what it changes there, as its kind declares.
 * Pure: the read model applies it in SQL, in whatever order events of several streams arrive.
 */
export function runChange(kinds: readonly RunKind[], event: EventEnvelope): RunChange {
  const kind = kindOf(kinds, event.type);
  const end = kind?.ends[event.type];
  return {
    runId: event.correlationId,
    kind: kind?.kind,
    status: end ?? (kind ? 'RUNNING' : undefined),
    step: end ? end.toLowerCase() : kind?.steps[event.type],
    failed: (kind?.failures.includes(event.type) ?? false) || HANDLER_GAVE_UP.test(event.type),
    label: kind?.starts.includes(event.type) ? kind.label?.(event) : undefined,
    terms: searchTerms(event),
  };
}

/**
 * What a run can be found by: the ids and words of its events' payloads, lower-cased, ids first
 * (they are what waits and searches name). A phone number gives only its last four digits, so the
 * read model never holds a whole number.
 */
export function searchTerms(event: EventEnvelope): string[] {
  const ids = new Set<string>([event.correlationId.toLowerCase()]);
  const words = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4) return;
    if (typeof value === 'string') {
      if (E164.test(value)) ids.add(value.slice(-4));
      else if (value.length <= 100 && !/\s/.test(value)) ids.add(value.toLowerCase());
      else if (value.length <= 200) for (const word of value.toLowerCase().split(/\s+/)) if (word.length >= 3) words.add(word);
    } else if (typeof value === 'number' && Number.isInteger(value)) {
      ids.add(String(value));
    } else if (Array.isArray(value)) {
      value.slice(0, 50).forEach((item) => visit(item, depth + 1));
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach((item) => visit(item, depth + 1));
    }
  };
  visit(event.payload, 0);
  return [...ids, ...words].slice(0, MAX_TERMS_PER_EVENT);
}
