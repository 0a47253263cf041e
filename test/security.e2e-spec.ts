import { SERVICE_NAMES } from '@switchboard/platform';
import { type BrowserSubscription, SIMULATOR_ANTHROPIC_KEY, SIMULATOR_GOOGLE_TOKEN, SIMULATOR_OPENAI_KEY, SIMULATOR_PERPLEXITY_KEY } from '@switchboard/testing';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMeetingPrepDemo } from '../scripts/demo/meeting-prep-demo.js';
import { type DemoResult, runDemo } from '../scripts/demo/run-demo.js';
import { SystemUnderTest, TEST_API_KEY } from '../scripts/system/system-under-test.js';

// Every key of every role, distinct, so a leak names which one leaked.
const KEYS = {
  READ_API_KEYS: `sk-logs-read-${randomBytes(6).toString('hex')}`,
  OPS_KEYS: `sk-logs-ops-${randomBytes(6).toString('hex')}`,
  ADMIN_KEYS: `sk-logs-admin-${randomBytes(6).toString('hex')}`,
};
const TOKEN_KEY = randomBytes(32).toString('base64');
const PUSH_KEY = randomBytes(32).toString('base64');
let system: SystemUnderTest;
/** A nurse's browser subscription (the simulator's push service), registered and alerted by push below. */
let browser: BrowserSubscription;

beforeAll(async () => {
  system = await SystemUnderTest.start(
    {
      // What a deployment logs: the services' default level, as JSON lines.
      LOG_LEVEL: 'log',
      ...KEYS,
      TOKEN_ENCRYPTION_KEYS: `logs:${TOKEN_KEY}`,
      PUSH_ENCRYPTION_KEYS: `logs:${PUSH_KEY}`,
      DIAL_RATE_WINDOW_MS: '5000',
      CALL_RECONCILE_AFTER_MS: '3000',
      CALL_RECORDING_DEADLINE_MS: '3000',
      PERPLEXITY_RATE_LIMIT: '1000',
    },
    {},
    { logBytes: Infinity },
  );
}, 240_000);
afterAll(() => system?.stop(), 60_000);

/** Secrets the providers were sent (OAuth codes, refresh tokens, client secrets), as the simulator recorded them. */
const sentSecrets = (): string[] =>
  system.simulator.state.requests.flatMap((request) =>
    Object.entries({ ...request.query, ...request.body })
      .filter(([name, value]) => /secret|token|code|password/i.test(name) && typeof value === 'string' && value.length >= 8)
      .map(([, value]) => value as string),
  );

/** The tokens Google was given with the watch channels it opened. */
const watchTokens = (): string[] => system.simulator.state.requests.filter((r) => r.endpoint === 'google.events.watch').map((r) => r.body.token as string);

/** Every number the system was asked to reach or reached from, E.164 as recorded. */
const phoneNumbers = (): string[] => {
  const numbers = system.simulator.state.requests.flatMap((request) => [request.body.To, request.body.From, request.query.To]);
  return [...new Set(numbers.filter((n): n is string => typeof n === 'string' && /^\+\d{8,15}$/.test(n)).concat(system.env.TWILIO_FROM_NUMBER ?? '+15550100000'))];
};

const poll = { timeout: 120_000, interval: 250 };
let demo: DemoResult;

interface StoredWebhook {
  event_id: string;
  payload: { kind: string; url: string; params: Record<string, string> };
}
const webhooksOf = (callSid: string) =>
  system.query<StoredWebhook & Record<string, unknown>>(
    'gateway',
    "SELECT event_id, payload FROM $schema.events WHERE type = 'gateway.twilio-webhook.received' AND payload->'params'->>'CallSid' = $1 ORDER BY global_position",
    [callSid],
  );
const eventCounts = async () => Object.fromEntries(await Promise.all(['telephony', 'transcription', 'claims'].map(async (name) => [name, (await system.query<{ n: number }>(name as 'claims', 'SELECT count(*)::int AS n FROM $schema.events'))[0].n])));

