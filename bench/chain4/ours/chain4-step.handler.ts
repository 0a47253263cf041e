import { Controller, Inject, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { type EventContext, type EventHandlerOptions, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { wallClockMs } from '../chain4-system.js';
import { PgStepState } from '../pg-state.js';
import { type Chain4Step, emitted, STEP_SERVICES, triggers, workflowStream } from './chain4.events.js';

/**
 * Step `step` of the workflow as a service writes it: an @OnEvent handler on its own durable
 * consumer, appending the next step's event and its state row in the handler's inbox transaction.
 * `concurrency` unset leaves the consumer's default, as a handler that declares none. A step is
 * database work only (an append and a row), so it handles its deliveries in batches (`batch`).
 */
export function chain4StepHandler(step: number, concurrency?: number, batch = true): Type<unknown> {
  const next = emitted[step - 1];
  const options: EventHandlerOptions = { durable: `${STEP_SERVICES[step - 1]}-workflows`, batch, ...(concurrency ? { concurrency } : {}) };

  @Controller()
  class Chain4StepHandler {
    private readonly state: PgStepState;

    constructor(
      private readonly store: EventStore,
      @Inject(SERVICE_SCHEMA) schema: string,
    ) {
      this.state = new PgStepState(schema);
    }

    @OnEvent(triggers[step - 1], options)
    async handle(@Payload() event: EventEnvelope<Chain4Step>, @Ctx() context: EventContext): Promise<void> {
      const { workflowId, data } = event.payload;
      // The append before the state row: it must be the transaction's first write (ADR 0003).
      if (next) {
        await this.store.append(workflowStream(workflowId), [next.create({ workflowId, step, data })], {
          tx: context.tx,
          expectedVersion: 'no_stream',
          causationId: event.id,
          correlationId: event.correlationId,
        });
      }
      await this.state.record(context.tx, workflowId, step, wallClockMs());
    }
  }
  return Chain4StepHandler;
}
