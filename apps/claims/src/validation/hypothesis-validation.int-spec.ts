import type { INestApplication } from '@nestjs/common';
import { claimsExtracted, callEnded, type EventDefinition, hypothesisValidationDue, newEventId, transcriptCompleted } from '@switchboard/contracts';
import { runMigrations } from '@switchboard/event-store';
import { EventingRuntime, JetStreamProvisioner, names } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { ProviderSimulator, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsApp } from '../claims.app.js';
import { claimsMigrations } from '../claims.migrations.js';
import { VALIDATION_DEBOUNCE } from '../progress/campaign-progress.js';

const ns = new TestNamespace();
const schema = ns.schema('claims');
/** How long the model takes to judge the first time: time enough for another call's claims to arrive meanwhile. */
const SLOW_JUDGEMENT_MS = 20_000;
let simulator: ProviderSimulator;
let app: INestApplication;
let nats: NatsConnection;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: claimsMigrations });
  simulator = await ProviderSimulator.start({ port: 0 });
  simulator.chats.scripts.push(
    {
      whenPromptContains: 'Transcript:',
      reply: { claims: [{ statement: 'We open at eight', hypothesis: 'H1', stance: 'supports', confidence: 0.9, evidenceStart: 0, evidenceEnd: 3 }] },
    },
    { whenPromptContains: 'Judge hypothesis', reply: { consistency: 'supported', conclusion: 'Clinics open early.' } },
  );
  nats = await ns.natsConnection();
  const provisioner = new JetStreamProvisioner(await nats.jetstreamManager(), { namespace: ns.namespace });
  for (const domain of ['telephony', 'transcription']) await provisioner.ensureDomainStream(domain);
  ({ app } = await createServiceApp(claimsApp, { ...process.env, ...ns.env({ LOG_LEVEL: 'error', SIMULATOR_URL: simulator.baseUrl }) }));
  await app.init();
  await app.get(EventingRuntime).ready;
});
afterAll(async () => {
  await app?.close();
  await simulator?.stop();
  await ns.dispose();
});

async function command<T>(name: string, payload: unknown): Promise<T> {
  const reply = await nats.request(names.commandSubject(ns.namespace, name), JSON.stringify(payload), { timeout: 15_000 });
  const answer = reply.json<{ ok: boolean; result: T; error?: unknown }>();
  if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
  return answer.result;
}

/** What telephony and transcription would publish about a call, straight onto their streams. */
async function publish<P>(definition: EventDefinition<P>, streamId: string, campaignId: string, payload: P): Promise<void> {
  const id = newEventId();
  const envelope = {
    id,
    type: definition.type,
    version: definition.version,
    streamId,
    streamPosition: 1,
    occurredAt: new Date().toISOString(),
    correlationId: campaignId,
    causationId: id,
    producer: 'test',
    payload,
  };
  await nats.jetstream().publish(names.wireSubject(ns.namespace, definition.subject), JSON.stringify(envelope), { msgID: id });
}

async function callAnswered(campaignId: string, callId: string): Promise<void> {
  await publish(callEnded, `call-${callId}`, campaignId, { callId, campaignId, status: 'COMPLETED', durationSeconds: 42 });
  await publish(transcriptCompleted, `transcript-${callId}`, campaignId, {
    callId,
    campaignId,
    text: 'We open at eight every weekday morning, and on Saturdays too.',
    utterances: [{ speaker: 'HUMAN', text: 'We open at eight every weekday morning, and on Saturdays too.', start: 0, end: 3 }],
    durationSeconds: 42,
  });
}

const query = async <R>(sql: string, params: unknown[]): Promise<R[]> => (await ns.pool.query(sql, params)).rows as R[];
const callsWithClaims = async (hypothesisId: string) =>
  (await query<{ n: number }>(`SELECT count(DISTINCT call_id)::int AS n FROM "${schema}".claims WHERE hypothesis_id = $1`, [hypothesisId]))[0].n;
const judgementsAsked = () =>
  simulator.state.requests.filter((r) => r.endpoint === 'openai.chat' && JSON.stringify(r.body).includes('Judge hypothesis')).length;

