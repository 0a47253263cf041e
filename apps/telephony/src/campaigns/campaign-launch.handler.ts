import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CampaignLaunched, campaignLaunched, type EventEnvelope } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { Calls } from '../calls/calls.js';

/** A launched campaign's contacts become queued Calls (with the ids the campaign gave them). */
@Controller()
export class CampaignLaunchHandler {
  constructor(private readonly calls: Calls) {}

  @OnEvent(campaignLaunched, { durable: 'telephony-campaign-launches' })
  async onLaunched(@Payload() event: EventEnvelope<CampaignLaunched>, @Ctx() context: EventContext): Promise<void> {
    const { campaignId, calls } = event.payload;
    for (const call of calls) {
      await this.calls.execute(
        call.callId,
        { type: 'queue', callId: call.callId, campaignId, phone: call.phone, contactName: call.name },
        { tx: context.tx, cause: event },
      );
    }
  }
}
