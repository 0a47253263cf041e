import { type EventEnvelope, newEventId, twilioWebhookReceived } from '@switchboard/contracts';
import { DurableTimers, FailedAttempts } from '@switchboard/durable';
import { DEAD_LETTER_HEADERS, names } from '@switchboard/eventing';
import { headers as natsHeaders } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleGateway, OPERATOR, READER } from '../test-support/console-gateway.js';

const gateway = new ConsoleGateway();
const { ns } = gateway;
beforeAll(() => gateway.start(), 60_000);
afterAll(() => gateway.stop());

const get = (path: string, key?: string) => gateway.get(path, key);
const post = (path: string, body: object, key?: string) => gateway.post(path, body, key);
const publish: ConsoleGateway['publish'] = (...args) => gateway.publish(...args);

describe('the runs read model and its API', () => {
  const campaignId = newEventId();

  it('shows a run from its first event, follows its steps across domains and keeps its timeline in causal order', async () => {
    const created = await publish('claims.campaign.created', { campaignId, name: 'Console study', contacts: [{ phone: '+15550001234' }] }, campaignId);
    const queued = await publish('telephony.call.queued', { callId: 'call-1', campaignId, phone: '+15550009876' }, campaignId, {
      causationId: created.id,
      // The telephony clock is behind: causation still orders it after the campaign's creation.
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
    });
    await expect
      .poll(async () => (await get(`/v1/console/runs?kind=call-research&q=${campaignId}`)).body.runs, { timeout: 20_000 })
      .toEqual([expect.objectContaining({ runId: campaignId, kind: 'call-research', status: 'RUNNING', currentStep: 'drafted', label: 'Console study' })]);
    await expect.poll(async () => (await get(`/v1/console/runs/${campaignId}`)).body.timeline?.length, { timeout: 20_000 }).toBe(2);
    const { body: detail } = await get(`/v1/console/runs/${campaignId}`);
    expect(detail.timeline.map((e: EventEnvelope) => e.type)).toEqual(['claims.campaign.created', 'telephony.call.queued']);
    expect(detail.timeline[1]).toMatchObject({ eventId: queued.id, causationId: created.id, domain: 'telephony' });
    expect(JSON.stringify(detail.timeline)).not.toContain('5550009876');
    expect(detail.timeline[1].payload.phone).toBe('+•••••••••76');
    expect(detail.trace).toEqual({ traceId: 'ab'.repeat(16), url: `http://jaeger.test:16686/trace/${'ab'.repeat(16)}` });
  });

  it('finds a run by the last four digits of a phone number and ends it as its kind declares', async () => {
    expect((await get('/v1/console/runs?q=9876')).body.runs.map((r: { runId: string }) => r.runId)).toContain(campaignId);
    await publish('claims.campaign.completed', { campaignId }, campaignId);
    await expect.poll(async () => (await get(`/v1/console/runs?status=COMPLETED&q=${campaignId}`)).body.runs.length, { timeout: 20_000 }).toBe(1);
    const csv = await get(`/v1/console/runs/export.csv?q=${campaignId}`);
    expect(csv.body).toMatch(new RegExp(`^runId,kind,status,.*\\n${campaignId},call-research,COMPLETED,Console study,`));
  });

  it('pages with a cursor and refuses a bad filter naming the field', async () => {
    const others = await Promise.all([1, 2, 3].map(async () => {
      const id = newEventId();
      await publish('claims.campaign.created', { campaignId: id, name: 'paging' }, id);
      return id;
    }));
    await expect.poll(async () => (await get('/v1/console/runs?q=paging')).body.runs.length, { timeout: 20_000 }).toBe(3);
    const first = await get('/v1/console/runs?q=paging&limit=2');
    const second = await get(`/v1/console/runs?q=paging&limit=2&cursor=${first.body.next}`);
    expect([...first.body.runs, ...second.body.runs].map((r: { runId: string }) => r.runId).sort()).toEqual(others.sort());
    expect(second.body.next).toBeUndefined();
    const bad = await get('/v1/console/runs?status=LOST&limit=9999');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/status/);
  });
});

