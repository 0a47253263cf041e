import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CampaignCanceled, campaignCanceled, type EventEnvelope } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { Calls } from '../calls/calls.js';

/**
 * A canceled campaign's calls still queued end CANCELED, and those not queued yet never will be
 * (its launch may reach telephony after its cancel); calls being dialled go on (the Call decides).
 */
@Controller()
export class CampaignCancelHandler {
  constructor(private readonly calls: Calls) {}

  @OnEvent(campaignCanceled, { durable: 'telephony-campaign-cancels' })
  async onCanceled(@Payload() event: EventEnvelope<CampaignCanceled>, @Ctx() context: EventContext): Promise<void> {
    const { campaignId, callIds } = event.payload;
    for (const callId of callIds) {
      await this.calls.execute(callId, { type: 'cancel', callId, campaignId }, { tx: context.tx, cause: event });
    }
  }
}
