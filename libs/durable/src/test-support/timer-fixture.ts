import { defineEvent, EventRegistry } from '@switchboard/contracts';
import { EventStore, runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsString } from 'class-validator';
import { durableMigrations } from '../migrations/durable-migrations.js';

export class Reminder {
  @IsString() note: string;
}
export const reminderDue = defineEvent({ domain: 'test', aggregate: 'reminder', event: 'due', version: 1, payload: Reminder });

/** A namespace with a store and the timers table, and a way to count fired timer events. */
export class TimerFixture {
  readonly ns = new TestNamespace();
  readonly schema = this.ns.schema('timers');
  readonly store = new EventStore(this.ns.pool, this.schema, new EventRegistry().register(reminderDue), 'test');

  prepare(): Promise<void> {
    return runMigrations({ url: TEST_DATABASE_URL, schema: this.schema, migrations: durableMigrations });
  }

  request(key: string, note = key) {
    return { key, streamId: `reminder-${key}`, event: reminderDue.create({ note }) };
  }

  /** Notes of the fired reminders, in firing order. */
  async fired(): Promise<string[]> {
    const { rows } = await this.ns.pool.query<{ note: string }>(
      `SELECT payload->>'note' AS note FROM "${this.schema}".events ORDER BY global_position`,
    );
    return rows.map((row) => row.note);
  }

  /** The fired notes that start with `prefix`: each test keeps to its own keys. */
  async firedWith(prefix: string): Promise<string[]> {
    return (await this.fired()).filter((note) => note.startsWith(prefix));
  }
}
