import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventEnvelope } from '@switchboard/contracts';
import { EVENT_HEADERS, EventingRuntime, JetStreamProvisioner, NatsClient, names } from '@switchboard/eventing';
import { SERVICE_NAMES } from '@switchboard/platform';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg, nanos } from 'nats';
import { RunsReadModel } from './runs-read-model.js';

const BATCH = 256;
// Short pulls: a consumer recreated under it (a replay) is found again within seconds.
const PULL_EXPIRES_MS = 5_000;
const ACK_WAIT_MS = 30_000;
const RETRY_MS = 1_000;

/**
 * Feeds the console's read model from every domain's stream, one durable consumer per domain
 * (`gateway-console-<domain>`). It reads envelopes as they are, without the registry: the console
 * shows every event, including `<type>.failed` notices and the events of workflows whose contracts
 * this build does not know yet. A batch is written in one transaction, then acked; a crash in
 * between only delivers it again, and the read model keeps each event once.
 */
@Injectable()
export class ConsoleFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConsoleFeed.name);
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  private readonly subscriptions = new Set<ConsumerMessages>();

  constructor(
    private readonly nats: NatsClient,
    private readonly eventing: EventingRuntime,
    private readonly readModel: RunsReadModel,
  ) {}

  onApplicationBootstrap(): void {
    for (const domain of SERVICE_NAMES) this.loops.push(this.follow(domain));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const messages of this.subscriptions) messages.stop();
    await Promise.all(this.loops);
  }

  private async follow(domain: string): Promise<void> {
    const namespace = this.eventing.options.namespace;
    const durable = names.consumerName(namespace, `gateway-console-${domain}`);
    while (!this.stopping) {
      try {
        const connection = await this.nats.connected;
        const jsm = await connection.jetstreamManager();
        const stream = (await new JetStreamProvisioner(jsm, { namespace }).ensureDomainStream(domain)).config.name;
        await jsm.consumers.info(stream, durable).catch(() =>
          jsm.consumers.add(stream, {
            durable_name: durable,
            filter_subject: names.subjectsOfDomain(namespace, domain),
            ack_policy: AckPolicy.Explicit,
            deliver_policy: DeliverPolicy.All,
            ack_wait: nanos(ACK_WAIT_MS),
            max_ack_pending: BATCH * 4,
          }),
        );
        const consumer = await connection.jetstream().consumers.get(stream, durable);
        const messages = await consumer.consume({ max_messages: BATCH, expires: PULL_EXPIRES_MS });
        this.subscriptions.add(messages);
        if (this.stopping) messages.stop();
        // A batch is what has arrived by the time the last write ended: one event at once when
        // traffic is light (it shows at once), hundreds per transaction when catching up.
        let batch: JsMsg[] = [];
        try {
          for await (const message of messages) {
            batch.push(message);
            // getPending() counts the message in hand too (nats.js decrements it after the yield).
            if (batch.length < BATCH && messages.getPending() > 1) continue;
            const events = batch.map(envelopeOf).filter((event): event is EventEnvelope => event !== undefined);
            await this.readModel.apply(domain, events);
            batch.forEach((m) => m.ack());
            batch = [];
          }
        } finally {
          this.subscriptions.delete(messages);
        }
      } catch (error) {
        if (this.stopping) return;
        this.logger.warn(`console feed of ${domain} stopped, resuming in ${RETRY_MS} ms: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }
}

/** The envelope of a message, if it looks like one; anything else is not an event the console can place. */
function envelopeOf(message: JsMsg): EventEnvelope | undefined {
  try {
    const event = message.json<EventEnvelope>();
    if (typeof event?.id !== 'string' || typeof event.type !== 'string' || typeof event.occurredAt !== 'string') return undefined;
    // The relay puts the trace in the headers (the publishing span's, same trace) when the stored event has none.
    return { ...event, traceparent: event.traceparent ?? (message.headers?.get(EVENT_HEADERS.traceparent) || undefined) };
  } catch {
    return undefined;
  }
}
