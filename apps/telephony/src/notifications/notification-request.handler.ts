import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { NOTIFICATION_REQUEST_COMMAND, type NotificationAccepted, NotificationRequest } from '@switchboard/contracts';
import { OnCommand } from '@switchboard/eventing';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Notifications } from './notifications.js';

/**
 * Any service's ask to notify somebody. The notification id is the requester's (derived from the
 * cause), so an ask repeated after a crash or a timeout is recorded once: the second answers what
 * the first recorded.
 */
@Controller()
export class NotificationRequestHandler {
  constructor(private readonly notifications: Notifications) {}

  @OnCommand(NOTIFICATION_REQUEST_COMMAND)
  async request(@Payload() payload: unknown): Promise<NotificationAccepted> {
    const request = plainToInstance(NotificationRequest, payload);
    const errors = validateSync(request, { forbidUnknownValues: true });
    if (errors.length) throw errors;
    const { notificationId } = request;
    try {
      const { state } = await this.notifications.execute(notificationId, { type: 'request', request }, { cause: { correlationId: request.correlationId } });
      return { notificationId, status: state.status! };
    } catch (error) {
      // Two asks at once: the one that lost the append finds the other's record.
      if ((error as Error).name !== 'WrongExpectedVersionError') throw error;
      const { state } = await this.notifications.load(notificationId);
      return { notificationId, status: state.status! };
    }
  }
}
