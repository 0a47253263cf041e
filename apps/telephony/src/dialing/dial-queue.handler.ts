import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallQueued, callQueued, type EventEnvelope } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { Calls } from '../calls/calls.js';
import { DIAL_POLICY } from './dial-policy.js';

/**
 * Lets queued Calls through to the dialer at the campaign's rate (10 a minute by default): the
 * `dial-requested` it commits is the intent to dial, on record before the provider is asked.
 */
@Controller()
export class DialQueueHandler {
  constructor(private readonly calls: Calls) {}

  // A queued Call whose turn is more than a moment ahead is deferred (acked and kept in PostgreSQL
  // until the start reserved for it), so a large campaign holds no deliveries in hand and the
  // next campaign's first dial does not queue behind it: a normal concurrency is enough.
  @OnEvent(callQueued, { durable: 'telephony-dial-queue', ordered: false, concurrency: 16, rateLimit: DIAL_POLICY.rateLimit })
  async release(@Payload() event: EventEnvelope<CallQueued>, @Ctx() context: EventContext): Promise<void> {
    await this.calls.execute(event.payload.callId, { type: 'request-dial' }, { tx: context.tx, cause: event });
  }
}
