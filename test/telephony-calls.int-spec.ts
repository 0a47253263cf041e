import type { INestApplication } from '@nestjs/common';
import { campaignCanceled, campaignLaunched, type EventEnvelope, newEventId, type NewEvent } from '@switchboard/contracts';
import { runMigrations } from '@switchboard/event-store';
import { names } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { TwilioTelephony } from '@switchboard/providers';
import { ProviderSimulator, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../apps/gateway/src/gateway.app.js';
import { gatewayMigrations } from '../apps/gateway/src/gateway.migrations.js';
import { callbackUrls } from '../apps/telephony/src/callbacks/callback-urls.js';
import { Calls } from '../apps/telephony/src/calls/calls.js';
import { telephonyApp } from '../apps/telephony/src/telephony.app.js';
import { telephonyMigrations } from '../apps/telephony/src/telephony.migrations.js';
import { freePorts } from '../scripts/system/free-ports.js';

/**
 * Telephony's handlers against real NATS, PostgreSQL and the provider simulator (through the
 * official Twilio SDK), with the gateway in the same process so that Twilio's callbacks arrive as
 * they do in production: signed, kept as events, relayed to telephony.
 */
const ns = new TestNamespace();
const RECONCILE_AFTER_MS = 1_000;
const RECORDING_DEADLINE_MS = 1_000;
let simulator: ProviderSimulator;
let apps: INestApplication[] = [];
let calls: Calls;
let publicUrl: string;

beforeAll(async () => {
  simulator = await ProviderSimulator.start({ callStepMs: 50 });
  const [gatewayPort, telephonyPort] = await freePorts(2);
  publicUrl = `http://127.0.0.1:${gatewayPort}`;
  const env = {
    ...process.env,
    ...ns.env({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'fatal' }),
    SIMULATOR_URL: simulator.baseUrl,
    PUBLIC_URL: publicUrl,
    GATEWAY_PORT: String(gatewayPort),
    TELEPHONY_PORT: String(telephonyPort),
    CALL_RECONCILE_AFTER_MS: String(RECONCILE_AFTER_MS),
    CALL_RECORDING_DEADLINE_MS: String(RECORDING_DEADLINE_MS),
  };
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('telephony'), migrations: telephonyMigrations });
  const gateway = (await createServiceApp(gatewayApp, env)).app;
  await gateway.listen(gatewayPort, '127.0.0.1');
  const telephony = (await createServiceApp(telephonyApp, env)).app;
  await telephony.listen(telephonyPort, '127.0.0.1');
  apps = [gateway, telephony];
  calls = telephony.get(Calls);
}, 60_000);
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await simulator?.stop();
  await ns.dispose();
}, 60_000);

interface CallRow {
  call_id: string;
  status: string;
  provider_sid: string | null;
  failure_reason: string | null;
  recording_url: string | null;
}

const callRow = async (callId: string): Promise<CallRow> =>
  (await ns.pool.query<CallRow>(`SELECT * FROM "${ns.schema('telephony')}".calls WHERE call_id = $1`, [callId])).rows[0];

const eventsOf = async (callId: string): Promise<string[]> =>
  (await ns.pool.query<{ type: string }>(`SELECT type FROM "${ns.schema('telephony')}".events WHERE stream_id = $1 ORDER BY stream_position`, [`call-${callId}`])).rows.map(
    (row) => row.type,
  );

/** A Call queued as a launched campaign queues it: the dial queue and the dialer take it from there. */
async function queue(phone: string, campaignId = randomUUID()): Promise<string> {
  const callId = randomUUID();
  await calls.execute(callId, { type: 'queue', callId, campaignId, phone });
  return callId;
}

const createsTo = (phone: string) => simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create' && r.body.To === phone);

