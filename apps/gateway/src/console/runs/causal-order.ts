export interface CausalItem {
  eventId: string;
  causationId: string | null;
}

/**
 * Events in the order they happened by cause: each after the event that caused it, otherwise in the
 * order given (time, then arrival). Clocks of different services may disagree by a few
 * milliseconds; causation does not.
 */
export function causalOrder<T extends CausalItem>(events: readonly T[]): T[] {
  const present = new Set(events.map((event) => event.eventId));
  const waiting = new Map<string, T[]>();
  const ordered: T[] = [];
  const emitted = new Set<string>();
  const emit = (event: T): void => {
    ordered.push(event);
    emitted.add(event.eventId);
    const children = waiting.get(event.eventId) ?? [];
    waiting.delete(event.eventId);
    children.forEach(emit);
  };
  for (const event of events) {
    const cause = event.causationId;
    if (cause && cause !== event.eventId && present.has(cause) && !emitted.has(cause)) {
      waiting.set(cause, [...(waiting.get(cause) ?? []), event]);
    } else {
      emit(event);
    }
  }
  // A cycle (impossible unless ids were forged) leaves events waiting: they still show, at the end.
  for (const rest of waiting.values()) ordered.push(...rest.filter((event) => !emitted.has(event.eventId)));
  return ordered;
}
