import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type CallEnded,
  callEnded,
  type CallRecordingUnavailable,
  callRecordingUnavailable,
  type EventEnvelope,
  type TranscriptFailed,
  transcriptFailed,
} from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { CampaignProgress } from './campaign-progress.js';

/** How each call of a campaign ends, as telephony and transcription report it: what completion waits for. */
@Controller()
export class CallOutcomesHandler {
  constructor(
    private readonly progress: CampaignProgress,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(callEnded, { durable: 'claims-call-outcomes' })
  async onCallEnded(@Payload() event: EventEnvelope<CallEnded>, @Ctx() context: EventContext): Promise<void> {
    const { callId, campaignId, status, reason } = event.payload;
    await this.progress.lock(campaignId, context.tx);
    // An unanswered call has nothing to transcribe: its outcome is its status.
    await context.tx.query(
      `UPDATE "${this.schema}".campaign_calls SET final_status = $2,
         outcome_reason = CASE WHEN $2 = 'COMPLETED' THEN outcome_reason ELSE coalesce($3, lower($2)) END
       WHERE call_id = $1`,
      [callId, status, reason ?? null],
    );
    await this.progress.completeIfDone(campaignId, context.tx, event);
  }

  @OnEvent(transcriptFailed, { durable: 'claims-transcript-failures' })
  onTranscriptFailed(@Payload() event: EventEnvelope<TranscriptFailed>, @Ctx() context: EventContext): Promise<void> {
    return this.fail(event, `transcription: ${event.payload.reason}`, context);
  }

  /** An answered call whose recording will not come has nothing to transcribe: that is its outcome. */
  @OnEvent(callRecordingUnavailable, { durable: 'claims-recording-unavailable' })
  onRecordingUnavailable(@Payload() event: EventEnvelope<CallRecordingUnavailable>, @Ctx() context: EventContext): Promise<void> {
    return this.fail(event, `recording: ${event.payload.reason}`, context);
  }

  private async fail(event: EventEnvelope<{ callId: string; campaignId: string }>, reason: string, context: EventContext): Promise<void> {
    const { callId, campaignId } = event.payload;
    await this.progress.lock(campaignId, context.tx);
    await context.tx.query(
      `UPDATE "${this.schema}".campaign_calls SET outcome = 'FAILED', outcome_reason = $2 WHERE call_id = $1 AND outcome IS NULL`,
      [callId, reason],
    );
    await this.progress.completeIfDone(campaignId, context.tx, event);
  }
}
