import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { NonRetriableError, RetryAfterError } from '@switchboard/durable';
import type { TelephonyPort } from '@switchboard/providers';
import pg from 'pg';
import type { EventContext } from '../consumer/event-handler.js';
import { CommandError } from '../commands/command-error.js';
import { OnCommand, OnEvent } from '../transport/handler.decorators.js';
import { callPlaced, type ItemAdded, itemAdded, type JobQueued, jobQueued } from './worker.events.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The number the `call-provider` behaviour dials for event `n`. */
export const callee = (n: number) => `+1555300${String(n).padStart(4, '0')}`;

/** Records each handled event as a row, so tests can count effects exactly. */
@Controller()
export class WorkerHandlers {
  static schema = '';
  private telephony?: TelephonyPort;

  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    private readonly store: EventStore,
  ) {}

  @OnEvent(itemAdded, {
    durable: 'worker-effects',
    concurrency: Number(process.env.WORKER_CONCURRENCY ?? 16),
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 400, jitter: 0 },
    ackWaitMs: Number(process.env.WORKER_ACK_WAIT_MS ?? 30_000),
    batch: Boolean(process.env.WORKER_BATCH),
  })
  async onItemAdded(@Payload() event: EventEnvelope<ItemAdded>, @Ctx() context: EventContext): Promise<void> {
    const { behaviour = 'ok', delayMs = 0 } = event.payload;
    // Outside the handler's transaction, so failed attempts leave a trace too.
    await this.pool.query(`INSERT INTO "${WorkerHandlers.schema}".attempts (event_id, attempt) VALUES ($1, $2)`, [
      event.id,
      context.attempt,
    ]);
    if (delayMs) await sleep(delayMs);
    if (behaviour === 'poison') throw new Error(`poison ${event.payload.itemId}`);
    // A provider that refuses connections fails as PostgreSQL would: the handler's failure all the same.
    if (behaviour === 'provider-refused') throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    if (behaviour === 'non-retriable') throw new NonRetriableError(`refused ${event.payload.itemId}`);
    if (behaviour === 'broken-until-fixed') {
      const fixed = await this.pool.query(`SELECT 1 FROM "${WorkerHandlers.schema}".fixes WHERE item_id = $1`, [
        event.payload.itemId,
      ]);
      if (!fixed.rowCount) throw new NonRetriableError(`no fix yet for ${event.payload.itemId}`);
    }
    if (behaviour === 'fail-once' && context.attempt === 1) throw new Error('transient');
    if (behaviour === 'fail-twice' && context.attempt <= 2) throw new Error(`transient ${context.attempt}`);
    if (behaviour === 'retry-after' && context.attempt === 1) throw new RetryAfterError('429 from provider', 600);
    if (behaviour === 'dial') await this.dialOnce(event.payload.itemId, context);
    if (behaviour === 'call-provider') await this.callProvider(event.payload.n);
    await context.tx.query(
      `INSERT INTO "${WorkerHandlers.schema}".views (item_id, n) VALUES ($1, $2) ON CONFLICT (item_id) DO UPDATE SET n = EXCLUDED.n`,
      [event.payload.itemId, event.payload.n],
    );
    await context.tx.query(
      `INSERT INTO "${WorkerHandlers.schema}".effects (event_id, item_id, n, attempt, pid) VALUES ($1, $2, $3, $4, $5)`,
      [event.id, event.payload.itemId, event.payload.n, context.attempt, process.pid],
    );
    // Dies after writing, before commit: the effect must not survive, the redelivery must redo it.
    if (behaviour === 'exit' && process.env.WORKER_DIES_ON_EXIT_EVENTS) process.kill(process.pid, 'SIGKILL');
  }

  /** Flow control under test: 5 starts per second per key, 2 at once per key, 4 in flight in all. */
  @OnEvent(jobQueued, {
    durable: 'worker-jobs',
    ordered: false,
    concurrency: 8,
    maxAckPending: 4,
    rateLimit: { key: (event) => (event.payload as JobQueued).key, limit: 5, windowMs: 1_000 },
    keyConcurrency: { key: (event) => (event.payload as JobQueued).key, limit: 2 },
  })
  async onJobQueued(@Payload() event: EventEnvelope<JobQueued>, @Ctx() context: EventContext): Promise<void> {
    const startedAt = new Date();
    await sleep(event.payload.workMs);
    await context.tx.query(
      `INSERT INTO "${WorkerHandlers.schema}".jobs (job_id, key, started_at, finished_at, pid) VALUES ($1, $2, $3, clock_timestamp(), $4)`,
      [event.payload.jobId, event.payload.key, startedAt, process.pid],
    );
  }

  /**
   * An external side effect guarded by the aggregate's own state: the call is placed only if the
   * call stream has no `placed` event yet, so a replay or a redelivery never calls twice.
   */
  private async dialOnce(itemId: string, context: EventContext): Promise<void> {
    const history = await this.store.readStream(`call-${itemId}`, { tx: context.tx });
    if (history.some((e) => e.type === callPlaced.type)) return;
    await this.pool.query(`INSERT INTO "${WorkerHandlers.schema}".provider_calls (item_id) VALUES ($1)`, [itemId]);
    await this.store.append(`call-${itemId}`, [callPlaced.create({ itemId })], { expectedVersion: 'no_stream', tx: context.tx });
  }

  /** An effect outside the transaction, counted at the provider simulator: one call per event `n`. */
  private async callProvider(n: number): Promise<void> {
    // Loaded on first use: the Twilio SDK would add seconds to every worker's start.
    if (!this.telephony) {
      const { simulatedTelephony } = await import('./worker.provider.js');
      this.telephony = simulatedTelephony(process.env.WORKER_TWILIO_URL);
    }
    await this.telephony.placeCall({
      to: callee(n),
      from: '+15550000000',
      twiml: '<Response><Hangup/></Response>',
      statusCallbackUrl: 'http://127.0.0.1:9/not-listening',
    });
  }

  /** A command that records an event, as a service behind the gateway would. */
  @OnCommand('test.item.add')
  async add(@Payload() command: Partial<ItemAdded> & { itemId: string }): Promise<{ eventId: string }> {
    const { events } = await this.store.append(`item-${command.itemId}`, [itemAdded.create({ n: 0, ...command })], {
      expectedVersion: 'any',
    });
    return { eventId: events[0].id };
  }

  @OnCommand('test.item.describe')
  async describe(@Payload() command: { itemId: string }): Promise<{ itemId: string; length: number }> {
    if (!command.itemId) throw new CommandError('INVALID', 'itemId is required');
    if (command.itemId === 'missing') throw CommandError.notFound(`item ${command.itemId}`);
    if (command.itemId === 'crash') throw new Error('handler bug');
    return { itemId: command.itemId, length: command.itemId.length };
  }
}