describe('telephony against the simulator', () => {
  it('reconciles a call whose SID a callback recorded before the dialer retried, once its final callback is lost', async () => {
    const phone = '+15550900001';
    // Twilio places the call but the dialer never hears back; the ringing callback names the SID first.
    simulator.state.setFault('twilio.calls.create', { crashAfterAccept: true, dropFinalStatusCallback: true, times: 1 });
    const callId = await queue(phone);
    await expect.poll(async () => (await callRow(callId))?.status, { timeout: 30_000, interval: 100 }).toBe('COMPLETED');
    const { provider_sid: sid } = await callRow(callId);
    expect(simulator.state.requests.some((r) => r.endpoint === 'twilio.calls.fetch' && r.path.includes(sid!))).toBe(true);
    expect(createsTo(phone)).toHaveLength(1);
  }, 60_000);

  it("never adopts another campaign's call to the same number when its own first attempt failed", async () => {
    const phone = '+15550900002';
    // Campaign A's first request fails before Twilio places anything; campaign B then calls the same number.
    simulator.state.setFault('twilio.calls.create', { status: 500, times: 1 });
    const a = await queue(phone);
    await expect.poll(() => createsTo(phone).length, { timeout: 15_000, interval: 20 }).toBe(1);
    const b = await queue(phone);
    await expect.poll(async () => [(await callRow(a)).provider_sid, (await callRow(b)).provider_sid].every(Boolean), { timeout: 30_000, interval: 100 }).toBe(true);
    const [sidA, sidB] = [(await callRow(a)).provider_sid, (await callRow(b)).provider_sid];
    expect(sidA).not.toBe(sidB);
    // Both were really called: the failed request and one placed call per campaign.
    expect(createsTo(phone)).toHaveLength(3);
  }, 60_000);

  it('looks for the call an earlier attempt placed even on what the consumer counts as a first delivery', async () => {
    const phone = '+15550900003';
    const callId = randomUUID();
    // An attempt whose delivery was not counted placed the call after the dial was requested and
    // died; its callbacks are lost too. The dialer's look at the number's calls is held long
    // enough for that earlier call to be placed before the answer, as a crash between the two
    // attempts would leave it: after the intent, whatever the machine's load.
    simulator.state.setFault('twilio.calls.list', { latencyMs: 10_000, times: 1 });
    simulator.state.setFault('twilio.calls.create', { dropStatusCallbacks: true, dropRecordingCallbacks: true, times: 1 });
    await calls.execute(callId, { type: 'queue', callId, campaignId: randomUUID(), phone });
    const lookedForCalls = () => simulator.state.requests.some((r) => r.endpoint === 'twilio.calls.list' && r.query.To === phone);
    await expect.poll(lookedForCalls, { timeout: 30_000, interval: 50 }).toBe(true);
    const twilio = new TwilioTelephony({ ...simulator.twilioAccount, baseUrl: simulator.baseUrl });
    const urls = callbackUrls(publicUrl, callId);
    const earlier = await twilio.placeCall({ to: phone, from: '+15550100000', twiml: '<Response/>', statusCallbackUrl: urls.status, recordingStatusCallbackUrl: urls.recording });
    await expect.poll(async () => (await callRow(callId)).provider_sid, { timeout: 30_000, interval: 100 }).toBe(earlier.sid);
    expect(createsTo(phone)).toHaveLength(1);
  }, 60_000);

  it('finds a recording whose callback was lost when its deadline passes, at the provider', async () => {
    const phone = '+15550900004';
    simulator.state.setFault('twilio.calls.create', { dropRecordingCallbacks: true, times: 1 });
    const callId = await queue(phone);
    await expect.poll(async () => (await callRow(callId))?.recording_url, { timeout: 30_000, interval: 100 }).toMatch(/\/Recordings\/RE[0-9a-f]{32}$/);
    const { provider_sid: sid } = await callRow(callId);
    expect(simulator.state.requests.some((r) => r.endpoint === 'twilio.recordings.list' && r.path.includes(sid!))).toBe(true);
    expect(await eventsOf(callId)).not.toContain('telephony.call.recording-unavailable');
  }, 60_000);

  it('gives up on a recording that never comes, with a reason, once its deadline passes', async () => {
    const phone = '+15550900005';
    simulator.state.callees.set(phone, { outcome: 'completed', recording: 'none' });
    const callId = await queue(phone);
    await expect.poll(() => eventsOf(callId), { timeout: 30_000, interval: 100 }).toContain('telephony.call.recording-unavailable');
    const { rows } = await ns.pool.query<{ payload: { reason: string } }>(
      `SELECT payload FROM "${ns.schema('telephony')}".events WHERE stream_id = $1 AND type = 'telephony.call.recording-unavailable'`,
      [`call-${callId}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].payload.reason).toMatch(/no recording/);
    expect(await callRow(callId)).toMatchObject({ status: 'COMPLETED', recording_url: null });
  }, 60_000);

  describe("a campaign's cancel", () => {
    /** A claims event as claims' outbox relay publishes it. */
    async function publish(event: NewEvent, campaignId: string): Promise<void> {
      const envelope: EventEnvelope = {
        ...event,
        id: newEventId(),
        streamId: `campaign-${campaignId}`,
        streamPosition: 1,
        occurredAt: new Date().toISOString(),
        correlationId: campaignId,
        causationId: campaignId,
        producer: 'claims',
      };
      const nats = await ns.natsConnection();
      await nats.jetstream().publish(names.wireSubject(ns.namespace, `${event.type}.v${event.version}`), JSON.stringify(envelope), { msgID: envelope.id });
    }
    const contacts = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => ({ callId: randomUUID(), phone: `${prefix}${String(i).padStart(2, '0')}` }));
    const statuses = async (callIds: string[]) =>
      (await ns.pool.query<{ status: string }>(`SELECT status FROM "${ns.schema('telephony')}".calls WHERE call_id = ANY($1)`, [callIds])).rows.map((row) => row.status);

    it('ends the calls still waiting for their turn, and lets those being dialled go on', async () => {
      const campaignId = randomUUID();
      // Twelve calls at ten a minute: the last two wait in the dial queue for a minute.
      const calls = contacts(12, '+155509110');
      await publish(campaignLaunched.create({ campaignId, calls }), campaignId);
      await expect.poll(async () => (await statuses(calls.map((c) => c.callId))).filter((status) => status === 'QUEUED').length, { timeout: 30_000, interval: 100 }).toBe(2);
      await expect.poll(async () => (await statuses(calls.map((c) => c.callId))).filter((status) => status !== 'QUEUED').length, { timeout: 30_000, interval: 100 }).toBe(10);
      const waiting = (await Promise.all(calls.map(async (call) => ({ call, status: (await callRow(call.callId)).status })))).filter((c) => c.status === 'QUEUED').map((c) => c.call);

      await publish(campaignCanceled.create({ campaignId, callIds: calls.map((c) => c.callId) }), campaignId);
      await expect.poll(() => statuses(waiting.map((c) => c.callId)), { timeout: 30_000, interval: 100 }).toEqual(['CANCELED', 'CANCELED']);
      // The ten being dialled end as the provider says, none of them canceled.
      await expect.poll(async () => (await statuses(calls.map((c) => c.callId))).filter((status) => status === 'COMPLETED').length, { timeout: 30_000, interval: 100 }).toBe(10);
      for (const call of waiting) expect(createsTo(call.phone)).toHaveLength(0);
    }, 90_000);

    it('never queues a call its campaign canceled before telephony saw the launch', async () => {
      const campaignId = randomUUID();
      const calls = contacts(2, '+155509120');
      await publish(campaignCanceled.create({ campaignId, callIds: calls.map((c) => c.callId) }), campaignId);
      await expect.poll(() => Promise.all(calls.map((c) => eventsOf(c.callId))), { timeout: 30_000, interval: 100 }).toEqual([['telephony.call.ended'], ['telephony.call.ended']]);
      await publish(campaignLaunched.create({ campaignId, calls }), campaignId);
      const nats = await ns.natsConnection();
      const launches = names.consumerName(ns.namespace, 'telephony-campaign-launches');
      const claims = names.domainStreamName(ns.namespace, 'claims');
      // Once telephony has taken the launch, its calls are still only ended: none queued, none dialled.
      await expect.poll(async () => {
        const info = await (await nats.jetstreamManager()).consumers.info(claims, launches);
        return info.num_pending + info.num_ack_pending;
      }, { timeout: 30_000, interval: 100 }).toBe(0);
      expect(await Promise.all(calls.map((c) => eventsOf(c.callId)))).toEqual([['telephony.call.ended'], ['telephony.call.ended']]);
      for (const call of calls) expect(createsTo(call.phone)).toHaveLength(0);
    }, 60_000);
  });
});
