import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@switchboard/contracts';
import type { Checkpoint, CheckpointStore, EventStore } from '@switchboard/event-store';
import { contextFrom, currentTraceContext, eventsPublished, inMessagingSpan } from '@switchboard/telemetry';
import type { JetStreamClient } from 'nats';
import type pg from 'pg';
import type { JetStreamProvisioner } from '../provisioning/jetstream-provisioner.js';
import { domainStreamName, wireSubject } from '../provisioning/names.js';
import { eventHeaders } from './event-headers.js';
import { RelayLeadership } from './relay-leadership.js';
import { StepDeadlineExceeded, withinDeadline } from './step-deadline.js';
import { LeadLost, StreamBehind, type StillLeading } from './stream-behind.js';
import { isUnpublishable, UnpublishableEvents } from './unpublishable-events.js';

/** The default of OutboxRelayOptions.stepDeadlineMs. */
export const RELAY_STEP_DEADLINE_MS = 60_000;

export interface OutboxRelayOptions {
  namespace: string;
  /** The domain whose stream this store's events go to. */
  domain: string;
  /** The service's schema: the store's NOTIFY channel and the lock are named after it. */
  schema: string;
  databaseUrl: string;
  batchSize?: number;
  /** Fallback when a NOTIFY is missed (e.g. the listening connection was replaced). */
  pollIntervalMs?: number;
  leaderRetryMs?: number;
  /** How often the leader checks that its stream still exists and is the one it published to. */
  streamCheckIntervalMs?: number;
  /**
   * The longest a leader waits on one step (a stream check, a batch) before it gives up the lead and
   * starts over on fresh connections: a broker or database connection that stopped answering
   * must not keep a store's events off the stream while the process looks healthy.
   */
  stepDeadlineMs?: number;
}

