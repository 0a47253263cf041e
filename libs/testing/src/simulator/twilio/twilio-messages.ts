import { randomBytes } from 'node:crypto';
import type { Reply, SimRequest } from '../http-kit.js';
import type { TwilioAccount } from './twilio-calls.js';

const ADDRESS = /^(whatsapp:)?\+[1-9]\d{6,14}$/;

/** Twilio's Messages resource: SMS and WhatsApp (`whatsapp:+1…` addresses). */
export class TwilioMessages {
  constructor(private readonly account: TwilioAccount) {}

  create(request: SimRequest): Reply {
    const to = String(request.body.To ?? '');
    if (!ADDRESS.test(to)) {
      return {
        status: 400,
        body: { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 },
      };
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    return {
      status: 201,
      body: {
        sid,
        account_sid: this.account.accountSid,
        to,
        from: request.body.From ?? null,
        body: request.body.Body ?? '',
        status: 'queued',
        date_created: new Date().toUTCString(),
        uri: `/2010-04-01/Accounts/${this.account.accountSid}/Messages/${sid}.json`,
      },
    };
  }
}
