import { TWILIO_CALL_STATUSES, TWILIO_MESSAGE_STATUSES, TWILIO_RECORDING_STATUSES } from '@switchboard/providers';
import fc from 'fast-check';
import twilio from 'twilio';
import { FuzzCase } from './fuzz-case.js';
import { nested } from './hostile-json.js';
import type { RawRequest } from '@switchboard/testing';

export interface WebhookFuzzContext {
  /** The URL Twilio signs over (the gateway's PUBLIC_URL). */
  publicUrl: string;
  authToken: string;
}

type Params = Record<string, string>;
const FORM = 'application/x-www-form-urlencoded';

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`));

/** A callback as Twilio sends it to a call's status or recording URL: valid, before a defect is added. */
const callbacks = fc.oneof(
  fc.record({ callId: fc.uuid({ version: 4 }), sid: hex(32), status: fc.constantFrom(...TWILIO_CALL_STATUSES) }).map(({ callId, sid, status }) => ({
    path: `/webhooks/twilio/voice/status?callId=${callId}`,
    params: { AccountSid: `AC${'0'.repeat(32)}`, CallSid: `CA${sid}`, CallStatus: status, To: '+15551230001', From: '+15550100000' } as Params,
    statusField: 'CallStatus',
    statuses: TWILIO_CALL_STATUSES as readonly string[],
    sidField: 'CallSid',
    sibling: 'recording',
  })),
  fc.record({ callId: fc.uuid({ version: 4 }), sid: hex(32), recording: hex(32) }).map(({ callId, sid, recording }) => ({
    path: `/webhooks/twilio/voice/recording?callId=${callId}`,
    params: {
      AccountSid: `AC${'0'.repeat(32)}`,
      CallSid: `CA${sid}`,
      RecordingSid: `RE${recording}`,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC${'0'.repeat(32)}/Recordings/RE${recording}`,
      RecordingStatus: 'completed',
      RecordingDuration: '12',
      RecordingChannels: '2',
    } as Params,
    statusField: 'RecordingStatus',
    statuses: TWILIO_RECORDING_STATUSES as readonly string[],
    sidField: 'CallSid',
    sibling: 'status',
  })),
  fc.record({ notificationId: fc.uuid({ version: 4 }), sid: hex(32), status: fc.constantFrom(...TWILIO_MESSAGE_STATUSES) }).map(({ notificationId, sid, status }) => ({
    path: `/webhooks/twilio/messaging/status?notificationId=${notificationId}&attempt=1`,
    params: { AccountSid: `AC${'0'.repeat(32)}`, MessageSid: `SM${sid}`, SmsSid: `SM${sid}`, MessageStatus: status, To: '+15551230001', From: '+15550100000' } as Params,
    statusField: 'MessageStatus',
    statuses: TWILIO_MESSAGE_STATUSES as readonly string[],
    sidField: 'MessageSid',
    sibling: 'inbound',
  })),
  // The number's inbound URL carries a query of ours too (which number it is), signed with the rest.
  fc.record({ sid: hex(32), body: fc.constantFrom('I feel fine', 'chest pain', 'STOP', '') }).map(({ sid, body }) => ({
    path: `/webhooks/twilio/messaging/inbound?number=main`,
    params: { AccountSid: `AC${'0'.repeat(32)}`, MessageSid: `SM${sid}`, From: '+15551230001', To: '+15550100000', Body: body, NumMedia: '0' } as Params,
    statusField: 'From',
    statuses: [] as readonly string[],
    sidField: 'MessageSid',
    sibling: 'status',
  })),
);
type Callback = typeof callbacks extends fc.Arbitrary<infer T> ? T : never;

interface Sent {
  defect: string;
  target?: string;
  signature?: string;
  body: Buffer;
  type?: string;
  statuses: number[];
}

const form = (params: Params) => Buffer.from(new URLSearchParams(params).toString());

