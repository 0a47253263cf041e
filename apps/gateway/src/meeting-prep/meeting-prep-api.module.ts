import { Module } from '@nestjs/common';
import { GoogleCalendarWebhookController } from './google-calendar-webhook.controller.js';
import { OAuthCallbackController } from './oauth-callback.controller.js';
import { PrepController } from './prep.controller.js';

/** Meeting prep's REST resources, its OAuth callback and Google's push webhook. */
@Module({ controllers: [PrepController, OAuthCallbackController, GoogleCalendarWebhookController] })
export class MeetingPrepApiModule {}
