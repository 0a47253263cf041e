import { Injectable, Logger } from '@nestjs/common';
import { type EventEnvelope, NOTIFICATION_REQUEST_COMMAND, type NotificationAccepted, type NotificationRequest } from '@switchboard/contracts';
import { CommandBus } from '@switchboard/eventing';
import { v5 as uuidv5 } from 'uuid';

/** Namespace of the notification ids meeting prep derives from the events that cause them. */
const NOTICE_NAMESPACE = '4f6b9a52-4a8e-4f0a-9d0c-6a3c1e2b7d15';

export interface OwnerNotice {
  campaignId: string;
  ownerEmail: string;
  about: { kind: 'meeting' | 'calendar-connection'; id: string };
  subject: string;
  body: string;
}

/**
 * Tells a prep campaign's owner something by email, through telephony (which owns notifications).
 * The notification id is derived from the causing event, so a redelivery asks for the same one.
 */
@Injectable()
export class OwnerNotices {
  private readonly logger = new Logger(OwnerNotices.name);

  constructor(private readonly commands: CommandBus) {}

  async send(cause: EventEnvelope, purpose: string, notice: OwnerNotice): Promise<NotificationAccepted> {
    const request: NotificationRequest = {
      notificationId: uuidv5(`${cause.id}:${purpose}`, NOTICE_NAMESPACE),
      channels: ['email'],
      recipient: { kind: 'owner', id: notice.campaignId, email: notice.ownerEmail },
      about: notice.about,
      subject: notice.subject.slice(0, 200),
      body: notice.body.slice(0, 1_600),
      correlationId: cause.correlationId,
    };
    const accepted = await this.commands.execute<NotificationAccepted>(NOTIFICATION_REQUEST_COMMAND, request, { timeoutMs: 10_000 });
    this.logger.log(`asked for ${purpose} notice ${request.notificationId} about ${notice.about.kind} ${notice.about.id}`);
    return accepted;
  }
}
