import { Body, Controller, ForbiddenException, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { newEventId, TWILIO_WEBHOOK_KINDS, twilioWebhookReceived } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { InboundMessage, isSignedByTwilio, MessageStatusCallback, RecordingStatusCallback, VoiceStatusCallback } from '@switchboard/providers';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Request } from 'express';
import { GatewayConfig } from '../gateway.config.js';
import { fieldErrors, invalidFields } from '../http/validation.pipe.js';

type Kind = (typeof TWILIO_WEBHOOK_KINDS)[number];
const ROUTES: Record<string, Record<string, { kind: Kind; fields: new () => object }>> = {
  voice: {
    status: { kind: 'voice-status', fields: VoiceStatusCallback },
    recording: { kind: 'voice-recording', fields: RecordingStatusCallback },
  },
  messaging: {
    status: { kind: 'messaging-status', fields: MessageStatusCallback },
    inbound: { kind: 'messaging-inbound', fields: InboundMessage },
  },
};
const MAX_VALUE_CHARS = 4_096;

/** A form body as Twilio sends it: one string per field. */
const isFlatForm = (body: unknown): body is Record<string, string> =>
  body !== null && typeof body === 'object' && !Array.isArray(body) && Object.values(body).every((value) => typeof value === 'string');

/**
 * Twilio's callbacks (voice: status, recording; messaging: status, inbound). A callback is answered 2xx only once it is stored as an event, so Twilio
 * retries anything we did not keep; a forged one is refused and leaves no trace.
 */
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    private readonly config: GatewayConfig,
    private readonly store: EventStore,
  ) {}

  @Post(':family/:route')
  @HttpCode(204)
  async receive(
    @Param('family') family: string,
    @Param('route') route: string,
    @Body() body: unknown,
    @Headers('x-twilio-signature') signature: string | undefined,
    @Req() request: Request,
  ): Promise<void> {
    // The URL Twilio signed: PUBLIC_URL and the request's path and query (an absolute-form target
    // has been reduced to those at the edge: request-target.ts).
    const known = Object.hasOwn(ROUTES, family) && Object.hasOwn(ROUTES[family], route) ? ROUTES[family][route] : undefined;
    if (!known) throw invalidFields([{ field: 'route', messages: [`route must be one of ${Object.entries(ROUTES).flatMap(([f, r]) => Object.keys(r).map((k) => `${f}/${k}`)).join(', ')}`] }]);
    const url = `${this.config.publicUrl}${request.originalUrl}`;
    if (!request.is('application/x-www-form-urlencoded') || !isFlatForm(body)) {
      throw new ForbiddenException('Twilio signs application/x-www-form-urlencoded bodies; this one cannot carry its signature');
    }
    if (!signature || !isSignedByTwilio(this.config.twilio.authToken, url, body, signature)) {
      throw new ForbiddenException('X-Twilio-Signature does not match this request');
    }
    const { kind, fields } = known;
    this.assertReadable(fields, body);
    await this.store.append(`twilio-webhook-${newEventId()}`, [twilioWebhookReceived.create({ kind, url, params: body })], {
      expectedVersion: 'no_stream',
    });
  }

  /** What services read of the callback is as Twilio documents it; the rest is kept as it came, bounded. */
  private assertReadable(fields: new () => object, params: Record<string, string>): void {
    const failed = fieldErrors(validateSync(plainToInstance(fields, params)));
    for (const [field, value] of Object.entries(params)) {
      if (value.length > MAX_VALUE_CHARS) failed.push({ field, messages: [`${field} is longer than ${MAX_VALUE_CHARS} characters`] });
    }
    if (failed.length > 0) throw invalidFields(failed);
  }
}