function defects(callback: Callback, context: WebhookFuzzContext): fc.Arbitrary<Sent>[] {
  const { path, params, statusField, statuses, sidField, sibling } = callback;
  const signedFor = (url: string, signed: Params = params) => twilio.getExpectedTwilioSignature(context.authToken, url, signed);
  const valid = signedFor(`${context.publicUrl}${path}`);
  const signedGarbage = (defect: string, garbage: Params): Sent => ({
    defect: `signed, ${defect}`,
    signature: signedFor(`${context.publicUrl}${path}`, garbage),
    body: form(garbage),
    type: FORM,
    statuses: [400],
  });
  const [route, query] = path.split('?');
  const keys = Object.keys(params);
  return [
    fc.constant({ defect: 'unsigned', body: form(params), type: FORM, statuses: [403] }),
    fc
      .oneof(fc.base64String({ minLength: 1, maxLength: 40 }), fc.constantFrom('', 'x', valid.toLowerCase(), `${valid}=`, 'A'.repeat(10_000)))
      .filter((signature) => signature !== valid)
      .map((signature) => ({ defect: `forged signature ${signature.slice(0, 40)}`, signature, body: form(params), type: FORM, statuses: [403] })),
    fc.constant({ defect: 'signed with another token', signature: twilio.getExpectedTwilioSignature('another-token', `${context.publicUrl}${path}`, params), body: form(params), type: FORM, statuses: [403] }),
    fc
      .constantFrom(
        `${context.publicUrl}${route.replace(/[a-z]+$/, sibling)}?${query}`,
        `http://evil.example${path}`,
        `${context.publicUrl.replace('http:', 'https:')}${path}`,
        `${context.publicUrl}${route}`,
        `${context.publicUrl}${path}&again=1`,
        `${context.publicUrl}${route}/?${query}`,
      )
      .map((url) => ({ defect: `signed for ${url}`, signature: signedFor(url), body: form(params), type: FORM, statuses: [403] })),
    fc
      .tuple(fc.constantFrom(...keys), fc.constantFrom('changed', '', 'completed', 'CA0'))
      .filter(([key, value]) => params[key] !== value)
      .map(([key, value]) => ({ defect: `replayed with ${key}=${value}`, signature: valid, body: form({ ...params, [key]: value }), type: FORM, statuses: [403] })),
    fc.constantFrom(...keys).map((key) => {
      const { [key]: _, ...rest } = params;
      return { defect: `replayed without ${key}`, signature: valid, body: form(rest), type: FORM, statuses: [403] };
    }),
    fc.constant({ defect: 'replayed with a parameter more', signature: valid, body: form({ ...params, Extra: 'x' }), type: FORM, statuses: [403] }),
    fc
      .constantFrom<[string | undefined, Buffer]>(
        [undefined, form(params)],
        ['text/plain', form(params)],
        ['application/json', Buffer.from(JSON.stringify(params))],
        ['multipart/form-data; boundary=b', Buffer.from(`--b\r\nContent-Disposition: form-data; name="${sidField}"\r\n\r\n${params[sidField]}\r\n--b--\r\n`)],
        [FORM, Buffer.alloc(0)],
        [undefined, Buffer.alloc(0)],
      )
      .map(([type, body]) => ({ defect: `Content-Type ${type ?? '(none)'}, ${body.length} bytes`, signature: valid, body, type, statuses: [400, 403, 415] })),
    fc.constantFrom(1_000, 10_000, 20_000).map((depth) => ({
      defect: `JSON nested ${depth} deep`,
      signature: 'x',
      body: nested(depth, 'array').bytes(),
      type: 'application/json',
      statuses: [400, 403, 413, 415],
    })),
    // Twilio signs PUBLIC_URL: an absolute-form target's host changes nothing, so signing over it proves nothing.
    fc.constantFrom(`http://evil.example${path}`, `http://${new URL(context.publicUrl).host}.evil.example${path}`).map((target) => ({
      defect: 'absolute-form target, signed for it',
      target,
      signature: signedFor(target),
      body: form(params),
      type: FORM,
      statuses: [400, 403, 404],
    })),
    fc.constantFrom(`//evil.example${path}`, `http://[evil${path}`, `evil.example:80${path}`).map((target) => ({
      defect: 'a target neither a path nor a URL',
      target,
      signature: valid,
      body: form(params),
      type: FORM,
      statuses: [400, 403, 404],
    })),
    fc.nat({ max: params[statusField].length }).map((i) => signedGarbage(`NUL in ${statusField}`, { ...params, [statusField]: `${params[statusField].slice(0, i)}\u0000${params[statusField].slice(i)}` })),
    fc
      .stringMatching(/^[a-z-]{1,20}$/)
      .filter((status) => !statuses.includes(status))
      .map((status) => signedGarbage(`unknown ${statusField} ${status}`, { ...params, [statusField]: status })),
    fc.constant(signedGarbage(`no ${sidField}`, Object.fromEntries(Object.entries(params).filter(([key]) => key !== sidField)))),
    fc
      .tuple(fc.constantFrom(sidField, statusField, 'AccountSid'), fc.integer({ min: 5_000, max: 50_000 }))
      .map(([key, size]) => signedGarbage(`a ${size}-character ${key}`, { ...params, [key]: 'x'.repeat(size) })),
    fc.constantFrom('%FF', '%ED%A0%80', '%C0%80', '%').map((bytes) => ({
      defect: `${bytes} in ${statusField}`,
      signature: signedFor(`${context.publicUrl}${path}`, { ...params, [statusField]: `x\ufffdy` }),
      body: Buffer.from(form({ ...params, [statusField]: 'x' }).toString().replace(`${statusField}=x`, `${statusField}=x${bytes}y`)),
      type: FORM,
      statuses: [400, 403],
    })),
    fc.constant({
      defect: `${statusField} twice`,
      signature: valid,
      body: Buffer.concat([form(params), Buffer.from(`&${statusField}=failed`)]),
      type: FORM,
      statuses: [400, 403],
    }),
    fc.constant({ defect: 'a route not served', target: path.replace(/[a-z]+\?/, 'sms?'), signature: valid, body: form(params), type: FORM, statuses: [400, 403, 404] }),
  ];
}