describe('hypothesis validation', () => {
  it('a claim that arrives while the hypothesis is being judged is judged too before the campaign completes', async () => {
    const created = await command<{ id: string }>('claims.campaign.create', {
      name: 'opening hours',
      checklist: ['When do you open?'],
      hypotheses: [{ key: 'H1', statement: 'Clinics open before nine' }],
      contacts: ['+15551230001', '+15551230002', '+15551230003', '+15551230004'].map((phone) => ({ phone })),
    });
    const campaignId = created.id;
    await command('claims.campaign.launch', { campaignId });
    const callIds = (await query<{ call_id: string }>(`SELECT call_id FROM "${schema}".campaign_calls WHERE campaign_id = $1 ORDER BY call_id`, [campaignId])).map(
      (row) => row.call_id,
    );
    expect(callIds).toHaveLength(4);
    const [{ hypothesis_id: hypothesisId }] = await query<{ hypothesis_id: string }>(`SELECT hypothesis_id FROM "${schema}".hypotheses WHERE campaign_id = $1`, [
      campaignId,
    ]);

    for (const callId of callIds.slice(0, 3)) await callAnswered(campaignId, callId);
    await expect.poll(() => callsWithClaims(hypothesisId), { timeout: 30_000 }).toBe(3);
    // The judgement of three calls' claims is slow; the fourth call's claim arrives while it runs.
    simulator.state.setFault('openai.chat', { latencyMs: SLOW_JUDGEMENT_MS, times: 1 });
    await expect.poll(judgementsAsked, { timeout: 30_000 }).toBe(1);
    await callAnswered(campaignId, callIds[3]);
    await expect.poll(() => callsWithClaims(hypothesisId), { timeout: 15_000 }).toBe(4);
    const [{ status: whileJudging }] = await query<{ status: string }>(`SELECT status FROM "${schema}".hypotheses WHERE hypothesis_id = $1`, [hypothesisId]);
    expect(whileJudging, 'the fourth claim must arrive before the first judgement ends').toBe('OPEN');

    await expect
      .poll(async () => (await query<{ status: string }>(`SELECT status FROM "${schema}".campaigns WHERE campaign_id = $1`, [campaignId]))[0].status, {
        timeout: 90_000,
        interval: 250,
      })
      .toBe('COMPLETED');
    const claimIds = (await query<{ claim_id: string }>(`SELECT claim_id FROM "${schema}".claims WHERE hypothesis_id = $1`, [hypothesisId])).map((r) => r.claim_id);
    const [{ used_claim_ids: used }] = await query<{ used_claim_ids: string[] }>(`SELECT used_claim_ids FROM "${schema}".hypotheses WHERE hypothesis_id = $1`, [
      hypothesisId,
    ]);
    expect([...used].sort()).toEqual([...claimIds].sort());
    expect(judgementsAsked()).toBe(2);
  }, 180_000);

  it('once every call is settled, a validation waiting for its quiet period is judged at once and the campaign completes', async () => {
    const created = await command<{ id: string }>('claims.campaign.create', {
      name: 'opening hours, all answered',
      checklist: ['When do you open?'],
      hypotheses: [{ key: 'H1', statement: 'Clinics open before nine' }],
      contacts: ['+15551240001', '+15551240002', '+15551240003'].map((phone) => ({ phone })),
    });
    const campaignId = created.id;
    await command('claims.campaign.launch', { campaignId });
    const callIds = (await query<{ call_id: string }>(`SELECT call_id FROM "${schema}".campaign_calls WHERE campaign_id = $1`, [campaignId])).map((r) => r.call_id);
    for (const callId of callIds) await callAnswered(campaignId, callId);
    await expect
      .poll(async () => (await query<{ status: string }>(`SELECT status FROM "${schema}".campaigns WHERE campaign_id = $1`, [campaignId]))[0].status, {
        timeout: 90_000,
        interval: 250,
      })
      .toBe('COMPLETED');
    const at = async (type: string) =>
      (
        await query<{ t: Date }>(`SELECT max(occurred_at) AS t FROM "${schema}".events WHERE type = $1 AND payload->>'campaignId' = $2`, [type, campaignId])
      )[0].t.getTime();
    // The debounce alone would fire a quiet period after the last claims at the earliest: nothing
    // could come after them, so the validation did not wait for it.
    expect((await at(hypothesisValidationDue.type)) - (await at(claimsExtracted.type))).toBeLessThan(VALIDATION_DEBOUNCE.quietMs);
  }, 180_000);
});
