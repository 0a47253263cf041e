import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { newEventId, type PatientChannel, type QuietHours } from '@switchboard/contracts';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';
import { TasksConfig } from '../tasks.config.js';
import { Episodes, Patients } from './patient.aggregates.js';
import { PatientRuleViolation } from './patient.decider.js';

export interface CreatePatient {
  name: string;
  phone: string;
  email?: string;
  timezone: string;
  preferredChannel: PatientChannel;
  quietHours?: QuietHours;
  unit?: string;
}

const asCommandError = (error: unknown): unknown =>
  error instanceof PatientRuleViolation ? new CommandError(error.kind === 'not-found' ? 'NOT_FOUND' : 'CONFLICT', error.message) : error;

const PATIENT = `patient_id AS id, name, phone, email, timezone, preferred_channel AS "preferredChannel", quiet_hours AS "quietHours", unit,
  opted_out AS "optedOut", created_at AS "createdAt"`;

/** Patients, their episodes and discharges, and the check-ins discharges start (the gateway's REST). */
@Controller()
export class PatientCommands {
  constructor(
    private readonly patients: Patients,
    private readonly episodes: Episodes,
    private readonly config: TasksConfig,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('tasks.patient.create')
  async create(@Payload() command: CreatePatient): Promise<unknown> {
    const patientId = newEventId();
    await this.patients.execute(patientId, { type: 'register', patientId, ...command, unit: command.unit ?? this.config.CARE_DEFAULT_UNIT }, { cause: { correlationId: patientId } });
    return this.get({ patientId });
  }

  @OnCommand('tasks.patient.update')
  async update(@Payload() command: { patientId: string } & Partial<Omit<CreatePatient, 'name' | 'unit'>>): Promise<unknown> {
    const { patientId, ...fields } = command;
    await this.patients.execute(patientId, { type: 'update-contact', ...fields }, { cause: { correlationId: patientId } }).catch((error) => Promise.reject(asCommandError(error)));
    return this.get({ patientId });
  }

  @OnCommand('tasks.patient.get')
  async get(@Payload() query: { patientId: string }): Promise<unknown> {
    const s = `"${this.schema}"`;
    const { rows } = await this.pool.query(
      `SELECT ${PATIENT}, (SELECT coalesce(jsonb_agg(jsonb_build_object('id', e.episode_id, 'status', e.status, 'admittedAt', e.admitted_at,
         'dischargedAt', e.discharged_at, 'checkInId', e.check_in_id) ORDER BY e.admitted_at), '[]'::jsonb) FROM ${s}.episodes e WHERE e.patient_id = p.patient_id) AS episodes
       FROM ${s}.patients p WHERE patient_id = $1`,
      [query.patientId],
    );
    if (!rows[0]) throw CommandError.notFound(`patient ${query.patientId}`);
    return rows[0];
  }

  @OnCommand('tasks.patient.list')
  async list(): Promise<unknown[]> {
    return (await this.pool.query(`SELECT ${PATIENT} FROM "${this.schema}".patients ORDER BY created_at DESC LIMIT 1000`)).rows;
  }

  @OnCommand('tasks.episode.admit')
  async admit(@Payload() command: { patientId: string; admittedAt?: string }): Promise<unknown> {
    if (!(await this.patients.load(command.patientId)).state.patient) throw CommandError.notFound(`patient ${command.patientId}`);
    const episodeId = newEventId();
    await this.episodes.execute(
      episodeId,
      { type: 'admit', episodeId, patientId: command.patientId, admittedAt: command.admittedAt ?? new Date().toISOString() },
      { cause: { correlationId: episodeId } },
    );
    return this.episode(episodeId);
  }

  @OnCommand('tasks.episode.discharge')
  async discharge(@Payload() command: { episodeId: string }): Promise<unknown> {
    await this.episodes
      .execute(command.episodeId, { type: 'discharge', checkInId: newEventId(), dischargedAt: new Date().toISOString() }, { cause: { correlationId: command.episodeId } })
      .catch((error) => Promise.reject(asCommandError(error)));
    return this.episode(command.episodeId);
  }

  @OnCommand('tasks.check-in.get')
  async checkIn(@Payload() query: { checkInId: string }): Promise<unknown> {
    const { rows } = await this.pool.query(
      `SELECT check_in_id AS id, episode_id AS "episodeId", patient_id AS "patientId", status, due_at AS "dueAt", attempts, interaction_id AS "interactionId",
         severity, summary, task_id AS "taskId", closed_reason AS "closedReason", updated_at AS "updatedAt"
       FROM "${this.schema}".check_ins WHERE check_in_id = $1`,
      [query.checkInId],
    );
    if (!rows[0]) throw CommandError.notFound(`check-in ${query.checkInId}`);
    return rows[0];
  }

  private async episode(episodeId: string): Promise<unknown> {
    const { rows } = await this.pool.query(
      `SELECT episode_id AS id, patient_id AS "patientId", status, admitted_at AS "admittedAt", discharged_at AS "dischargedAt", check_in_id AS "checkInId"
       FROM "${this.schema}".episodes WHERE episode_id = $1`,
      [episodeId],
    );
    return rows[0];
  }
}
