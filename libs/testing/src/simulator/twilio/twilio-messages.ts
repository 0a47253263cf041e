import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import type { Reply, SimRequest } from '../http-kit.js';
import type { Fault } from '../simulator-state.js';
import type { TwilioAccount } from './twilio-calls.js';

const ADDRESS = /^(whatsapp:)?\+[1-9]\d{6,14}$/;

interface SimMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  dateCreated: string;
  statusCallback?: string;
}

/** How a message's status callbacks are delivered (see Fault). */
type Delivery = Pick<Fault, 'duplicateWebhooks' | 'shuffleWebhooks' | 'dropStatusCallbacks'>;

/**
 * Twilio's Messages resource: SMS and WhatsApp (`whatsapp:+1…` addresses), listed by recipient, with
 * the status callbacks a carrier produces (sent, delivered; `read` too on WhatsApp), signed like Twilio's.
 * A number scripted in `undeliverable` ends `undelivered` (error 30003).
 */
export class TwilioMessages {
  private readonly messages = new Map<string, SimMessage>();
  /** Numbers whose messages end `undelivered`. */
  readonly undeliverable = new Set<string>();

  constructor(
    private readonly account: TwilioAccount,
    private readonly stepMs: number,
  ) {}

  create(request: SimRequest, fault?: Delivery): Reply {
    const to = String(request.body.To ?? '');
    if (!ADDRESS.test(to)) {
      return {
        status: 400,
        body: { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 },
      };
    }
    const message: SimMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to,
      from: String(request.body.From ?? ''),
      body: String(request.body.Body ?? ''),
      status: 'queued',
      dateCreated: new Date().toUTCString(),
      statusCallback: request.body.StatusCallback as string | undefined,
    };
    this.messages.set(message.sid, message);
    void this.deliver(message, fault);
    return { status: 201, body: this.resource(message) };
  }

  list(request: SimRequest): Reply {
    const to = request.query.get('To');
    const messages = [...this.messages.values()]
      .filter((m) => !to || m.to === to)
      .reverse()
      .map((m) => this.resource(m));
    return {
      status: 200,
      body: { messages, page: 0, page_size: 50, first_page_uri: request.path, next_page_uri: null, previous_page_uri: null, uri: request.path, start: 0, end: messages.length },
    };
  }

  fetch(sid: string): Reply {
    const message = this.messages.get(sid);
    if (!message) return { status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } };
    return { status: 200, body: this.resource(message) };
  }

  /** Messages sent to `to` (as addressed: `whatsapp:` kept), oldest first. */
  sentTo(to: string): { sid: string; body: string; status: string }[] {
    return [...this.messages.values()].filter((m) => m.to === to).map(({ sid, body, status }) => ({ sid, body, status }));
  }

  /** An inbound message from `from`, POSTed signed to `url` as Twilio posts to a number's messaging webhook. */
  async receive(url: string, from: string, body: string): Promise<number> {
    const params = { AccountSid: this.account.accountSid, MessageSid: `SM${randomBytes(16).toString('hex')}`, From: from, To: '+15550100000', Body: body, NumMedia: '0' };
    return this.callback(url, params);
  }

  private resource(message: SimMessage) {
    return {
      sid: message.sid,
      account_sid: this.account.accountSid,
      to: message.to,
      from: message.from,
      body: message.body,
      status: message.status,
      direction: 'outbound-api',
      num_segments: '1',
      error_code: null,
      error_message: null,
      date_created: message.dateCreated,
      date_updated: message.dateCreated,
      date_sent: null,
      api_version: '2010-04-01',
      price: null,
      price_unit: 'USD',
      uri: `/2010-04-01/Accounts/${this.account.accountSid}/Messages/${message.sid}.json`,
    };
  }

  private async deliver(message: SimMessage, delivery: Delivery = {}): Promise<void> {
    const number = message.to.replace(/^whatsapp:/, '');
    const timeline = this.undeliverable.has(number) ? ['sent', 'undelivered'] : message.to.startsWith('whatsapp:') ? ['sent', 'delivered', 'read'] : ['sent', 'delivered'];
    const held: Record<string, string>[] = [];
    for (const status of timeline) {
      await new Promise((resolve) => setTimeout(resolve, this.stepMs));
      message.status = status;
      const params = {
        AccountSid: this.account.accountSid,
        MessageSid: message.sid,
        SmsSid: message.sid,
        MessageStatus: status,
        To: message.to,
        From: message.from,
        ...(status === 'undelivered' && { ErrorCode: '30003' }),
      };
      if (delivery.dropStatusCallbacks) continue;
      for (let copy = 0; copy < (delivery.duplicateWebhooks ?? 1); copy++) {
        if (delivery.shuffleWebhooks) held.push(params);
        else await this.callback(message.statusCallback, params);
      }
    }
    for (let i = held.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [held[i], held[j]] = [held[j], held[i]];
    }
    for (const params of held) await this.callback(message.statusCallback, params);
  }

  private async callback(url: string | undefined, params: Record<string, string>): Promise<number> {
    if (!url) return 0;
    const signature = twilio.getExpectedTwilioSignature(this.account.authToken, url, params);
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
    }).then(
      (response) => response.status,
      () => 0,
    );
  }
}
