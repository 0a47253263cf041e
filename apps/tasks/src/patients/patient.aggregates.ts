import { checkInAttemptDue, type EpisodeDischarged, episodeDischarged } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { AggregateHandler, type Cause, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { type CheckInCommand, checkInDecider, type CheckInEvent, type CheckInState } from '../check-ins/check-in.decider.js';
import { type InteractionCommand, interactionDecider, type InteractionEvent, type InteractionState } from '../replies/interaction.decider.js';
import { TasksConfig } from '../tasks.config.js';
import { type EpisodeCommand, episodeDecider, type EpisodeEvent, type EpisodeState, type PatientCommand, patientDecider, type PatientEvent, type PatientState } from './patient.decider.js';
import { patientProjection } from './patient.projection.js';

export const patientStream = (patientId: string) => `patient-${patientId}`;
export const episodeStream = (episodeId: string) => `episode-${episodeId}`;
export const checkInStream = (checkInId: string) => `check-in-${checkInId}`;
export const interactionStream = (interactionId: string) => `interaction-${interactionId}`;
/** One pending attempt timer per check-in: a reply cancels it, a deferral or the next attempt replaces it. */
export const checkInTimerKey = (checkInId: string) => `check-in-${checkInId}`;

type ExecuteOptions = { tx?: pg.PoolClient; cause?: Cause; trace?: { traceparent?: string; tracestate?: string } };

export class Patients extends AggregateHandler<PatientCommand, PatientEvent, PatientState> {}
/** One trace per discharge: a check-in's attempts and the patient's reply (a webhook) stay in the trace of the discharge that began it. */
export class CheckIns extends AggregateHandler<CheckInCommand, CheckInEvent, CheckInState> {
  protected override readonly inStreamTrace = true;
}
export class Interactions extends AggregateHandler<InteractionCommand, InteractionEvent, InteractionState> {}

/** Episodes: a discharge schedules its check-in's first attempt in the same transaction. */
export class Episodes extends AggregateHandler<EpisodeCommand, EpisodeEvent, EpisodeState> {
  constructor(
    store: EventStore,
    schema: string,
    private readonly timers: DurableTimers,
    private readonly config: TasksConfig,
  ) {
    super(store, episodeDecider, episodeStream, patientProjection(schema, config.CARE_CHECK_IN_DELAY_MS));
  }

  override async execute(id: string, command: EpisodeCommand, options: ExecuteOptions = {}) {
    const result = await super.execute(id, command, options);
    if (!options.tx) return result;
    for (const event of result.events) {
      if (event.type !== episodeDischarged.type) continue;
      const p = event.payload as EpisodeDischarged;
      await this.timers.schedule(
        {
          key: checkInTimerKey(p.checkInId),
          streamId: checkInStream(p.checkInId),
          event: checkInAttemptDue.create({ checkInId: p.checkInId, episodeId: p.episodeId, patientId: p.patientId, attempt: 1 }),
          correlationId: p.checkInId,
          at: new Date(Date.parse(p.dischargedAt) + this.config.CARE_CHECK_IN_DELAY_MS),
        },
        options.tx,
      );
    }
    return result;
  }
}

const inject = [EventStore, SERVICE_SCHEMA, DurableTimers, TasksConfig];
const projection = (schema: string, config: TasksConfig) => patientProjection(schema, config.CARE_CHECK_IN_DELAY_MS);

/** Patients, their episodes, discharge check-ins and triaged replies, with their read models. */
export const patientAggregates = [
  { provide: Patients, inject, useFactory: (store: EventStore, schema: string, _t: DurableTimers, config: TasksConfig) => new Patients(store, patientDecider, patientStream, projection(schema, config)) },
  { provide: Episodes, inject, useFactory: (store: EventStore, schema: string, timers: DurableTimers, config: TasksConfig) => new Episodes(store, schema, timers, config) },
  { provide: CheckIns, inject, useFactory: (store: EventStore, schema: string, _t: DurableTimers, config: TasksConfig) => new CheckIns(store, checkInDecider, checkInStream, projection(schema, config)) },
  {
    provide: Interactions,
    inject,
    useFactory: (store: EventStore, schema: string, _t: DurableTimers, config: TasksConfig) => new Interactions(store, interactionDecider, interactionStream, projection(schema, config)),
  },
];
