import { Injectable, NotFoundException } from '@nestjs/common';
import { EventingRuntime, NatsClient, names, replayConsumer, type ReplayStart } from '@switchboard/eventing';
import { SERVICE_NAMES } from '@switchboard/platform';

export interface ConsumerState {
  stream: string;
  consumer: string;
  filter: string;
  /** Messages not yet delivered: the consumer's lag. */
  pending: number;
  ackPending: number;
  redelivered: number;
  waiting: number;
}

export interface Replayed {
  stream: string;
  consumer: string;
  generation: number;
  /** Messages it now has to (re)process. */
  pending: number;
}

/** Every service's durable consumers, as JetStream sees them, and their replay. */
@Injectable()
export class DurableConsumers {
  constructor(
    private readonly nats: NatsClient,
    private readonly eventing: EventingRuntime,
  ) {}

  get namespace(): string {
    return this.eventing.options.namespace;
  }

  /** Each durable consumer of each domain stream and the DLQ. */
  async list(): Promise<ConsumerState[]> {
    const jsm = await (await this.nats.connected).jetstreamManager();
    const states: ConsumerState[] = [];
    for (const domain of [...SERVICE_NAMES, 'dlq']) {
      const stream = names.domainStreamName(this.namespace, domain);
      const infos = await jsm.consumers
        .list(stream)
        .next()
        .catch(() => []);
      for (const info of infos) {
        states.push({
          stream,
          consumer: info.name,
          filter: info.config.filter_subject ?? '',
          pending: info.num_pending,
          ackPending: info.num_ack_pending,
          redelivered: info.num_redelivered,
          waiting: info.num_waiting,
        });
      }
    }
    return states;
  }

  /** Rewinds a consumer (its name without the namespace) so its handlers reprocess from `start`. */
  async replay(durable: string, start: ReplayStart): Promise<Replayed> {
    const consumer = names.consumerName(this.namespace, durable);
    const state = (await this.list()).find((known) => known.consumer === consumer);
    if (!state) throw new NotFoundException(`no durable consumer ${durable}`);
    return this.rewind(state, start);
  }

  /**
   * The new replay generation goes in the consumer's description; the owning service records it
   * in its own schema when it next provisions the consumer (the gateway writes no other service's tables).
   */
  async rewind(state: ConsumerState, start: ReplayStart): Promise<Replayed> {
    const jsm = await (await this.nats.connected).jetstreamManager();
    return { stream: state.stream, consumer: state.consumer, ...(await replayConsumer(jsm, state.stream, state.consumer, start)) };
  }
}