/** Hostile Twilio callbacks to every webhook: forged, replayed, misaddressed, or signed garbage. */
export function webhookCases(context: WebhookFuzzContext): fc.Arbitrary<FuzzCase> {
  return callbacks.chain((callback) =>
    fc.oneof(...defects(callback, context)).map((sent) => {
      const headers: RawRequest['headers'] = [];
      if (sent.type) headers.push(['Content-Type', sent.type]);
      if (sent.signature !== undefined) headers.push(['X-Twilio-Signature', sent.signature]);
      return new FuzzCase(`POST ${callback.path.split('?')[0]}: ${sent.defect}`, { method: 'POST', target: sent.target ?? callback.path, headers, body: sent.body }, { statuses: sent.statuses });
    }),
  );
}

/**
 * Hostile Google Calendar pushes: unknown channels and wrong tokens are answered 2xx with nothing
 * done (so Google stops retrying), malformed headers 400; never a 5xx, never a stored event.
 */
export function googleCalendarCases(): fc.Arbitrary<FuzzCase> {
  const headerValue = fc.oneof(fc.string({ maxLength: 80 }).map((s) => s.replace(/[^\x21-\x7e]/g, 'x')), fc.constantFrom('', 'A'.repeat(5_000), '../..', '%00'));
  const push = fc.record({
    channelId: fc.oneof(fc.uuid({ version: 4 }), headerValue),
    token: fc.option(headerValue, { nil: undefined }),
    state: fc.oneof(fc.constantFrom('sync', 'exists', 'not_exists'), headerValue),
    body: fc.constantFrom(Buffer.alloc(0), Buffer.from('{}'), Buffer.from('x'.repeat(10_000))),
  });
  return push.map(({ channelId, token, state, body }) => {
    const headers: RawRequest['headers'] = [
      ['X-Goog-Channel-ID', channelId],
      ['X-Goog-Resource-State', state],
      ['X-Goog-Message-Number', '1'],
    ];
    if (token !== undefined) headers.push(['X-Goog-Channel-Token', token]);
    if (body.length > 0) headers.push(['Content-Type', 'application/json']);
    return new FuzzCase(`POST /webhooks/google/calendar: channel ${channelId.slice(0, 40)}, state ${state.slice(0, 20)}`, { method: 'POST', target: '/webhooks/google/calendar', headers, body }, {
      statuses: [204, 400, 413],
      mayAccept: true,
    });
  });
}

/** Hostile OAuth callbacks (a browser's GET, no API key): an unknown, used or garbage state connects nothing. */
export function oauthCallbackCases(): fc.Arbitrary<FuzzCase> {
  const value = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('', 'A'.repeat(5_000), '%00', '%FF', '../..', '__proto__'));
  return fc
    .record({ code: fc.option(value, { nil: undefined }), state: fc.option(value, { nil: undefined }), error: fc.option(fc.constantFrom('access_denied', 'x'.repeat(500)), { nil: undefined }) })
    .map(({ code, state, error }) => {
      const query = Object.entries({ code, state, error })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${/%/.test(v!) ? v : encodeURIComponent(v!)}`)
        .join('&');
      return new FuzzCase(`GET /oauth/google/callback?${query.slice(0, 60)}`, { method: 'GET', target: `/oauth/google/callback?${query}`, headers: [], body: Buffer.alloc(0) }, { statuses: [400, 404] });
    });
}
