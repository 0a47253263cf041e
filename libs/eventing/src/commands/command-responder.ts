import { Logger } from '@nestjs/common';
import { InvalidEventError } from '@switchboard/contracts';
import { contextFrom, inMessagingSpan } from '@switchboard/telemetry';
import { ValidationError } from 'class-validator';
import { ErrorCode, type Msg, type NatsConnection, NatsError, type Subscription } from 'nats';
import { commandSubject } from '../provisioning/names.js';
import { CommandError, type CommandReply } from './command-error.js';

export type CommandHandlerFn = (payload: unknown) => Promise<unknown>;

/**
 * Answers one command for a service. Replicas share the work through a queue group; errors are
 * turned into typed replies so the caller can tell "not found" from "try later".
 */
export class CommandResponder {
  private readonly logger = new Logger(CommandResponder.name);
  private subscription?: Subscription;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly command: string,
    private readonly handle: CommandHandlerFn,
    private readonly options: { namespace: string; queue: string },
  ) {}

  start(connection: NatsConnection): void {
    this.subscription = connection.subscribe(commandSubject(this.options.namespace, this.command), {
      queue: this.options.queue,
      callback: (error, message) => {
        if (error) return this.logger.warn(`${this.command}: ${error.message}`);
        const task = this.answer(message).finally(() => this.inFlight.delete(task));
        this.inFlight.add(task);
      },
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.drain();
    await Promise.allSettled([...this.inFlight]);
  }

  private async answer(message: Msg): Promise<void> {
    const parent = contextFrom({
      traceparent: message.headers?.get('traceparent') || undefined,
      tracestate: message.headers?.get('tracestate') || undefined,
    });
    const reply = await inMessagingSpan(
      { name: `receive ${this.command}`, kind: 'receive', parent, attributes: { 'messaging.destination.name': message.subject } },
      async (): Promise<CommandReply> => {
        try {
          return { ok: true, result: (await this.handle(message.json())) ?? null };
        } catch (error) {
          const failure = toCommandError(error);
          if (failure.code === 'INTERNAL') this.logger.error(`${this.command} failed: ${String(error)}`);
          return { ok: false, error: failure.toJSON() };
        }
      },
    );
    this.send(message, reply);
  }

  /**
   * A reply that cannot be sent (too large for the NATS max payload, not serializable) is answered
   * with a problem instead: an exception here would end the whole service, and the caller would
   * only see a timeout.
   */
  private send(message: Msg, reply: CommandReply): void {
    try {
      message.respond(JSON.stringify(reply));
    } catch (error) {
      const why =
        error instanceof NatsError && error.code === ErrorCode.MaxPayloadExceeded
          ? `the reply of ${this.command} exceeds the NATS max payload`
          : `the reply of ${this.command} could not be sent: ${String(error)}`;
      this.logger.error(why);
      try {
        message.respond(JSON.stringify({ ok: false, error: new CommandError('INTERNAL', why).toJSON() } satisfies CommandReply));
      } catch (again) {
        this.logger.warn(`${this.command}: no answer sent: ${String(again)}`);
      }
    }
  }
}

function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (Array.isArray(error) && error.every((e) => e instanceof ValidationError)) {
    return new CommandError('INVALID', 'invalid command', error.map((e) => ({ field: e.property, problems: e.constraints })));
  }
  // The command's input made an event its contract refuses: nothing was stored, and the caller
  // can fix the input. Answered INVALID with the event's problems, not as a service failure.
  if (error instanceof InvalidEventError) return new CommandError('INVALID', error.message, error.problems);
  if (error instanceof Error && error.name === 'WrongExpectedVersionError') {
    return new CommandError('CONFLICT', error.message);
  }
  return new CommandError('INTERNAL', error instanceof Error ? error.message : String(error));
}