describe('a whole demo run', () => {
  it('completes the call-research demo; its callbacks replayed once every call is final change nothing', async () => {
    demo = await runDemo({
      gatewayUrl: system.gateway.baseUrl,
      apiKey: TEST_API_KEY,
      simulatorUrl: system.simulator.baseUrl,
      phonePrefix: '+1555070',
      log: () => undefined,
      timeoutMs: 240_000,
    });
    expect(demo.campaign.status).toBe('COMPLETED');
    const answered = demo.calls.find((call) => call.status === 'COMPLETED')!;
    const before = await system.gateway.ok<Record<string, unknown>>('GET', `/v1/calls/${answered.id}`);
    const received = await webhooksOf(answered.providerSid!);
    expect(received.map((w) => w.payload.kind)).toEqual(expect.arrayContaining(['voice-status', 'voice-recording']));
    const counts = await eventCounts();

    // Exactly what Twilio sent, signed as it signed it: a replay an attacker recorded on the wire.
    for (const { payload } of received) {
      const replayed = await fetch(payload.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(system.simulator.twilioAccount.authToken, payload.url, payload.params),
        },
        body: new URLSearchParams(payload.params),
      });
      expect(replayed.status).toBe(204);
    }
    // Once telephony has taken every replayed callback, nothing anywhere has moved.
    await expect.poll(async () => (await webhooksOf(answered.providerSid!)).length, poll).toBe(received.length * 2);
    const replayedIds = (await webhooksOf(answered.providerSid!)).slice(received.length).map((w) => w.event_id);
    await expect
      .poll(async () => (await system.query<{ n: number }>('telephony', 'SELECT count(*)::int AS n FROM $schema.inbox WHERE event_id = ANY($1::uuid[])', [replayedIds]))[0].n, poll)
      .toBeGreaterThanOrEqual(replayedIds.length);
    expect(await eventCounts()).toEqual(counts);
    expect(await system.gateway.ok('GET', `/v1/calls/${answered.id}`)).toEqual(before);
    expect((await system.gateway.ok<{ status: string }>('GET', `/v1/campaigns/${demo.campaign.id}`)).status).toBe('COMPLETED');
  }, 400_000);

  it('then runs the meeting-prep demo (OAuth, refresh tokens sealed), uses every kind of key and alerts a nurse by push', async () => {
    await runMeetingPrepDemo({ gatewayUrl: system.gateway.baseUrl, apiKey: TEST_API_KEY, simulatorUrl: system.simulator.baseUrl }, () => undefined);
    // Each other key is used as a client would (and refused where its role does not reach), with keys in places logs look at.
    const base = system.gateway.baseUrl;
    for (const key of Object.values(KEYS)) {
      expect((await fetch(`${base}/v1/campaigns/${demo.campaign.id}?key=${key}`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
      await fetch(`${base}/v1/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{}' });
      await fetch(`${base}/ops/waiting`, { headers: { authorization: `Bearer ${key}` } });
    }
    const search = await fetch(`${base}/v1/console/runs?q=${encodeURIComponent(demo.calls[0].phone)}`, { headers: { authorization: `Bearer ${KEYS.OPS_KEYS}` } });
    expect(search.status).toBeLessThan(500);

    // A nurse with a Web Push subscription, set twice, alerted by push: its keys pass the gateway, tasks and telephony.
    browser = system.simulator.push.subscribe();
    const subscription = { endpoint: browser.endpoint, keys: browser.keys };
    const nurse = await system.gateway.ok<{ id: string }>('POST', '/v1/nurses', { name: 'Ada', phone: '+15550709001', unit: 'logs', push: subscription });
    await system.gateway.ok('PUT', `/v1/nurses/${nurse.id}/push-subscription`, subscription);
    const startsAt = new Date();
    await system.gateway.ok('POST', '/v1/shifts', { nurseId: nurse.id, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), capacity: 5 });
    await expect.poll(async () => (await system.gateway.ok<unknown[]>('GET', `/v1/shifts?nurseId=${nurse.id}&status=ACTIVE`)).length, poll).toBe(1);
    await system.gateway.ok('POST', '/v1/tasks', { unit: 'logs', severity: 'HIGH', reasonCodes: ['HF_BREATHING_WORSE'], actionType: 'NURSE_CALLBACK_2H', slaMinutes: 120 });
    await expect.poll(() => system.simulator.push.messagesTo(browser.id).filter((m) => m !== null).length, poll).toBe(1);
  }, 400_000);

  it('leaves no secret and no phone number in any service\'s logs', () => {
    const secrets: Record<string, string> = {
      ...KEYS,
      API_KEYS: TEST_API_KEY,
      TOKEN_ENCRYPTION_KEYS: TOKEN_KEY,
      PUSH_ENCRYPTION_KEYS: PUSH_KEY,
      "a push subscription's auth secret": browser.keys.auth,
      "a push subscription's public key": browser.keys.p256dh,
      "a watch channel's token": watchTokens()[0],
      TWILIO_AUTH_TOKEN: system.simulator.twilioAccount.authToken,
      OPENAI_API_KEY: SIMULATOR_OPENAI_KEY,
      ANTHROPIC_API_KEY: SIMULATOR_ANTHROPIC_KEY,
      PERPLEXITY_API_KEY: SIMULATOR_PERPLEXITY_KEY,
      'a Google access token': SIMULATOR_GOOGLE_TOKEN,
      ...Object.fromEntries(sentSecrets().map((secret, i) => [`a secret sent to a provider (#${i}: ${secret.slice(0, 4)}…)`, secret])),
    };
    expect(Object.keys(secrets).filter((name) => name.startsWith('a secret sent')).length).toBeGreaterThan(0);
    expect(watchTokens()[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const phones = phoneNumbers();
    expect(phones.length).toBeGreaterThan(10);
    const forms = phones.flatMap((phone) => [phone, phone.slice(1), encodeURIComponent(phone)]);

    const found: string[] = [];
    for (const service of SERVICE_NAMES) {
      const logs = system.logs(service);
      expect(logs.length, `${service} logged nothing`).toBeGreaterThan(0);
      for (const [name, secret] of Object.entries(secrets)) if (logs.includes(secret)) found.push(`${service}: ${name}`);
      for (const form of forms) if (logs.includes(form)) found.push(`${service}: the phone number ${form}`);
    }
    expect(found.join('\n')).toBe('');
  });
});