describe("a run's waits and attempts, as the services' ops APIs tell them", () => {
  it('shows a debounce with its deadline and latest firing, and each failed attempt with its error and next retry', async () => {
    const runId = newEventId();
    const created = await publish('claims.campaign.created', { campaignId: runId, name: 'Attempts study' }, runId);
    await expect.poll(async () => (await get(`/v1/console/runs/${runId}`)).status, { timeout: 20_000 }).toBe(200);
    const event = twilioWebhookReceived.create({ kind: 'voice-status', url: 'http://debounce.test', params: {} });
    await gateway.app.get(DurableTimers).debounce({ key: `validate-${runId}`, streamId: `hypothesis-${runId}`, event, correlationId: runId }, { quietMs: 60_000, maxWaitMs: 600_000 });
    const log = new FailedAttempts(ns.pool, ns.schema('gateway'));
    const failedAt = new Date();
    const attempt = { consumer: 'claims-progress', eventId: created.id, eventType: created.type, correlationId: runId, failedAt };
    await log.record({ ...attempt, attempt: 1, error: 'Error: provider down', nextAttemptAt: new Date(failedAt.getTime() + 1_000) });
    await log.record({ ...attempt, attempt: 2, error: 'Error: still down', nextAttemptAt: null });

    const { body: detail } = await get(`/v1/console/runs/${runId}`);
    const [debounced] = detail.waits.debounced;
    expect(new Date(debounced.latestFireAt).getTime() - new Date(debounced.firstScheduledAt).getTime()).toBe(600_000);
    // Asked of "research" over its /ops/attempts (the gateway's own API stands in for it).
    expect(detail.attempts.filter((a: { service: string }) => a.service === 'research')).toEqual([
      expect.objectContaining({ eventId: created.id, attempt: 1, error: 'Error: provider down', nextAttemptAt: expect.any(String) }),
      expect.objectContaining({ eventId: created.id, attempt: 2, error: 'Error: still down', nextAttemptAt: null }),
    ]);
    expect((await get(`/ops/attempts?run=${runId}`, OPERATOR)).body).toHaveLength(2);
    expect((await get('/ops/attempts', OPERATOR)).status).toBe(400);
    await gateway.app.get(DurableTimers).cancel(`validate-${runId}`);
  });
});

