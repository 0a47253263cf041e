import type { EventEnvelope } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TEST_NATS_URL, TestNamespace } from '@switchboard/testing';
import { expect } from 'vitest';
import { type ItemAdded, itemAdded, jobQueued, workerRegistry } from './worker.events.js';
import { prepareWorkerSchema, workerSchema, type WorkerSettings } from './worker.app.js';

export interface Effect {
  event_id: string;
  item_id: string;
  n: number;
  attempt: number;
  pid: number;
}

/** A namespace with the worker's schema ready, a store to append to, and ways to look at the outcome. */
export class WorkerFixture {
  readonly ns = new TestNamespace();
  readonly settings: WorkerSettings = {
    namespace: this.ns.namespace,
    databaseUrl: TEST_DATABASE_URL,
    natsUrl: TEST_NATS_URL,
  };
  readonly schema = workerSchema(this.ns.namespace);
  readonly store = new EventStore(this.ns.pool, this.schema, workerRegistry(), 'test');

  prepare(): Promise<void> {
    return prepareWorkerSchema(this.settings);
  }

  async add(itemId: string, items: Partial<ItemAdded>[]): Promise<EventEnvelope[]> {
    const { events } = await this.store.append(
      `item-${itemId}`,
      items.map((item, i) => itemAdded.create({ itemId, n: i, ...item })),
      { expectedVersion: 'any' },
    );
    return events;
  }

  async queueJobs(jobs: { key: string; workMs: number }[]): Promise<void> {
    for (const [i, job] of jobs.entries()) {
      await this.store.append(`job-${i}-${job.key}`, [jobQueued.create({ jobId: `job-${i}`, ...job })], {
        expectedVersion: 'no_stream',
      });
    }
  }

  async jobs(): Promise<{ job_id: string; key: string; started_at: Date; finished_at: Date; pid: number }[]> {
    const { rows } = await this.ns.pool.query(`SELECT * FROM "${this.schema}".jobs ORDER BY started_at`);
    return rows;
  }

  /** When each delivery of an event reached the handler, in ms since the first. */
  async attemptOffsets(eventId: string): Promise<number[]> {
    const { rows } = await this.ns.pool.query<{ at: Date }>(
      `SELECT at FROM "${this.schema}".attempts WHERE event_id = $1 ORDER BY attempt`,
      [eventId],
    );
    return rows.map((row) => row.at.getTime() - rows[0].at.getTime());
  }

  async effects(): Promise<Effect[]> {
    const { rows } = await this.ns.pool.query<Effect>(
      `SELECT event_id, item_id, n, attempt, pid FROM "${this.schema}".effects ORDER BY handled_at`,
    );
    return rows;
  }

  async waitForEffects(count: number, timeout = 15_000): Promise<Effect[]> {
    await expect.poll(async () => (await this.effects()).length, { timeout, interval: 50 }).toBeGreaterThanOrEqual(count);
    return this.effects();
  }

  /** Messages of a stream subject, read directly from JetStream. */
  async streamMessages(stream: string, subjectFilter: string) {
    const connection = await this.ns.natsConnection();
    const jsm = await connection.jetstreamManager();
    const info = await jsm.streams.info(stream).catch(() => undefined);
    const messages = [];
    for (let seq = info?.state.first_seq ?? 1; info && seq <= info.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (message && (subjectFilter === '>' || message.subject.endsWith(subjectFilter))) messages.push(message);
    }
    return messages;
  }
}
