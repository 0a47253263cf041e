import { OtlpReceiver } from '@switchboard/testing';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCampaign, demoSimulatorScenario } from '../scripts/demo/demo-scenario.js';
import type { CampaignStatus } from '../scripts/demo/gateway-client.js';
import { type DemoResult, runDemo } from '../scripts/demo/run-demo.js';
import { SystemUnderTest } from '../scripts/system/system-under-test.js';
import { callResearchChecks } from './call-research.checks.js';

// Dials are limited to 10 per DIAL_WINDOW_MS per campaign: the minute of production, scaled down.
const DIAL_WINDOW_MS = 5_000;
// A live call with no final callback for this long is asked about at the provider.
const RECONCILE_AFTER_MS = 3_000;
// An answered call's recording not here this long after the call is looked for at the provider.
const RECORDING_DEADLINE_MS = 3_000;
let system: SystemUnderTest;
let traces: OtlpReceiver;

beforeAll(async () => {
  traces = await OtlpReceiver.start();
  system = await SystemUnderTest.start({
    DIAL_RATE_WINDOW_MS: String(DIAL_WINDOW_MS),
    CALL_RECONCILE_AFTER_MS: String(RECONCILE_AFTER_MS),
    CALL_RECORDING_DEADLINE_MS: String(RECORDING_DEADLINE_MS),
    // Spans go to a stand-in for Jaeger, sent every 500 ms.
    OTEL_EXPORTER_OTLP_ENDPOINT: traces.url,
    OTEL_BSP_SCHEDULE_DELAY: '500',
  });
}, 120_000);
afterAll(async () => {
  await system?.stop();
  await traces?.stop();
}, 60_000);

const demo = (phonePrefix: string) =>
  runDemo({ gatewayUrl: system.gateway.baseUrl, apiKey: 'sk-e2e-test', simulatorUrl: system.simulator.baseUrl, phonePrefix, log: () => undefined, timeoutMs: 150_000 });

const callsTo = (prefix: string) =>
  system.simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create' && String(r.body.To).startsWith(prefix));

const { expectDemoEndState, duplicatesOf, utteranceCounts, requestsOf } = callResearchChecks(() => system);

