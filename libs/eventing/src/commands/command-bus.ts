import { context } from '@opentelemetry/api';
import { currentTraceContext, inMessagingSpan } from '@switchboard/telemetry';
import { ErrorCode, headers, type NatsConnection, NatsError } from 'nats';
import type { NatsClient } from '../connection/nats-client.js';
import { commandSubject } from '../provisioning/names.js';
import { CommandError, type CommandReply } from './command-error.js';

/**
 * Asks a service to do something and waits for its answer (core NATS request/reply): the way the
 * gateway turns a REST call into a command. Failures come back as typed CommandErrors.
 */
export class CommandBus {
  constructor(
    private readonly nats: NatsClient,
    private readonly namespace: string,
  ) {}

  async execute<T>(command: string, payload: unknown, options: { timeoutMs?: number } = {}): Promise<T> {
    const timeout = options.timeoutMs ?? 5_000;
    let connection: NatsConnection;
    try {
      connection = await withTimeout(this.nats.connected, timeout);
    } catch {
      throw new CommandError('UNAVAILABLE', `not connected to NATS; ${command} was not sent`);
    }
    let reply: CommandReply<T>;
    const subject = commandSubject(this.namespace, command);
    try {
      const message = await inMessagingSpan(
        { name: `send ${command}`, kind: 'send', parent: context.active(), attributes: { 'messaging.destination.name': subject } },
        (active) => {
          const h = headers();
          const { traceparent, tracestate } = currentTraceContext(active);
          if (traceparent) h.set('traceparent', traceparent);
          if (tracestate) h.set('tracestate', tracestate);
          return connection.request(subject, JSON.stringify(payload), { timeout, headers: h });
        },
      );
      reply = message.json<CommandReply<T>>();
    } catch (error) {
      if (error instanceof NatsError && error.code === ErrorCode.NoResponders) {
        throw new CommandError('UNAVAILABLE', `no service is handling ${command}`);
      }
      if (error instanceof NatsError && error.code === ErrorCode.Timeout) {
        throw new CommandError('TIMEOUT', `${command} got no answer within ${timeout} ms`);
      }
      if (error instanceof NatsError && error.code === ErrorCode.MaxPayloadExceeded) {
        throw new CommandError('INVALID', `${command} is larger than the NATS max payload; it was not sent`);
      }
      throw error;
    }
    if (reply.ok) return reply.result;
    throw new CommandError(reply.error.code, reply.error.message, reply.error.details);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
