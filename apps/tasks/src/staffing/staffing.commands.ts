import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { newEventId, type SealedPushSubscription } from '@switchboard/contracts';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';
import { Nurses, Shifts } from '../care.aggregates.js';
import { TasksConfig } from '../tasks.config.js';
import { StaffingRuleViolation } from './staffing.decider.js';

export interface CreateNurse {
  name: string;
  phone: string;
  email?: string;
  unit?: string;
  push?: SealedPushSubscription;
}

export interface CreateShift {
  nurseId: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
}

const asCommandError = (error: unknown): unknown =>
  error instanceof StaffingRuleViolation
    ? new CommandError(error.field ? 'INVALID' : 'NOT_FOUND', error.message, error.field ? [{ field: error.field, messages: [error.message] }] : undefined)
    : error;

// The subscription's keys encrypt to the nurse's browser: the API shows only where it points.
const NURSE = `nurse_id AS id, name, unit, phone, email, push_subscription->>'endpoint' AS "pushEndpoint", created_at AS "createdAt"`;
const SHIFT = `shift_id AS id, nurse_id AS "nurseId", unit, starts_at AS "startsAt", ends_at AS "endsAt", capacity, status`;

/** Nurses and their shifts (the gateway's /v1/nurses and /v1/shifts). */
@Controller()
export class StaffingCommands {
  constructor(
    private readonly nurses: Nurses,
    private readonly shifts: Shifts,
    private readonly config: TasksConfig,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('tasks.nurse.create')
  async createNurse(@Payload() command: CreateNurse): Promise<unknown> {
    const nurseId = newEventId();
    const nurse = { nurseId, name: command.name, phone: command.phone, email: command.email, unit: command.unit ?? this.config.CARE_DEFAULT_UNIT, push: command.push };
    await this.nurses.execute(nurseId, { type: 'register', ...nurse }, { cause: { correlationId: nurseId } });
    return this.getNurse({ nurseId });
  }

  @OnCommand('tasks.nurse.update')
  async updateNurse(@Payload() command: { nurseId: string; phone?: string; email?: string }): Promise<unknown> {
    const { nurseId, ...fields } = command;
    await this.nurses.execute(nurseId, { type: 'update-contact', ...fields }, { cause: { correlationId: nurseId } }).catch((error) => Promise.reject(asCommandError(error)));
    return this.getNurse({ nurseId });
  }

  /** Sets or replaces the nurse's Web Push subscription; `subscription: null` removes it. */
  @OnCommand('tasks.nurse.set-push-subscription')
  async setPushSubscription(@Payload() command: { nurseId: string; subscription: SealedPushSubscription | null }): Promise<unknown> {
    const { nurseId, subscription } = command;
    const change = subscription ? ({ type: 'set-push-subscription', subscription } as const) : ({ type: 'remove-push-subscription', reason: 'removed' } as const);
    await this.nurses.execute(nurseId, change, { cause: { correlationId: nurseId } }).catch((error) => Promise.reject(asCommandError(error)));
    return this.getNurse({ nurseId });
  }

  @OnCommand('tasks.nurse.get')
  async getNurse(@Payload() query: { nurseId: string }): Promise<unknown> {
    const { rows } = await this.pool.query(`SELECT ${NURSE} FROM "${this.schema}".nurses WHERE nurse_id = $1`, [query.nurseId]);
    if (!rows[0]) throw CommandError.notFound(`nurse ${query.nurseId}`);
    return rows[0];
  }

  @OnCommand('tasks.nurse.list')
  async listNurses(): Promise<unknown[]> {
    return (await this.pool.query(`SELECT ${NURSE} FROM "${this.schema}".nurses ORDER BY created_at LIMIT 1000`)).rows;
  }

  @OnCommand('tasks.shift.create')
  async createShift(@Payload() command: CreateShift): Promise<unknown> {
    const { state } = await this.nurses.load(command.nurseId);
    if (!state.nurse) throw CommandError.notFound(`nurse ${command.nurseId}`);
    const shiftId = newEventId();
    const shift = { shiftId, nurseId: command.nurseId, unit: state.nurse.unit, startsAt: command.startsAt, endsAt: command.endsAt, capacity: command.capacity };
    await this.shifts.execute(shiftId, { type: 'schedule', ...shift }, { cause: { correlationId: shiftId } }).catch((error) => Promise.reject(asCommandError(error)));
    return this.getShift({ shiftId });
  }

  @OnCommand('tasks.shift.end')
  async endShift(@Payload() command: { shiftId: string }): Promise<unknown> {
    await this.shifts.execute(command.shiftId, { type: 'end' }, { cause: { correlationId: command.shiftId } }).catch((error) => Promise.reject(asCommandError(error)));
    return this.getShift(command);
  }

  @OnCommand('tasks.shift.get')
  async getShift(@Payload() query: { shiftId: string }): Promise<unknown> {
    const { rows } = await this.pool.query(`SELECT ${SHIFT} FROM "${this.schema}".shifts WHERE shift_id = $1`, [query.shiftId]);
    if (!rows[0]) throw CommandError.notFound(`shift ${query.shiftId}`);
    return rows[0];
  }

  @OnCommand('tasks.shift.list')
  async listShifts(@Payload() query: { nurseId?: string; status?: string }): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT ${SHIFT} FROM "${this.schema}".shifts WHERE ($1::text IS NULL OR nurse_id = $1) AND ($2::text IS NULL OR status = $2) ORDER BY starts_at LIMIT 1000`,
      [query.nurseId ?? null, query.status ?? null],
    );
    return rows;
  }
}
