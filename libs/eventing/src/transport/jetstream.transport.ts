import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import { CommandResponder } from '../commands/command-responder.js';
import type { NatsClient } from '../connection/nats-client.js';
import { EventConsumer } from '../consumer/event-consumer.js';
import type { EventConsumerDeps } from '../consumer/event-consumer-deps.js';
import type { EventContext, EventHandlerOptions } from '../consumer/event-handler.js';
import { startWithBackoff } from './start-with-backoff.js';

export interface JetStreamTransportOptions {
  nats: NatsClient;
  namespace: string;
  /** Queue group shared by the replicas of one service for commands. */
  service: string;
  /** Built once NATS is connected. */
  consumerDeps: () => Promise<EventConsumerDeps>;
}

/** One `@OnEvent` handler's consumer as /health reports it. */
export interface ConsumerHealth {
  consumer: string;
  pulling: boolean;
  /** Why it is not pulling: its last start-up failure, or what it waits for. */
  error?: string;
}

interface ConsumerStart {
  durable: string;
  consumer?: EventConsumer;
  started: boolean;
  error?: string;
}

/**
 * Nest microservice transport over JetStream: each `@OnEvent` handler becomes a durable pull
 * consumer, each `@OnCommand` handler a queue subscription answering requests.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private readonly consumers: EventConsumer[] = [];
  private readonly starts: ConsumerStart[] = [];
  private readonly responders: CommandResponder[] = [];
  private waitingFor = 'NATS';
  private closing = false;
  private endStarting: () => void = () => undefined;
  private readonly closed = new Promise<void>((resolve) => (this.endStarting = resolve));

  /** Every consumer subscribed and every command answered (failed starts are retried until then). */
  ready: Promise<void> = Promise.resolve();

  constructor(private readonly options: JetStreamTransportOptions) {
    super();
  }

  /** Returns at once: consumers start when NATS answers, so a service boots while NATS is down. */
  listen(callback: (error?: unknown) => void): void {
    this.ready = this.subscribeAll();
    this.ready.catch((error) => this.logger.error(`JetStream transport did not start: ${String(error)}`));
    callback();
  }

  private async subscribeAll(): Promise<void> {
    const eventHandlers: { pattern: string; handler: MessageHandler; start: ConsumerStart }[] = [];
    for (const [pattern, first] of this.messageHandlers) {
      for (let handler: MessageHandler | undefined = first; handler; handler = handler.next) {
        if (!handler.isEventHandler) continue;
        const start: ConsumerStart = { durable: (handler.extras as EventHandlerOptions).durable, started: false };
        this.starts.push(start);
        eventHandlers.push({ pattern, handler, start });
      }
    }
    const connection = await this.options.nats.connected;
    this.waitingFor = 'provisioning';
    let deps: EventConsumerDeps | undefined;
    const provisioned = await this.startWithBackoff('eventing start-up', async () => {
      deps = await this.options.consumerDeps();
    });
    if (!provisioned || !deps) return;
    this.waitingFor = 'its first start';
    for (const [pattern, first] of this.messageHandlers) {
      for (let handler: MessageHandler | undefined = first; handler; handler = handler.next) {
        if (handler.isEventHandler) continue;
        const { namespace, service } = this.options;
        this.responders.push(new CommandResponder(pattern, this.invoker(handler), { namespace, queue: service }));
      }
    }
    this.responders.forEach((responder) => responder.start(connection));
    await Promise.all(
      eventHandlers.map(async ({ pattern, handler, start }) => {
        const options = handler.extras as EventHandlerOptions;
        const consumer = new EventConsumer(deps!, { subject: pattern, options, handle: this.invoker(handler) });
        start.consumer = consumer;
        this.consumers.push(consumer);
        // Each consumer on its own: one that cannot start yet does not hold the others back.
        start.started = await this.startWithBackoff(`consumer ${options.durable}`, () => consumer.start(), start);
      }),
    );
  }

  /** Every `@OnEvent` consumer and whether it is pulling right now. */
  consumerHealth(): ConsumerHealth[] {
    return this.starts.map(({ durable, consumer, started, error }) => {
      if (started && consumer?.pulling) return { consumer: durable, pulling: true };
      if (started) return { consumer: durable, pulling: false, error: consumer?.waitingFor ?? 'its subscription ended; subscribing again' };
      return { consumer: durable, pulling: false, error: error ?? `waiting for ${this.waitingFor}` };
    });
  }

  private startWithBackoff(what: string, start: () => Promise<void>, state?: { error?: string }): Promise<boolean> {
    return startWithBackoff(
      async () => {
        await start();
        if (state) state.error = undefined;
      },
      {
        stopped: () => this.closing,
        stopping: this.closed,
        onFailure: (error, attempt, delayMs) => {
          const reason = String(error);
          if (state) state.error = reason;
          else this.starts.forEach((start) => (start.error = reason));
          this.logger.error(`${what} failed (attempt ${attempt}), trying again in ${delayMs} ms: ${reason}`);
        },
      },
    );
  }

  /** Each durable consumer's backlog, for the metrics endpoint. */
  consumerLag(): Promise<{ consumer: string; pending: number }[]> {
    return Promise.all(this.consumers.map(async (c) => ({ consumer: c.consumerName, pending: await c.lag() })));
  }

  /** Stops pulling, finishes in-flight handlers (they ack), then stops answering commands. */
  async close(): Promise<void> {
    this.closing = true;
    this.endStarting();
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await Promise.all(this.responders.map((responder) => responder.stop()));
  }

  on(): never {
    throw new Error('JetStreamTransport emits no events to subscribe to');
  }

  unwrap<T>(): T {
    return this.options.nats as T;
  }

  private invoker(handler: MessageHandler) {
    return async (data: unknown, context?: EventContext): Promise<unknown> => {
      const result: unknown = await handler(data, context);
      return isObservable(result) ? lastValueFrom(result as Observable<unknown>, { defaultValue: undefined }) : result;
    };
  }
}
