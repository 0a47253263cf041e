import type { BrowserSubscription } from '@switchboard/testing';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CareHarness, type Nurse } from './care-harness.js';

let care: CareHarness;

beforeAll(async () => {
  care = await CareHarness.start();
}, 120_000);
afterAll(() => care?.stop(), 60_000);

const poll = { timeout: 60_000, interval: 200 };

/** A browser's subscription at the simulator's push service, which decrypts what it is sent with the browser's keys. */
const subscription = (): BrowserSubscription => care.simulator.push.subscribe();

/** The subscription as the browser's JSON, without the simulator's id of it. */
const json = ({ id: _, ...browserJson }: BrowserSubscription) => browserJson;

async function nurseWithPush(unit: string, phone: string): Promise<Nurse & { push: BrowserSubscription }> {
  const push = subscription();
  const nurse = await care.gateway.ok<Nurse>('POST', '/v1/nurses', { name: 'Nurse Push', phone, unit, push: json(push) }, { 'idempotency-key': randomUUID() });
  await care.shift(nurse.id, 10);
  await expect.poll(async () => (await care.gateway.ok<unknown[]>('GET', `/v1/shifts?nurseId=${nurse.id}&status=ACTIVE`)).length, poll).toBe(1);
  return { ...nurse, phone, push };
}

const pushesTo = (push: { id: string }) => care.simulator.state.requests.filter((r) => r.endpoint === 'push.send' && r.path === `/push/${push.id}`);
const nurseOf = (id: string) => care.gateway.ok<{ pushEndpoint: string | null }>('GET', `/v1/nurses/${id}`);
const alertsOf = async (taskId: string) => (await care.notifications(`taskId=${taskId}`)).filter((n) => n.recipientKind === 'nurse');