/**
 * Publishes committed events from the store to JetStream in store order, with Nats-Msg-Id = event
 * id. Batches are pipelined; the checkpoint moves only after JetStream acknowledged the whole batch,
 * so a crash in between republishes it and the duplicate window (and the consumers' inbox) absorb it.
 *
 * The checkpoint is named after the stream's creation time: when the stream is lost and created
 * again (NATS data wiped, stream deleted), the relay finds no checkpoint for the new one and
 * republishes everything from the store, which is the source of truth. A stream that is the same
 * one but lost its tail (restored from an older backup) is caught by StreamBehind.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly leadership: RelayLeadership;
  private readonly unpublishable: UnpublishableEvents;
  private readonly behind: StreamBehind;
  private stopping = false;
  private running?: Promise<void>;
  /** Set by a NOTIFY (or stop) so that a wake-up arriving mid-batch is not lost. */
  private woken = false;
  /** The newest transaction a NOTIFY said committed events here: a read is owed until the checkpoint passes it. */
  private notifiedTx = 0n;
  /** The current wait between reads while a notified transaction is still hidden (0 when none is). */
  private heldBackDelayMs = 0;
  private interruptSleep: () => void = () => undefined;
  isLeader = false;
  publishedCount = 0;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly js: JetStreamClient,
    private readonly provisioner: JetStreamProvisioner,
    private readonly options: OutboxRelayOptions,
  ) {
    this.leadership = new RelayLeadership(options.databaseUrl, `switchboard-relay:${options.schema}`);
    this.unpublishable = new UnpublishableEvents(js, {
      namespace: options.namespace,
      schema: options.schema,
      stream: domainStreamName(options.namespace, options.domain),
    });
    this.behind = new StreamBehind(store, checkpoints, () => js.jetstreamManager());
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let leader: pg.Client | undefined;
      try {
        leader = await this.leadership.tryAcquire();
        if (leader) {
          this.isLeader = true;
          this.position = undefined; // another leader may have moved it meanwhile
          this.logger.log(`relaying ${this.options.schema} to ${this.options.domain}`);
          await this.lead(leader);
        }
      } catch (error) {
        this.logger.warn(`relay interrupted: ${String(error)}`);
      } finally {
        this.isLeader = false;
        if (leader) await this.leadership.release();
      }
      if (this.stopping) return;
      this.woken = false;
      await this.sleep(this.options.leaderRetryMs ?? 2_000);
    }
  }

  private async lead(leader: pg.Client): Promise<void> {
    let lost = false;
    void this.leadership.lost(leader).then(() => {
      lost = true;
      this.wake();
    });
    leader.on('notification', (message) => {
      this.noteCommitted(message.payload);
      this.wake();
    });
    await leader.query(`LISTEN "${this.options.schema}_events"`);

    // Steps given up on may still finish: once this lead ends, they find it over and write nothing.
    let leading = true;
    const stillLeading: StillLeading = () => leading && !this.stopping;
    const step = <T>(name: string, work: () => Promise<T>) => withinDeadline(name, this.options.stepDeadlineMs ?? RELAY_STEP_DEADLINE_MS, work());
    try {
      let checkpointName = await step('check the stream', () => this.currentStream(stillLeading));
      let checkedAt = Date.now();
      while (!this.stopping && !lost) {
        if (Date.now() - checkedAt > (this.options.streamCheckIntervalMs ?? 5_000)) {
          checkpointName = await step('check the stream', () => this.currentStream(stillLeading));
          checkedAt = Date.now();
        }
        this.woken = false;
        let published: number;
        try {
          published = await step('publish a batch', () => this.publishBatch(checkpointName, stillLeading));
        } catch (error) {
          if (error instanceof StepDeadlineExceeded) throw error;
          this.logger.warn(`publish failed, checking the stream: ${String(error)}`);
          checkedAt = 0;
          await this.sleep(500);
          continue;
        }
        if (published < (this.options.batchSize ?? 500)) await this.sleep(this.idleDelayMs());
      }
    } finally {
      leading = false;
    }
  }

  private noteCommitted(txId: string | undefined): void {
    // A NOTIFY of an older release carries no id: it still wakes the relay, it just owes nothing.
    if (!txId || !/^\d+$/.test(txId)) return;
    const tx = BigInt(txId);
    if (tx > this.notifiedTx) this.notifiedTx = tx;
  }

  /**
   * How long to wait for the next NOTIFY after a short batch. A notified transaction whose events
   * the read did not return is hidden by an older transaction still running somewhere in the
   * cluster (ADR 0003). That one may end without appending, and then no NOTIFY would come: look
   * again soon, backing off from 2 ms to 100 ms, instead of waiting out the poll interval.
   */
  private idleDelayMs(): number {
    const read = BigInt(this.position?.checkpoint?.txId ?? 0);
    if (this.notifiedTx <= read) {
      this.heldBackDelayMs = 0;
      return this.options.pollIntervalMs ?? 1_000;
    }
    this.heldBackDelayMs = Math.min(Math.max(this.heldBackDelayMs * 2, 2), 100);
    return this.heldBackDelayMs;
  }

  /**
   * The checkpoint name for the stream as it is now, creating the stream if it is missing; a stream
   * that lost its tail moves the checkpoint back first.
   */
  private async currentStream(leading: StillLeading): Promise<string> {
    const info =
      (await this.provisioner.streamInfo(this.options.domain)) ??
      (await this.provisioner.ensureDomainStream(this.options.domain));
    const name = `relay:${info.config.name}:${info.created}`;
    if (await this.behind.rewindIfBehind(info, name, leading)) this.position = undefined;
    return name;
  }

  /**
   * The leader's own checkpoint, and the stream sequence it got the stream to, kept in memory
   * between batches: it is the only writer.
   */
  private position?: { name: string; checkpoint?: Checkpoint; reachedSeq: number };

  private async publishBatch(checkpointName: string, leading: StillLeading): Promise<number> {
    if (this.position?.name !== checkpointName) {
      const [checkpoint, reachedSeq] = await Promise.all([this.checkpoints.load(checkpointName), this.behind.reached(checkpointName)]);
      this.position = { name: checkpointName, checkpoint, reachedSeq };
    }
    // This step's own position: a step given up on must not move the next lead's.
    const position = this.position;
    const { events, checkpoint } = await this.store.readAll({ after: position.checkpoint, limit: this.options.batchSize ?? 500, decode: false });
    if (events.length === 0) return 0;
    const published = await Promise.all(events.map((event) => this.publish(event)));
    if (!leading()) throw new LeadLost();
    const reachedSeq = Math.max(position.reachedSeq, ...published.map((seq) => seq ?? 0));
    const moved = reachedSeq > position.reachedSeq;
    await this.behind.saveWithReached(checkpointName, checkpoint, moved ? reachedSeq : undefined);
    position.checkpoint = checkpoint;
    position.reachedSeq = reachedSeq;
    for (const [i, event] of events.entries()) {
      if (published[i] === undefined) continue;
      this.publishedCount++;
      eventsPublished.inc({ type: event.type });
    }
    return events.length;
  }

  /** Events committed but not yet published, while this replica leads (undefined otherwise). */
  async lag(): Promise<number | undefined> {
    if (!this.isLeader || !this.position) return undefined;
    return this.store.countAfter(this.position.checkpoint);
  }

  /** The stream sequence JetStream stored the event at, or undefined when it was parked as unpublishable. */
  private async publish(event: EventEnvelope): Promise<number | undefined> {
    const subject = wireSubject(this.options.namespace, `${event.type}.v${event.version}`);
    const data = JSON.stringify(event);
    try {
      return (await this.send(event, subject, data)).seq;
    } catch (error) {
      if (!isUnpublishable(error)) throw error;
      const bytes = Buffer.byteLength(data);
      this.logger.error(`event ${event.id} (${event.type}, ${bytes} bytes) cannot be published, parked in the DLQ: ${String(error)}`);
      await this.unpublishable.park(event, subject, bytes, error);
      return undefined;
    }
  }

  private send(event: EventEnvelope, subject: string, data: string) {
    return inMessagingSpan(
      {
        name: `publish ${event.type}.v${event.version}`,
        kind: 'publish',
        parent: contextFrom(event),
        attributes: { 'messaging.destination.name': subject, 'messaging.message.id': event.id },
      },
      (active) =>
        this.js.publish(subject, data, {
          msgID: event.id,
          headers: eventHeaders(event, currentTraceContext(active)),
        }),
    );
  }

  private wake(): void {
    this.woken = true;
    this.interruptSleep();
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.interruptSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