describe('call research, whole system', () => {
  let reference: DemoResult;

  it('runs the demo scenario to exactly its expected end state, visible through every resource', async () => {
    reference = await demo('+1555020');
    await expectDemoEndState(reference);
    const answered = reference.calls.find((c) => c.status === 'COMPLETED')!;
    const call = await system.gateway.ok<Record<string, unknown> & { utterances: { speaker: string }[]; claims: { hypothesisId: string }[]; transcript: { status: string } }>(
      'GET',
      `/v1/calls/${answered.id}`,
    );
    expect(call).toMatchObject({ status: 'COMPLETED', providerSid: expect.stringMatching(/^CA/), transcript: { status: 'COMPLETED' } });
    expect(new Set(call.utterances.map((u) => u.speaker))).toEqual(new Set(['AI', 'HUMAN']));
    expect(call.claims.length).toBeGreaterThan(0);
    const validated = reference.campaign.hypotheses.find((h) => h.status === 'VALIDATED')!;
    const hypothesis = await system.gateway.ok<{ status: string; usedClaimIds: string[]; claims: { id: string; callId: string }[] }>('GET', `/v1/hypotheses/${validated.id}`);
    expect(hypothesis.claims).toHaveLength(5);
    expect(new Set(hypothesis.claims.map((c) => c.callId)).size).toBe(5);
    expect(hypothesis.usedClaimIds.length).toBeGreaterThanOrEqual(3);
    const failed = reference.calls.find((c) => c.status === 'FAILED')!;
    expect(failed.failureReason).toContain('21211');
    expect(await duplicatesOf(reference.campaign.id)).toEqual([]);
  });

  it('reaches the same end state when every Twilio webhook comes three times, shuffled', async () => {
    system.simulator.state.setFault('twilio.calls.create', { duplicateWebhooks: 3, shuffleWebhooks: true });
    try {
      const result = await demo('+1555030');
      await expectDemoEndState(result);
      expect(await duplicatesOf(result.campaign.id)).toEqual([]);
      expect(await utteranceCounts(result.campaign.id)).toEqual(await utteranceCounts(reference.campaign.id));
      // Every copy was kept by the gateway (the audit trail), and changed nothing downstream.
      const kept = await system.query<{ n: number }>('gateway', `SELECT count(*)::int AS n FROM $schema.events WHERE payload->>'url' LIKE '%callId=%'`);
      expect(kept[0].n).toBeGreaterThan(3 * 10 * 3);
    } finally {
      system.simulator.state.setFault('twilio.calls.create', {});
    }
  });

  it('places exactly one real call per contact when telephony is SIGKILLed right after the provider accepted a call', async () => {
    // A number the provider accepts is held (the first call of a campaign can be the invalid number, refused).
    const held = '+15550400001';
    system.simulator.state.setFault('twilio.calls.create', { delayAnswerMs: 4_000, times: 1, to: held });
    const running = demo('+1555040');
    await expect.poll(() => callsTo(held).length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    await system.restart('telephony');
    const result = await running;
    await expectDemoEndState(result);
    // A real call is a create the provider accepted. The invalid number's create places nothing:
    // if it was in flight when telephony died, it is rightly asked again (see the next test).
    expect(callsTo(held)[0].status).toBe(201);
    const placed = callsTo('+1555040').filter((request) => request.status === 201).map((request) => String(request.body.To));
    const dialable = demoCampaign(undefined, '+1555040').contacts.map((contact) => contact.phone).filter((phone) => system.simulator.state.callees.get(phone)?.outcome !== 'invalid');
    expect(dialable).toHaveLength(11);
    expect(placed.sort()).toEqual(dialable.sort());
    expect(await duplicatesOf(result.campaign.id)).toEqual([]);
  });

  it('asks again, after a SIGKILL, for a held call the provider refused: the Call fails with its reason and nobody is phoned', async () => {
    const phone = '+15550450001';
    system.simulator.state.callees.set(phone, { outcome: 'invalid' });
    const draft = await system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', { name: 'refused while held', checklist: [], hypotheses: [], contacts: [{ phone }] });
    system.simulator.state.setFault('twilio.calls.create', { delayAnswerMs: 4_000, times: 1, to: phone });
    await system.gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`);
    await expect.poll(() => callsTo(phone).length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
    await system.restart('telephony');
    await expect.poll(async () => (await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`)).status, { timeout: 60_000, interval: 250 }).toBe('COMPLETED');
    const [call] = await system.gateway.ok<{ status: string; failureReason: string }[]>('GET', `/v1/campaigns/${draft.id}/calls`);
    expect(call).toMatchObject({ status: 'FAILED', failureReason: expect.stringContaining('21211') });
    // Its answer died with the process and the provider lists no call to the number, so the dialer
    // cannot tell a refused request from one that never arrived: it asks again, and is refused again.
    expect(callsTo(phone).map((request) => request.status)).toEqual([400, 400]);
  });

  it('completes without duplicate utterances or claims when transcription and claims are SIGKILLed mid-work', async () => {
    system.simulator.state.setFault('openai.transcriptions', { latencyMs: 3_000, times: 2 });
    const before = { speech: requestsOf('openai.transcriptions'), chat: requestsOf('openai.chat') };
    const running = demo('+1555050');
    await expect.poll(() => requestsOf('openai.transcriptions'), { timeout: 30_000, interval: 50 }).toBeGreaterThan(before.speech);
    system.simulator.state.setFault('openai.chat', { latencyMs: 3_000, times: 2 });
    await system.restart('transcription');
    await expect.poll(() => requestsOf('openai.chat'), { timeout: 60_000, interval: 50 }).toBeGreaterThan(before.chat);
    await system.restart('claims');
    const result = await running;
    await expectDemoEndState(result);
    expect(await duplicatesOf(result.campaign.id)).toEqual([]);
    expect(await utteranceCounts(result.campaign.id)).toEqual(await utteranceCounts(reference.campaign.id));
  });

  it('keeps at most 10 dials in any rate-limit window, for 40 contacts waiting longer than an ack wait', async () => {
    const prefix = '+1555060';
    const contacts = Array.from({ length: 40 }, (_, i) => ({ phone: `${prefix}${String(i + 1).padStart(4, '0')}` }));
    await fetch(`${system.simulator.baseUrl}/__admin/callees`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(contacts.map((c) => [c.phone, { outcome: 'busy' }]))),
    });
    const draft = await system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', { name: 'thirty', checklist: [], hypotheses: [], contacts });
    // The limiter's own record of the dialer's starts, which it keeps for a window: read often enough
    // to see each one. (The provider's arrival times are no measure of it on a loaded machine: a
    // window's ten starts come at once and their requests leave as the CPU gets to them.)
    const starts = new Map<string, number>();
    let completed = false;
    const watching = (async () => {
      while (!completed) {
        const rows = await system.query<{ row: string; at: Date }>('telephony', `SELECT ctid::text AS row, started_at AS at FROM $schema.rate_limit_starts WHERE key = $1`, [`dial:${draft.id}`]);
        for (const { row, at } of rows) starts.set(`${row}@${at.getTime()}`, at.getTime());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await system.gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`);
    try {
      await expect.poll(async () => (await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`)).status, { timeout: 60_000, interval: 250 }).toBe('COMPLETED');
    } finally {
      completed = true;
      await watching;
    }
    const times = [...starts.values()].sort((a, b) => a - b);
    expect(times).toHaveLength(40);
    const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + DIAL_WINDOW_MS).length));
    expect(busiest).toBeLessThanOrEqual(10);
    // And the provider was asked 40 times, throttled: four windows' worth of dials span three windows.
    const requests = callsTo(prefix).map((r) => Date.parse(r.at)).sort((a, b) => a - b);
    expect(requests).toHaveLength(40);
    expect(requests[39] - requests[0]).toBeGreaterThanOrEqual(3 * DIAL_WINDOW_MS - 1_000);
  });

  it('waits what a 429 from the LLM says in Retry-After, then succeeds', async () => {
    const prefix = '+1555070';
    const MARKER = 'Clinics book by phone, asked of a rate-limited model';
    const phone = `${prefix}0001`;
    system.simulator.state.callees.set(phone, {
      outcome: 'completed',
      dialogue: [
        { speaker: 'agent', text: 'How do patients book appointments today?' },
        { speaker: 'callee', text: 'Well, at Maple nearly every booking comes through our front desk phone line.' },
      ],
    });
    const draft = await system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', {
      name: 'rate limited model',
      checklist: ['How do patients book appointments today?'],
      hypotheses: [{ key: 'phone-booking', statement: MARKER }],
      contacts: [{ phone }],
    });
    system.simulator.state.setFault('openai.chat', { status: 429, retryAfterSeconds: 2, times: 1 });
    await system.gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`);
    await expect.poll(async () => (await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`)).status, { timeout: 60_000, interval: 250 }).toBe('COMPLETED');
    const chats = system.simulator.state.requests.filter((r) => r.endpoint === 'openai.chat' && JSON.stringify(r.body).includes(MARKER));
    expect(chats.length).toBeGreaterThanOrEqual(2);
    expect(Date.parse(chats[1].at) - Date.parse(chats[0].at)).toBeGreaterThanOrEqual(2_000);
    const campaign = await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`);
    expect(campaign.claims).toBe(1);
  });

  it('asks the provider about a call whose final callback never came, once its deadline passes', async () => {
    const phone = '+15550800001';
    system.simulator.state.callees.set(phone, { outcome: 'no-answer' });
    system.simulator.state.setFault('twilio.calls.create', { dropStatusCallbacks: true, times: 1 });
    const draft = await system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', { name: 'lost callbacks', checklist: [], hypotheses: [], contacts: [{ phone }] });
    const launchedAt = Date.now();
    await system.gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`);
    await expect.poll(async () => (await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`)).status, { timeout: 30_000, interval: 250 }).toBe('COMPLETED');
    expect(Date.now() - launchedAt).toBeGreaterThanOrEqual(RECONCILE_AFTER_MS);
    const [call] = await system.gateway.ok<{ status: string; providerSid: string }[]>('GET', `/v1/campaigns/${draft.id}/calls`);
    expect(call.status).toBe('NO_ANSWER');
    expect(system.simulator.state.requests.some((r) => r.endpoint === 'twilio.calls.fetch' && r.path.includes(call.providerSid))).toBe(true);
  });

  it("completes a campaign whose answered call's recording never comes, with the reason as that call's outcome", async () => {
    const phone = '+15550850001';
    system.simulator.state.callees.set(phone, { outcome: 'completed', recording: 'none' });
    const draft = await system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', {
      name: 'no recording',
      checklist: [],
      hypotheses: [{ key: 'phone-booking', statement: 'Clinics book by phone' }],
      contacts: [{ phone }],
    });
    const launchedAt = Date.now();
    await system.gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`);
    await expect.poll(async () => (await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`)).status, { timeout: 30_000, interval: 250 }).toBe('COMPLETED');
    expect(Date.now() - launchedAt).toBeGreaterThanOrEqual(RECORDING_DEADLINE_MS);
    const [call] = await system.gateway.ok<{ status: string; providerSid: string; failureReason: string }[]>('GET', `/v1/campaigns/${draft.id}/calls`);
    expect(call).toMatchObject({ status: 'COMPLETED', failureReason: expect.stringContaining('no recording') });
    expect(system.simulator.state.requests.some((r) => r.endpoint === 'twilio.recordings.list' && r.path.includes(call.providerSid))).toBe(true);
    const [outcome] = await system.query<{ outcome: string; outcome_reason: string }>('claims', 'SELECT outcome, outcome_reason FROM $schema.campaign_calls WHERE campaign_id = $1', [draft.id]);
    expect(outcome).toMatchObject({ outcome: 'FAILED', outcome_reason: expect.stringContaining('no recording') });
  });

  it('shows every step of a campaign, from the launch request to the verdict, in the trace the launch started', async () => {
    const prefix = '+1555100';
    system.simulator.loadScenario(demoSimulatorScenario(prefix) as never);
    const { contacts, ...rest } = demoCampaign('traced', prefix);
    const draft = await system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', { ...rest, contacts: contacts.slice(0, 3) });
    const traceId = randomBytes(16).toString('hex');
    await system.gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`, undefined, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    await expect.poll(async () => (await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`)).status, { timeout: 60_000, interval: 250 }).toBe('COMPLETED');
    const steps = [
      ['claims', 'receive claims.campaign.launch'],
      ['telephony', 'process claims.campaign.launched.v1'],
      ['telephony', 'process telephony.call.dial-requested.v1'],
      ['transcription', 'process telephony.call.recording-available.v1'],
      ['claims', 'process transcription.transcript.completed.v1'],
      ['claims', 'process claims.hypothesis.validation-due.v1'],
      ['claims', 'process telephony.call.ended.v1'],
    ];
    await expect
      .poll(() => steps.filter(([service, name]) => !traces.trace(traceId).some((span) => span.service === service && span.name === name)), { timeout: 15_000, interval: 250 })
      .toEqual([]);
    expect(new Set(traces.trace(traceId).map((span) => span.service))).toEqual(new Set(['gateway', 'claims', 'telephony', 'transcription']));
  });

  it('records what no retry can fix as a failed extraction (no hypotheses; a transcript under 50 characters), and still completes', async () => {
    const talkative = '+15551100001';
    const terse = '+15551100002';
    system.simulator.state.callees.set(talkative, {
      outcome: 'completed',
      dialogue: [
        { speaker: 'agent', text: 'How do patients book appointments today?' },
        { speaker: 'callee', text: 'Well, at Maple nearly every booking comes through our front desk phone line.' },
      ],
    });
    system.simulator.state.callees.set(terse, { outcome: 'completed', dialogue: [{ speaker: 'agent', text: 'Hi.' }, { speaker: 'callee', text: 'No.' }] });
    const campaigns = await Promise.all([
      system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', { name: 'no hypotheses', checklist: [], hypotheses: [], contacts: [{ phone: talkative }] }),
      system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', {
        name: 'terse',
        checklist: [],
        hypotheses: [{ key: 'phone-booking', statement: 'Clinics book by phone' }],
        contacts: [{ phone: terse }],
      }),
    ]);
    const reasons: string[] = [];
    for (const campaign of campaigns) {
      await system.gateway.ok('POST', `/v1/campaigns/${campaign.id}/launch`);
      await expect.poll(async () => (await system.gateway.ok<CampaignStatus>('GET', `/v1/campaigns/${campaign.id}`)).status, { timeout: 30_000, interval: 250 }).toBe('COMPLETED');
      const [call] = await system.gateway.ok<{ id: string }[]>('GET', `/v1/campaigns/${campaign.id}/calls`);
      const detail = await system.gateway.ok<{ transcript: { status: string }; claimExtraction: { status: string; reason: string } }>('GET', `/v1/calls/${call.id}`);
      expect(detail.transcript.status).toBe('COMPLETED');
      expect(detail.claimExtraction.status).toBe('FAILED');
      reasons.push(detail.claimExtraction.reason);
    }
    expect(reasons[0]).toContain('no hypotheses');
    expect(reasons[1]).toContain('under 50 characters');
  });

  it("judges a reopened hypothesis again on its evidence, and refuses to reopen one that is not decided", async () => {
    const inconclusive = reference.campaign.hypotheses.find((h) => h.status === 'INCONCLUSIVE')!;
    const before = await system.gateway.ok<{ decidedAt: string }>('GET', `/v1/hypotheses/${inconclusive.id}`);
    const reopened = await system.gateway.request<{ status: string }>('POST', `/v1/hypotheses/${inconclusive.id}/reopen`, { reason: 'second look' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('OPEN');
    expect((await system.gateway.request('POST', `/v1/hypotheses/${inconclusive.id}/reopen`, {})).status).toBe(409);
    await expect
      .poll(async () => (await system.gateway.ok<{ status: string; decidedAt: string }>('GET', `/v1/hypotheses/${inconclusive.id}`)).status, { timeout: 30_000, interval: 250 })
      .toBe('INCONCLUSIVE');
    const after = await system.gateway.ok<{ decidedAt: string }>('GET', `/v1/hypotheses/${inconclusive.id}`);
    expect(Date.parse(after.decidedAt)).toBeGreaterThan(Date.parse(before.decidedAt));
  });

  it('refuses a forged Twilio webhook with 403 and records nothing', async () => {
    const count = async () => (await system.query<{ n: number }>('gateway', 'SELECT count(*)::int AS n FROM $schema.events'))[0].n;
    const before = await count();
    const url = `${system.gateway.baseUrl}/webhooks/twilio/voice/status?callId=${reference.calls[0].id}`;
    const params = { AccountSid: 'AC1', CallSid: 'CAforged', CallStatus: 'completed' };
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature('not-the-token', url, params) },
      body: new URLSearchParams(params),
    });
    expect(response.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('answers bad REST requests with problem+json naming what is wrong', async () => {
    const body = { name: 'x', checklist: [], hypotheses: [{ key: 'k', statement: 's' }], contacts: [{ phone: '+15551230001' }, { phone: '555-1234' }] };
    const invalid = await system.gateway.request<{ errors: { field: string }[] }>('POST', '/v1/campaigns', body);
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body.errors.map((e) => e.field)).toContain('contacts[1].phone');
    const missing = await system.gateway.request('GET', '/v1/campaigns/01a20000-0000-7000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect((await fetch(`${system.gateway.baseUrl}/v1/campaigns/${reference.campaign.id}`)).status).toBe(401);
    expect((await fetch(`${system.gateway.baseUrl}/v1/campaigns/${reference.campaign.id}`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(403);
  });
});
