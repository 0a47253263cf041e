import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { EventHandlerOptions } from '../consumer/event-handler.js';
import { RethrowRpcExceptions } from './rethrow-rpc-exceptions.filter.js';

/**
 * Handles an event from a durable JetStream consumer. The method receives the decoded (upcast,
 * validated) envelope and an EventContext whose `tx` its writes must use.
 *
 * @example
 * \@OnEvent(CallCompleted, { durable: 'transcription-recordings', retry: { attempts: 3 } })
 * onCallCompleted(@Payload() event: EventEnvelope<CallCompletedPayload>, @Ctx() context: EventContext) {}
 */
export const OnEvent = (event: { subject: string } | string, options: EventHandlerOptions): MethodDecorator =>
  applyDecorators(
    EventPattern<string>(typeof event === 'string' ? event : event.subject, options as unknown as Record<string, unknown>),
    UseFilters(RethrowRpcExceptions),
  );

/** Answers a command sent with CommandBus.execute (e.g. `claims.campaign.create`). */
export const OnCommand = (command: string): MethodDecorator =>
  applyDecorators(MessagePattern(command), UseFilters(RethrowRpcExceptions));