describe('dead letters, roles and the audit trail', () => {
  async function park(subject: string, body: object, eventId?: string): Promise<number> {
    const h = natsHeaders();
    if (eventId) h.set(DEAD_LETTER_HEADERS.eventId, eventId);
    h.set(DEAD_LETTER_HEADERS.reason, 'attempts-exhausted');
    h.set(DEAD_LETTER_HEADERS.error, 'Error: provider down');
    h.set(DEAD_LETTER_HEADERS.attempts, '3');
    h.set(DEAD_LETTER_HEADERS.consumer, `${ns.namespace}_claims-progress`);
    h.set(DEAD_LETTER_HEADERS.subject, names.wireSubject(ns.namespace, subject));
    h.set(DEAD_LETTER_HEADERS.attemptErrors, JSON.stringify([1, 2, 3].map((attempt) => ({ attempt, error: `Error: provider down (${attempt})` }))));
    const ack = await gateway.nats.jetstream().publish(names.deadLetterSubject(ns.namespace, 'claims-progress'), JSON.stringify(body), { headers: h });
    return ack.seq;
  }

  it('lists a dead letter with every attempt, refuses a read-only key its redrive, and redrives it for an operator', async () => {
    const campaignId = newEventId();
    const ended = await publish('telephony.call.ended', { callId: 'c-9', campaignId, status: 'COMPLETED' }, campaignId);
    const seq = await park('telephony.call.ended.v1', { ...ended, payload: { phone: '+15550004321' }, campaignId }, ended.id);
    // The run's page lists it among its dead letters.
    await expect.poll(async () => (await get(`/v1/console/runs/${campaignId}`)).body.deadLetters?.map((l: { seq: number }) => l.seq), { timeout: 20_000 }).toEqual([seq]);
    const { body: letters } = await get('/v1/console/dead-letters?consumer=claims-progress');
    expect(letters).toEqual(expect.arrayContaining([expect.objectContaining({ seq, reason: 'attempts-exhausted', attempts: 3 })]));
    const { body: letter } = await get(`/v1/console/dead-letters/${seq}`);
    expect(letter.attemptErrors).toHaveLength(3);
    expect(JSON.stringify(letter.payload)).not.toContain('5550004321');

    const forged = await post(`/v1/console/dead-letters/${seq}/redrive`, { reason: 'forged' }, READER);
    expect(forged.status).toBe(403);
    expect((await get('/v1/console/audit/me')).body.role).toBe('reader');
    expect((await get('/v1/console/audit/me', OPERATOR)).body.role).toBe('operator');

    const redriven = await post(`/v1/console/dead-letters/${seq}/redrive`, { reason: 'provider is back' });
    expect(redriven).toMatchObject({ status: 200, body: { redriven: true, removed: true } });
    expect((await get(`/v1/console/dead-letters/${seq}`)).status).toBe(404);
    // Back on its subject: the telephony stream holds it again, for every consumer of that subject.
    const jsm = await gateway.nats.jetstreamManager();
    const last = await jsm.streams.getMessage(names.domainStreamName(ns.namespace, 'telephony'), { last_by_subj: names.wireSubject(ns.namespace, 'telephony.call.ended.v1') });
    expect(last.json<{ campaignId: string }>().campaignId).toBe(campaignId);

    const { body: audit } = await get('/v1/console/audit');
    expect(audit[0]).toMatchObject({ action: 'dead-letter.redrive', target: `dead letter #${seq}`, reason: 'provider is back', outcome: 'redriven' });
    expect(audit[0].actor).toMatch(/^key:[0-9a-f]{12}$/);
    expect(JSON.stringify(audit)).not.toContain('forged');
  });

  it('discards with a reason only, and redrives all matching with progress, each recorded', async () => {
    const discardMe = await park('claims.x.y.v1', { n: 0 });
    expect((await post(`/v1/console/dead-letters/${discardMe}/discard`, {})).status).toBe(400);
    expect((await post(`/v1/console/dead-letters/${discardMe}/discard`, { reason: 'test data' })).status).toBe(200);
    await Promise.all([1, 2, 3].map((n) => park('claims.bulk.redrive.v1', { n })));
    const started = await post('/v1/console/dead-letters/redrive', { subject: 'claims.bulk', reason: 'bulk' });
    expect(started).toMatchObject({ status: 202, body: { total: 3 } });
    await expect.poll(async () => (await get(`/v1/console/jobs/${started.body.id}`)).body, { timeout: 20_000 }).toMatchObject({ state: 'finished', done: 3, failed: 0, skipped: 0 });
    expect((await get('/v1/console/dead-letters?subject=claims.bulk')).body).toEqual([]);
    await expect.poll(async () => (await get('/v1/console/audit')).body.slice(0, 2).map((a: { action: string; outcome: string }) => `${a.action}: ${a.outcome}`), { timeout: 10_000 }).toEqual([
      'dead-letters.redrive-matching: 3 of 3 redriven',
      'dead-letter.discard: discarded',
    ]);
  });
});

describe('consumers and their replay', () => {
  it("lists the console's own consumers with their lag, and replays one for an operator only, recorded", async () => {
    const { body: consumers } = await get('/v1/console/operations/consumers');
    const claims = consumers.find((c: { consumer: string }) => c.consumer === names.consumerName(ns.namespace, 'gateway-console-claims'));
    expect(claims).toMatchObject({ pending: expect.any(Number), ackPending: expect.any(Number), redelivered: expect.any(Number) });
    const request = { consumer: 'gateway-console-claims', fromSequence: 1, reason: 'rebuild' };
    expect((await post('/v1/console/operations/replay', request, READER)).status).toBe(403);
    expect((await post('/v1/console/operations/replay', { consumer: 'gateway-console-claims' })).status).toBe(400);
    const replayed = await post('/v1/console/operations/replay', request);
    expect(replayed).toMatchObject({ status: 200, body: { generation: 1, pending: expect.any(Number) } });
    expect(replayed.body.pending).toBeGreaterThan(0);
    const { body: audit } = await get('/v1/console/audit');
    expect(audit[0]).toMatchObject({ action: 'consumer.replay', target: 'gateway-console-claims from sequence 1', reason: 'rebuild' });
    // Replayed events are kept once: the run list does not double.
    await expect.poll(async () => (await get('/v1/console/runs?q=paging')).body.runs.length, { timeout: 20_000 }).toBe(3);
  });
});