describe("a nurse's Web Push subscription (REST)", () => {
  it('is set with the nurse, replaced and removed; the API shows where it points, not its keys', async () => {
    const first = subscription();
    const nurse = await care.gateway.ok<{ id: string; pushEndpoint: string }>('POST', '/v1/nurses', { name: 'Ada', phone: '+15550701001', push: { endpoint: first.endpoint, keys: first.keys } });
    expect(nurse.pushEndpoint).toBe(first.endpoint);
    const second = subscription();
    expect(await care.gateway.ok('PUT', `/v1/nurses/${nurse.id}/push-subscription`, json(second))).toMatchObject({ pushEndpoint: second.endpoint });
    expect(JSON.stringify(await nurseOf(nurse.id))).not.toContain(second.keys.auth);
    expect(await care.gateway.ok('DELETE', `/v1/nurses/${nurse.id}/push-subscription`)).toMatchObject({ pushEndpoint: null });
    const types = await care.query<{ type: string }>('tasks', `SELECT type FROM $schema.events WHERE stream_id = $1 ORDER BY stream_position`, [`nurse-${nurse.id}`]);
    expect(types.map((t) => t.type)).toEqual(['tasks.nurse.registered', 'tasks.nurse.push-subscription-set', 'tasks.nurse.push-subscription-set', 'tasks.nurse.push-subscription-removed']);
  });

  it.each([
    ['push.endpoint', { endpoint: 'http://push.example/sub/1' }],
    ['push.endpoint', { endpoint: 'https://user:pw@push.example/sub/1' }],
    ['push.endpoint', { endpoint: `https://push.example/${'a'.repeat(2_000)}` }],
    ['push.keys.p256dh', { keys: { p256dh: 'short', auth: randomBytes(16).toString('base64url') } }],
    ['push.keys.auth', { keys: { p256dh: createECDH('prime256v1').generateKeys().toString('base64url'), auth: 'x'.repeat(300) } }],
    ['push.keys', { keys: undefined }],
  ])('refuses a subscription with a bad %s with 400 naming it', async (field, defect) => {
    const push = json(subscription());
    const response = await care.gateway.request<{ errors: { field: string }[] }>('POST', '/v1/nurses', { name: 'Bad', phone: '+15550702001', push: { ...push, ...defect } });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.field)).toEqual([field]);
    // The same rules on the route that sets it alone, with the field named from its body.
    const put = await care.gateway.request<{ errors: { field: string }[] }>('PUT', `/v1/nurses/${randomUUID()}/push-subscription`, { ...push, ...defect });
    expect(put.status).toBe(400);
    expect(put.body.errors.map((e) => e.field)).toEqual([field.slice('push.'.length)]);
  });

  it('is documented in the OpenAPI document, with an example a browser would send', async () => {
    const document = (await (await fetch(`${care.publicUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, { example?: unknown }> }> };
    };
    expect(Object.keys(document.paths['/v1/nurses/{id}/push-subscription']).sort()).toEqual(['delete', 'put']);
    expect(document.components.schemas.PushSubscriptionInput.properties.endpoint.example).toMatch(/^https:\/\//);
    expect(document.components.schemas.CreateNurseRequest.properties).toHaveProperty('push');
  });

  it('answers 404 for a nurse that does not exist', async () => {
    const push = json(subscription());
    expect((await care.gateway.request('PUT', `/v1/nurses/${randomUUID()}/push-subscription`, push)).status).toBe(404);
  });
});

describe('nurse alerts by push first', () => {
  it('sends the assignment alert as one push to the subscription, and no SMS', async () => {
    const nurse = await nurseWithPush('push-ok', '+15550703001');
    const task = await care.task('push-ok');
    await expect.poll(async () => (await alertsOf(task.id))[0]?.status, poll).toBe('SENT');
    const [alert] = await alertsOf(task.id);
    expect(alert).toMatchObject({ recipientId: nurse.id, channel: 'push' });
    expect(alert.providerId).toMatch(new RegExp(`^/push/${nurse.push.id}/messages/`));
    expect(pushesTo(nurse.push)).toHaveLength(1);
    expect(care.smsTo(nurse.phone)).toHaveLength(0);
    // The nurse's browser decrypts it: telephony encrypted to the keys the browser gave.
    expect(JSON.parse(care.simulator.push.messagesTo(nurse.push.id)[0]!)).toMatchObject({ about: { kind: 'task', id: task.id } });
  }, 90_000);

  it('drops a subscription the push service answers 410 Gone for, and falls back to SMS for that alert and the next', async () => {
    const nurse = await nurseWithPush('push-gone', '+15550704001');
    care.simulator.state.setFault('push.send', { status: 410, times: 1 });
    const task = await care.task('push-gone');
    await expect.poll(() => care.smsTo(nurse.phone).filter((b) => b.includes(task.id.slice(-8))).length, poll).toBe(1);
    expect(pushesTo(nurse.push).map((r) => r.status)).toEqual([410]);
    await expect.poll(async () => (await nurseOf(nurse.id)).pushEndpoint, poll).toBeNull();
    const [gone] = await care.query<{ payload: { reason: string; endpoint: string } }>('tasks', `SELECT payload FROM $schema.events WHERE stream_id = $1 AND type = $2`, [
      `nurse-${nurse.id}`,
      'tasks.nurse.push-subscription-removed',
    ]);
    expect(gone.payload).toMatchObject({ reason: 'gone', endpoint: nurse.push.endpoint });
    await expect.poll(async () => (await alertsOf(task.id))[0]?.sends.map((s) => [s.channel, s.status]), poll).toEqual([
      ['push', 'FAILED'],
      ['sms', 'DELIVERED'],
    ]);
    // The next alert asks for SMS alone: the push service is not asked again for a subscription it disowned.
    const next = await care.task('push-gone');
    await expect.poll(() => care.smsTo(nurse.phone).filter((b) => b.includes(next.id.slice(-8))).length, poll).toBe(1);
    expect((await alertsOf(next.id))[0].sends.map((s) => s.channel)).toEqual(['sms']);
    expect(pushesTo(nurse.push)).toHaveLength(1);
  }, 90_000);
});

describe('push subscription keys at rest', () => {
  /** Every row of every table of the service's schema, as text. */
  const everything = async (service: 'gateway' | 'telephony' | 'tasks') => {
    const tables = await care.query<{ name: string }>(service, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1`, [care.ns.schema(service)]);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['events']));
    let text = '';
    for (const { name } of tables) text += (await care.query<{ rows: string | null }>(service, `SELECT string_agg(t::text, E'\\n') AS rows FROM $schema."${name}" t`))[0].rows ?? '';
    return text;
  };

  it('are sealed by the gateway: no table of the gateway, tasks or telephony holds them, and alerts still reach the browser', async () => {
    const nurse = await nurseWithPush('push-sealed', '+15550705001');
    // The same subscription again (sealed anew) is no change.
    await care.gateway.ok('PUT', `/v1/nurses/${nurse.id}/push-subscription`, json(nurse.push), { 'idempotency-key': randomUUID() });
    const task = await care.task('push-sealed');
    await expect.poll(() => care.simulator.push.messagesTo(nurse.push.id).length, poll).toBe(1);
    expect(JSON.parse(care.simulator.push.messagesTo(nurse.push.id)[0]!)).toMatchObject({ about: { kind: 'task', id: task.id } });

    const sets = await care.query<{ payload: { subscription: Record<string, string> } }>('tasks', `SELECT payload FROM $schema.events WHERE stream_id = $1 AND type = $2`, [
      `nurse-${nurse.id}`,
      'tasks.nurse.push-subscription-set',
    ]);
    expect(sets).toHaveLength(1);
    const [set] = sets;
    expect(Object.keys(set.payload.subscription).sort()).toEqual(['endpoint', 'keysDigest', 'sealedKeys']);
    expect(set.payload.subscription.endpoint).toBe(nurse.push.endpoint);
    for (const service of ['gateway', 'tasks', 'telephony'] as const) {
      const stored = await everything(service);
      expect(stored, `${service} stores the auth secret`).not.toContain(nurse.push.keys.auth);
      expect(stored, `${service} stores the public key`).not.toContain(nurse.push.keys.p256dh);
    }
  }, 90_000);
});
