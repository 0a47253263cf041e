import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import { CommandResponder } from '../commands/command-responder.js';
import type { NatsClient } from '../connection/nats-client.js';
import { EventConsumer, type EventConsumerDeps } from '../consumer/event-consumer.js';
import type { EventContext, EventHandlerOptions } from '../consumer/event-handler.js';

export interface JetStreamTransportOptions {
  nats: NatsClient;
  namespace: string;
  /** Queue group shared by the replicas of one service for commands. */
  service: string;
  /** Built once NATS is connected. */
  consumerDeps: () => Promise<EventConsumerDeps>;
}

/**
 * Nest microservice transport over JetStream: each `@OnEvent` handler becomes a durable pull
 * consumer, each `@OnCommand` handler a queue subscription answering requests.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private readonly consumers: EventConsumer[] = [];
  private readonly responders: CommandResponder[] = [];

  /** Every consumer subscribed and every command answered; settles after NATS first answers. */
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
    const connection = await this.options.nats.connected;
    const deps = await this.options.consumerDeps();
    for (const [pattern, first] of this.messageHandlers) {
      for (let handler: MessageHandler | undefined = first; handler; handler = handler.next) {
        const invoke = this.invoker(handler);
        if (handler.isEventHandler) {
          const options = handler.extras as EventHandlerOptions;
          this.consumers.push(new EventConsumer(deps, { subject: pattern, options, handle: invoke }));
        } else {
          const { namespace, service } = this.options;
          this.responders.push(new CommandResponder(pattern, invoke, { namespace, queue: service }));
        }
      }
    }
    this.responders.forEach((responder) => responder.start(connection));
    await Promise.all(this.consumers.map((consumer) => consumer.start()));
  }

  /** Each durable consumer's backlog, for the metrics endpoint. */
  consumerLag(): Promise<{ consumer: string; pending: number }[]> {
    return Promise.all(this.consumers.map(async (c) => ({ consumer: c.consumerName, pending: await c.lag() })));
  }

  /** Stops pulling, finishes in-flight handlers (they ack), then stops answering commands. */
  async close(): Promise<void> {
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
