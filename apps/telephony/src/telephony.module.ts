import { Module } from '@nestjs/common';
import { SecretVault } from '@switchboard/platform';
import { EmailPort, PushPort, SmtpEmail, WebPush } from '@switchboard/providers';
import { TelephonyConfig } from './telephony.config.js';
import { TwilioCallbacksHandler } from './callbacks/twilio-callbacks.handler.js';
import { Calls } from './calls/calls.js';
import { CallsQueries } from './calls/calls.queries.js';
import { CampaignCancelHandler } from './campaigns/campaign-cancel.handler.js';
import { CampaignLaunchHandler } from './campaigns/campaign-launch.handler.js';
import { DialQueueHandler } from './dialing/dial-queue.handler.js';
import { DialerHandler } from './dialing/dialer.handler.js';
import { FinalStatusHandler } from './reconciliation/final-status.handler.js';
import { NotificationCallbacksHandler } from './notifications/notification-callbacks.handler.js';
import { NotificationLogQueries } from './notifications/notification-log.queries.js';
import { NotificationReconcileHandler } from './notifications/notification-reconcile.handler.js';
import { NotificationRequestHandler } from './notifications/notification-request.handler.js';
import { NotificationSenderHandler } from './notifications/notification-sender.handler.js';
import { Notifications } from './notifications/notifications.js';
import { RecordingDeadlineHandler } from './reconciliation/recording-deadline.handler.js';

/** Calls and notifications. Calls: queued from launched campaigns (and stopped by canceled ones), dialled under flow control, advanced by callbacks, reconciled at deadlines. */
@Module({
  controllers: [CampaignLaunchHandler, CampaignCancelHandler, DialQueueHandler, DialerHandler, TwilioCallbacksHandler, FinalStatusHandler, RecordingDeadlineHandler, CallsQueries,
    NotificationRequestHandler, NotificationSenderHandler, NotificationCallbacksHandler, NotificationLogQueries, NotificationReconcileHandler,
  ],
  providers: [
    Calls.provider,
    Notifications.provider,
    { provide: EmailPort, inject: [TelephonyConfig], useFactory: (config: TelephonyConfig) => new SmtpEmail({ url: config.smtpUrl, from: config.EMAIL_FROM, timeoutMs: 15_000 }) },
    {
      provide: PushPort,
      inject: [TelephonyConfig],
      useFactory: async (config: TelephonyConfig) => {
        const keys =
          config.VAPID_PUBLIC_KEY && config.VAPID_PRIVATE_KEY
            ? { publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY }
            : (await import('web-push')).default.generateVAPIDKeys();
        return new WebPush({ ...keys, subject: config.VAPID_SUBJECT, vault: new SecretVault(config.PUSH_ENCRYPTION_KEYS) });
      },
    },
  ],
})
export class TelephonyModule {}