describe('crons run now', () => {
  it("fires a service's repeating timer over its ops API for an operator only, keeps its next firing, and records it", async () => {
    const timers = gateway.app.get(DurableTimers);
    const key = `console-cron-${newEventId()}`;
    await timers.every({ key, streamId: key, event: twilioWebhookReceived.create({ kind: 'voice-status', url: 'http://cron.test', params: {} }) }, 24 * 3_600_000);
    const slot = (await timers.pending(1_000)).find((timer) => timer.key === key)!.fireAt;
    const firings = async () => (await ns.pool.query(`SELECT 1 FROM "${ns.schema('gateway')}".events WHERE stream_id = $1`, [key])).rowCount;
    const request = { service: 'research', key, reason: 'renew the watches now' };

    expect((await post('/v1/console/operations/crons/run-now', request, READER)).status).toBe(403);
    expect((await post('/v1/console/operations/crons/run-now', { ...request, key: 'no-such-cron' })).status).toBe(404);
    expect((await post('/v1/console/operations/crons/run-now', { ...request, service: 'nowhere' })).status).toBe(400);
    await timers.scheduleAfter({ key: `${key}-once`, streamId: key, event: twilioWebhookReceived.create({ kind: 'voice-status', url: 'http://cron.test', params: {} }) }, 3_600_000);
    expect((await post('/v1/console/operations/crons/run-now', { ...request, key: `${key}-once` })).status).toBe(409);
    await timers.cancel(`${key}-once`);
    expect(await firings()).toBe(0);

    const fired = await post('/v1/console/operations/crons/run-now', request);
    expect(fired).toMatchObject({ status: 200, body: { service: 'research', key, eventType: 'gateway.twilio-webhook.received', nextFireAt: slot.toISOString() } });
    expect(await firings()).toBe(1);
    expect((await timers.pending(1_000)).find((timer) => timer.key === key)!.fireAt).toEqual(slot);
    const { body: audit } = await get('/v1/console/audit');
    expect(audit[0]).toMatchObject({ action: 'cron.run-now', target: `research cron ${key}`, reason: 'renew the watches now', affected: 1 });
    expect(audit[0].actor).toMatch(/^key:[0-9a-f]{12}$/);
    await timers.cancel(key);
  });
});

describe('the page and the live tail', () => {
  it('serves the console page, its script and style without a key, from the gateway itself', async () => {
    const html = await fetch(`${gateway.base}/console`);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toContain('<script src="/console/app.js" defer></script>');
    const script = await (await fetch(`${gateway.base}/console/app.js`)).text();
    expect(script).toMatch(
      /^\(function consoleClient\(actionsOf, runOf, operationsOf\) \{[^]*\}\)\(function consoleActions\(kit\) \{[^]*\}, function consoleRun\(kit\) \{[^]*\}, function consoleOperations\(kit\) \{[^]*\}\);\n$/,
    );
    expect(script).not.toMatch(/\bimport\b|\brequire\(/);
  });

  it('streams each new event of a run as a server-sent event', async () => {
    const runId = newEventId();
    const controller = new AbortController();
    const response = await fetch(`${gateway.base}/v1/console/events/live?run=${runId}`, { headers: { authorization: `Bearer ${READER}` }, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: ready')) text += (await reader.read()).value ?? '';
    const event = await publish('claims.campaign.created', { campaignId: runId, name: 'live' }, runId);
    const deadline = Date.now() + 20_000;
    while (!text.includes(event.id) && Date.now() < deadline) text += (await reader.read()).value ?? '';
    controller.abort();
    expect(text).toContain(`"eventId":"${event.id}"`);
  });
});
