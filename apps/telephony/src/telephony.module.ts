import { Module } from '@nestjs/common';
import { TwilioCallbacksHandler } from './callbacks/twilio-callbacks.handler.js';
import { Calls } from './calls/calls.js';
import { CallsQueries } from './calls/calls.queries.js';
import { CampaignLaunchHandler } from './campaigns/campaign-launch.handler.js';
import { DialQueueHandler } from './dialing/dial-queue.handler.js';
import { DialerHandler } from './dialing/dialer.handler.js';
import { FinalStatusHandler } from './reconciliation/final-status.handler.js';
import { RecordingDeadlineHandler } from './reconciliation/recording-deadline.handler.js';

/** Calls: queued from launched campaigns, dialled under flow control, advanced by callbacks, reconciled at deadlines. */
@Module({
  controllers: [CampaignLaunchHandler, DialQueueHandler, DialerHandler, TwilioCallbacksHandler, FinalStatusHandler, RecordingDeadlineHandler, CallsQueries],
  providers: [Calls.provider],
})
export class TelephonyModule {}
