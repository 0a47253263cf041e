import { NOTIFICATION_REQUEST_COMMAND, type NotificationRequest, sealPushSubscription } from '@switchboard/contracts';
import { names } from '@switchboard/eventing';
import { SecretVault } from '@switchboard/platform';
import type { NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CareHarness, type LoggedNotification } from './care-harness.js';

let care: CareHarness;
let nats: NatsConnection;

beforeAll(async () => {
  care = await CareHarness.start({ NOTIFICATION_RECONCILE_AFTER_MS: '1000' });
  nats = await care.ns.natsConnection();
}, 120_000);
afterAll(() => care?.stop(), 60_000);

const poll = { timeout: 60_000, interval: 200 };

async function notify(phone: string, overrides: Partial<NotificationRequest> = {}): Promise<NotificationRequest> {
  const request: NotificationRequest = {
    notificationId: randomUUID(),
    channels: ['sms', 'voice'],
    recipient: { kind: 'nurse', id: randomUUID(), phone },
    about: { kind: 'task', id: randomUUID() },
    body: 'Task 1234abcd is yours',
    correlationId: 'test',
    ...overrides,
  };
  const reply = await nats.request(names.commandSubject(care.ns.namespace, NOTIFICATION_REQUEST_COMMAND), JSON.stringify(request), { timeout: 15_000 });
  const answer = reply.json<{ ok: boolean; error?: unknown }>();
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return request;
}

const logOf = async (request: NotificationRequest): Promise<LoggedNotification> =>
  (await care.notifications(`taskId=${request.about.id}`)).find((n) => n.id === request.notificationId)!;
/** What a log entry says, without ids and times that differ from run to run. */
const shape = (n: LoggedNotification) => ({ status: n.status, channel: n.channel, sends: n.sends.map(({ attempt, channel, status }) => ({ attempt, channel, status })) });

