import { Inject, Injectable } from '@nestjs/common';
import { newEventId, type OperatorActionRecorded, operatorActionRecorded } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';

export interface AuditEntry extends OperatorActionRecorded {
  eventId: string;
  occurredAt: Date;
}

/** Every operator action as an event in the gateway's store (who, what, when, why, outcome), and the audit trail read back. */
@Injectable()
export class OperatorActions {
  private readonly events: string;

  constructor(
    private readonly store: EventStore,
    private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
  ) {
    this.events = `${pg.escapeIdentifier(schema)}.events`;
  }

  async record(action: OperatorActionRecorded): Promise<void> {
    const id = newEventId();
    await this.store.append(`operator-action-${id}`, [operatorActionRecorded.create(action)], { expectedVersion: 'no_stream', correlationId: id });
  }

  /** The newest actions first. */
  async list(limit: number): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<{ event_id: string; occurred_at: Date; payload: OperatorActionRecorded }>(
      `SELECT event_id, occurred_at, payload FROM ${this.events} WHERE type = $1 ORDER BY global_position DESC LIMIT $2`,
      [operatorActionRecorded.type, limit],
    );
    return rows.map((row) => ({ ...row.payload, eventId: row.event_id, occurredAt: row.occurred_at }));
  }
}
