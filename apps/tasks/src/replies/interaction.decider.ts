import { type InteractionEscalated, interactionEscalated, type InteractionTriaged, interactionTriaged, type NewEvent } from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';
import { severityRank } from './red-flags.js';

export type InteractionEvent = NewEvent<InteractionTriaged, typeof interactionTriaged.type> | NewEvent<InteractionEscalated, typeof interactionEscalated.type>;
export type InteractionCommand = { type: 'triage'; triage: InteractionTriaged; escalationTaskId: string };
export interface InteractionState {
  triaged?: InteractionTriaged;
}

/** A patient's message: triaged once; MODERATE or worse escalates it to a nurse task (named in the event). */
export const interactionDecider: Decider<InteractionCommand, InteractionEvent, InteractionState> = {
  initialState: () => ({}),
  decide: (command, state) => {
    if (state.triaged) return [];
    const { triage } = command;
    const events: InteractionEvent[] = [interactionTriaged.create(triage)];
    if (severityRank(triage.severity) >= severityRank('MODERATE')) {
      events.push(
        interactionEscalated.create({
          interactionId: triage.interactionId,
          patientId: triage.patientId,
          severity: triage.severity,
          reasonCodes: triage.reasonCodes,
          taskId: command.escalationTaskId,
        }),
      );
    }
    return events;
  },
  evolve: (state, event) => (event.type === interactionTriaged.type ? { triaged: event.payload } : state),
};