describe('notifications (telephony): recorded once, sent once, followed to delivery', () => {
  it('records an ask made twice once, sends one SMS, and logs it DELIVERED from the status callbacks', async () => {
    const phone = '+15550201001';
    const request = await notify(phone);
    await notify(phone, { notificationId: request.notificationId, recipient: request.recipient, about: request.about });
    await expect.poll(async () => (await logOf(request))?.status, poll).toBe('DELIVERED');
    expect(care.smsTo(phone)).toHaveLength(1);
    expect(care.smsTo(phone)[0]).toMatch(/^Task 1234abcd is yours \(ref [0-9a-f]{6}\)$/);
    expect(shape(await logOf(request))).toEqual({ status: 'DELIVERED', channel: 'sms', sends: [{ attempt: 1, channel: 'sms', status: 'DELIVERED' }] });
  }, 60_000);

  it('ends in the same log when every status callback comes three times, shuffled', async () => {
    const reference = await notify('+15550202001');
    await expect.poll(async () => (await logOf(reference))?.status, poll).toBe('DELIVERED');
    care.simulator.state.setFault('twilio.messages.create', { duplicateWebhooks: 3, shuffleWebhooks: true, times: 1 });
    const shuffled = await notify('+15550202002');
    await expect.poll(async () => (await logOf(shuffled))?.status, poll).toBe('DELIVERED');
    // Shuffled, the callback that says DELIVERED may come before the copies of the others.
    const kept = async () =>
      (await care.query<{ n: number }>('gateway', `SELECT count(*)::int AS n FROM $schema.events WHERE payload->>'url' LIKE $1`, [`%${shuffled.notificationId}%`]))[0].n;
    await expect.poll(kept, poll).toBe(6);
    expect(shape(await logOf(shuffled))).toEqual(shape(await logOf(reference)));
  }, 60_000);

  it('sends exactly one SMS when the provider accepted it and the answer was lost (reconciled, not resent)', async () => {
    const phone = '+15550203001';
    care.simulator.state.setFault('twilio.messages.create', { crashAfterAccept: true, times: 1 });
    const request = await notify(phone);
    await expect.poll(async () => (await logOf(request))?.status, poll).toBe('DELIVERED');
    expect(care.simulator.state.requests.filter((r) => r.endpoint === 'twilio.messages.create' && r.body.To === phone)).toHaveLength(1);
    expect(care.smsTo(phone)).toHaveLength(1);
  }, 60_000);

  it('looks up a sent SMS whose status callbacks were all lost, and logs what the provider says', async () => {
    care.simulator.state.setFault('twilio.messages.create', { dropStatusCallbacks: true, times: 1 });
    const request = await notify('+15550203501');
    await expect.poll(async () => (await logOf(request))?.status, poll).toBe('DELIVERED');
    expect(care.simulator.state.requests.filter((r) => r.endpoint === 'twilio.messages.fetch')).not.toHaveLength(0);
    expect(care.smsTo('+15550203501')).toHaveLength(1);
  }, 60_000);

  it('falls back to a voice call when the SMS is undelivered', async () => {
    const phone = '+15550204001';
    care.simulator.messages.undeliverable.add(phone);
    const request = await notify(phone);
    await expect.poll(async () => (await logOf(request))?.status, poll).toBe('DELIVERED');
    expect(shape(await logOf(request))).toEqual({
      status: 'DELIVERED',
      channel: 'voice',
      sends: [
        { attempt: 1, channel: 'sms', status: 'UNDELIVERED' },
        { attempt: 2, channel: 'voice', status: 'DELIVERED' },
      ],
    });
    expect(care.simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create' && r.body.To === phone)).toHaveLength(1);
  }, 60_000);

  it('fails a notification whose channels all fail, with the reason', async () => {
    const request = await notify('+15550205001', { channels: ['email', 'push'], recipient: { kind: 'nurse', id: randomUUID() } });
    await expect.poll(async () => (await logOf(request))?.status, poll).toBe('FAILED');
    expect((await logOf(request)).sends.map((s) => s.status)).toEqual(['FAILED', 'FAILED']);
  }, 60_000);

  it('sends by email (SMTP) under a Message-ID of the notification, falling back to it from a channel without an address', async () => {
    const to = `owner-${randomUUID().slice(0, 8)}@example.org`;
    const request = await notify('+15550207001', { channels: ['sms', 'email'], recipient: { kind: 'owner', id: randomUUID(), email: to }, subject: 'Your brief is ready' });
    await expect.poll(async () => (await logOf(request))?.status, poll).toBe('SENT');
    expect(shape(await logOf(request))).toEqual({
      status: 'SENT',
      channel: 'email',
      sends: [
        { attempt: 1, channel: 'sms', status: 'FAILED' },
        { attempt: 2, channel: 'email', status: 'SENT' },
      ],
    });
    const mails = care.smtp.messages.filter((m) => m.to.includes(to));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Your brief is ready');
    expect(mails[0].raw).toContain(`Message-ID: <${request.notificationId}.2@switchboard>`);
  }, 60_000);
});

describe('push notifications (Web Push, the simulator as push service)', () => {
  it('opens the sealed keys, encrypts to them and sends one push message, and logs it SENT with the location', async () => {
    const { id: subscriptionId, ...browser } = care.simulator.push.subscribe();
    const push = sealPushSubscription(care.pushVault, browser);
    const request = await notify('+15550208001', { channels: ['push', 'sms'], recipient: { kind: 'nurse', id: randomUUID(), push }, urgent: true });
    await expect.poll(async () => (await logOf(request))?.status, poll).toBe('SENT');
    expect((await logOf(request)).providerId).toMatch(new RegExp(`^/push/${subscriptionId}/messages/`));
    expect(care.simulator.state.requests.filter((r) => r.path === `/push/${subscriptionId}`)).toHaveLength(1);
    // The browser decrypts it: the keys telephony opened are the subscription's.
    expect(JSON.parse(care.simulator.push.messagesTo(subscriptionId)[0]!)).toMatchObject({ body: request.body, notificationId: request.notificationId });
  }, 60_000);

  it('falls back to the next channel when the keys were sealed with a key telephony does not hold', async () => {
    const { id: subscriptionId, ...browser } = care.simulator.push.subscribe();
    const push = sealPushSubscription(new SecretVault(`other:${randomBytes(32).toString('base64')}`), browser);
    const request = await notify('+15550208002', { channels: ['push', 'sms'], recipient: { kind: 'nurse', id: randomUUID(), phone: '+15550208002', push } });
    await expect.poll(async () => (await logOf(request))?.sends.map((s) => [s.channel, s.status]), poll).toEqual([
      ['push', 'FAILED'],
      ['sms', 'DELIVERED'],
    ]);
    expect((await logOf(request)).sends[0]).toMatchObject({ reason: expect.stringMatching(/keys do not open: no key other/) });
    expect(care.simulator.state.requests.filter((r) => r.path === `/push/${subscriptionId}`)).toHaveLength(0);
  }, 60_000);
});

describe('Twilio messaging webhooks (gateway)', () => {
  const post = (path: string, params: Record<string, string>, signature?: string) =>
    fetch(`${care.publicUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature && { 'x-twilio-signature': signature }) },
      body: new URLSearchParams(params),
    });
  const sign = (path: string, params: Record<string, string>) => twilio.getExpectedTwilioSignature(care.simulator.twilioAccount.authToken, `${care.publicUrl}${path}`, params);
  const stored = async (marker: string) =>
    (await care.query<{ n: number }>('gateway', `SELECT count(*)::int AS n FROM $schema.events WHERE payload::text LIKE $1`, [`%${marker}%`]))[0].n;

  it.each(['/webhooks/twilio/messaging/inbound', '/webhooks/twilio/messaging/status'])('refuses a forged %s with 403 and records nothing', async (path) => {
    const marker = `SM${randomUUID().replace(/-/g, '')}`;
    const params = { MessageSid: marker, From: '+15550206001', Body: 'chest pain', MessageStatus: 'delivered' };
    expect((await post(path, params, 'forged')).status).toBe(403);
    expect((await post(path, params)).status).toBe(403);
    expect(await stored(marker)).toBe(0);
  });

  it('refuses a signed inbound message with a bad field with 400 naming it, and records nothing', async () => {
    const path = '/webhooks/twilio/messaging/inbound';
    const marker = `SM${randomUUID().replace(/-/g, '')}`;
    const params = { MessageSid: marker, From: 'not-a-number', Body: 'hello' };
    const response = await post(path, params, sign(path, params));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual([expect.objectContaining({ field: 'From' })]);
    expect(await stored(marker)).toBe(0);
  });

  it('keeps a signed inbound message as an event before answering 204', async () => {
    const path = '/webhooks/twilio/messaging/inbound';
    const marker = `SM${randomUUID().replace(/-/g, '')}`;
    const params = { MessageSid: marker, From: '+15550206002', Body: 'I feel fine' };
    expect((await post(path, params, sign(path, params))).status).toBe(204);
    expect(await stored(marker)).toBe(1);
  });
});
