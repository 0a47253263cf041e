import { newEventId } from '@switchboard/contracts';
import { names } from '@switchboard/eventing';
import { AckPolicy } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleGateway, READER } from '../../test-support/console-gateway.js';

const gateway = new ConsoleGateway();
const { ns } = gateway;
beforeAll(() => gateway.start(), 60_000);
afterAll(() => gateway.stop());

const get = (path: string, key?: string) => gateway.get(path, key);
const post = (path: string, body: object, key?: string) => gateway.post(path, body, key);
const publish: ConsoleGateway['publish'] = (...args) => gateway.publish(...args);

describe('cancelling runs matching a filter', () => {
  /** Claims' answer to a cancel command, as its command responder gives it: who was canceled, and why. */
  function answer(command: string, canceled: string[]) {
    return gateway.nats.subscribe(names.commandSubject(ns.namespace, command), {
      callback: (_error, message) => {
        const body = message.json<{ jobId?: string; campaignId?: string; reason?: string }>();
        canceled.push(`${body.jobId ?? body.campaignId} ${body.reason ?? ''}`.trim());
        message.respond(JSON.stringify({ ok: true, result: { id: body.jobId ?? body.campaignId, status: 'CANCELED' } }));
      },
    });
  }

  it("cancels each running run through its kind's cancel, skips with why what has none or has ended, shows progress, and records it", async () => {
    const from = new Date().toISOString();
    const canceled: string[] = [];
    const responders = [answer('claims.scoring.job.cancel', canceled), answer('claims.campaign.cancel', canceled)];
    const [job, finishedJob, campaign, task] = [newEventId(), newEventId(), newEventId(), newEventId()];
    for (const jobId of [job, finishedJob]) await publish('claims.scoring-job.created', { jobId, fileName: 'bulk.csv' }, jobId);
    await publish('claims.scoring-job.finished', { jobId: finishedJob, outcome: 'COMPLETED' }, finishedJob);
    await publish('claims.campaign.created', { campaignId: campaign, name: 'bulk cancel' }, campaign);
    await publish('tasks.task.created', { taskId: task, severity: 'HIGH', actionType: 'call-back' }, task);
    await expect.poll(async () => (await get(`/v1/console/runs?from=${from}`)).body.runs.map((r: { status: string }) => r.status).sort(), { timeout: 20_000 }).toEqual([
      'COMPLETED',
      'RUNNING',
      'RUNNING',
      'RUNNING',
    ]);

    expect((await post('/v1/console/runs/cancel', { from, reason: 'forged' }, READER)).status).toBe(403);
    expect((await post('/v1/console/runs/cancel', { from: 42 })).status).toBe(400);
    const started = await post('/v1/console/runs/cancel', { from, reason: 'wrong rubric' });
    expect(started).toMatchObject({ status: 202, body: { action: 'runs.cancel-matching', total: 4 } });
    await expect.poll(async () => (await get(`/v1/console/jobs/${started.body.id}`)).body, { timeout: 20_000 }).toMatchObject({
      state: 'finished',
      done: 2,
      skipped: 2,
      failed: 0,
      skips: { 'care-task runs have no cancel': 1, 'already COMPLETED': 1 },
    });
    expect(canceled.sort()).toEqual([`${campaign} wrong rubric`, job].sort());
    responders.forEach((responder) => responder.unsubscribe());
    // Finished means recorded: the audit trail has it as soon as the job says so.
    expect((await get('/v1/console/audit')).body[0]).toMatchObject({
      action: 'runs.cancel-matching',
      target: `runs where from=${from}`,
      reason: 'wrong rubric',
      outcome: '2 of 4 canceled, 2 skipped',
      affected: 2,
    });
  });
});

describe("replaying a kind's runs from a time", () => {
  it('rewinds every service consumer its events go through, and no other, with progress, recorded', async () => {
    const jsm = await gateway.nats.jetstreamManager();
    const stream = names.domainStreamName(ns.namespace, 'claims');
    const durable = (name: string, subject: string) =>
      jsm.consumers.add(stream, { durable_name: names.consumerName(ns.namespace, name), filter_subject: names.wireSubject(ns.namespace, subject), ack_policy: AckPolicy.Explicit });
    await durable('claims-scoring-test', 'claims.scoring-job.created.v1');
    await durable('claims-hypotheses-test', 'claims.hypothesis.decided.v1');
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const request = { kind: 'call-scoring', since, reason: 'reprocess after the rubric fix' };

    expect((await post('/v1/console/runs/replay', request, READER)).status).toBe(403);
    expect((await post('/v1/console/runs/replay', { ...request, kind: 'no-such-kind' })).status).toBe(400);
    const started = await post('/v1/console/runs/replay', request);
    expect(started).toMatchObject({ status: 202, body: { action: 'runs.replay-since', total: 1 } });
    await expect.poll(async () => (await get(`/v1/console/jobs/${started.body.id}`)).body, { timeout: 20_000 }).toMatchObject({ state: 'finished', done: 1, failed: 0 });
    const info = async (name: string) => (await jsm.consumers.info(stream, names.consumerName(ns.namespace, name))).config;
    const rewound = await info('claims-scoring-test');
    expect(rewound.deliver_policy).toBe('by_start_time');
    // NATS writes the time its own way (no trailing zeros in the fraction): compared as instants.
    expect(Date.parse(rewound.opt_start_time!)).toBe(Date.parse(since));
    expect((await info('claims-hypotheses-test')).deliver_policy).toBe('all');
    await expect.poll(async () => (await get('/v1/console/audit')).body[0], { timeout: 10_000 }).toMatchObject({
      action: 'runs.replay-since',
      target: `call-scoring runs since ${since}: ${names.consumerName(ns.namespace, 'claims-scoring-test')}`,
      outcome: '1 of 1 consumers rewound',
    });
  });
});
