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

  // Every queued Call is taken in hand at once and waits for its turn with progress acks: a call
  // left undelivered behind the rate limit would outlive its ack wait and be redelivered, over and over.
  @OnEvent(callQueued, { durable: 'telephony-dial-queue', ordered: false, concurrency: 1_000, rateLimit: DIAL_POLICY.rateLimit })
  async release(@Payload() event: EventEnvelope<CallQueued>, @Ctx() context: EventContext): Promise<void> {
    await this.calls.execute(event.payload.callId, { type: 'request-dial' }, { tx: context.tx, cause: event });
  }
}
