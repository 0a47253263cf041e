import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '@switchboard/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CareHarness } from './care-harness.js';

// Its own file: the OpenTelemetry SDK registers itself once per process.
const exporter = new InMemorySpanExporter();
const sdk = startTracing({ service: 'care', spanProcessors: [new SimpleSpanProcessor(exporter)] })!;
let care: CareHarness;

beforeAll(async () => {
  care = await CareHarness.start({ CARE_SLA_MINUTE_MS: '1000', CARE_CHECK_IN_DELAY_MS: '1500', CARE_CHECK_IN_RETRY_MS: '60000' });
}, 120_000);
afterAll(async () => {
  await care?.stop();
  await sdk.shutdown();
}, 60_000);

const poll = { timeout: 60_000, interval: 250 };
const traceIdOf = (traceparent: string | null) => traceparent?.split('-')[1] ?? null;

/** Every event of a workflow (its correlation ids) in tasks and telephony, with the trace it was appended in. */
async function workflowEvents(...correlationIds: string[]): Promise<{ type: string; traceId: string | null }[]> {
  const sql = `SELECT type, metadata->>'traceparent' AS traceparent FROM $schema.events WHERE metadata->>'correlationId' = ANY($1) ORDER BY global_position`;
  type Row = { type: string; traceparent: string | null };
  const rows = [...(await care.query<Row>('tasks', sql, [correlationIds])), ...(await care.query<Row>('telephony', sql, [correlationIds]))];
  return rows.map((row) => ({ type: row.type, traceId: traceIdOf(row.traceparent) }));
}

/** The steps of `steps` not yet among a workflow's events. */
async function missing(steps: string[], ...correlationIds: string[]): Promise<string[]> {
  const types = new Set((await workflowEvents(...correlationIds)).map((e) => e.type));
  return steps.filter((step) => !types.has(step));
}

/** The names of one trace's spans, as this process's services ended them. */
const spanNames = (traceId: string) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId).map((span) => span.name);

describe('one trace per task and per discharge', () => {
  it("keeps a task's creation, assignment, nurse alert and SLA warning in the trace that created it", async () => {
    const nurse = await care.nurse('traced', '+15550601001');
    await care.shift(nurse.id, 5);
    await expect.poll(async () => (await care.gateway.ok<unknown[]>('GET', `/v1/shifts?nurseId=${nurse.id}&status=ACTIVE`)).length, poll).toBe(1);
    const task = await care.task('traced', 8);
    await expect.poll(async () => (await care.getTask(task.id)).warnedAt, poll).not.toBeNull();
    await expect.poll(() => care.smsTo(nurse.phone).filter((b) => b.includes('75%')).length, poll).toBe(1);
    const steps = ['tasks.task.created', 'tasks.task.assigned', 'telephony.notification.requested', 'telephony.notification.sent', 'tasks.task.sla-warning-reached'];
    await expect.poll(() => missing(steps, task.id), poll).toEqual([]);
    const events = await workflowEvents(task.id);
    const [traceId] = events.map((e) => e.traceId);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(events.filter((e) => e.traceId !== traceId)).toEqual([]);
    // Two alerts (assignment, warning) sent in that trace.
    await expect.poll(() => spanNames(traceId!).filter((name) => name === 'process telephony.notification.send-requested.v1').length, poll).toBeGreaterThanOrEqual(2);
  }, 90_000);

  it('keeps a task dealt when a shift starts, and resolved by a later request, in the trace that created it', async () => {
    const nurse = await care.nurse('traced-wait', '+15550603001');
    const task = await care.task('traced-wait', 600);
    await care.shift(nurse.id, 5, 1_500);
    await expect.poll(async () => (await care.getTask(task.id)).status, poll).toBe('ASSIGNED');
    await expect.poll(() => care.smsTo(nurse.phone).length, poll).toBe(1);
    await care.gateway.ok('POST', `/v1/tasks/${task.id}/resolve`, {});
    const steps = ['tasks.task.created', 'tasks.task.assigned', 'telephony.notification.sent', 'tasks.task.resolved'];
    await expect.poll(() => missing(steps, task.id), poll).toEqual([]);
    const events = await workflowEvents(task.id);
    expect(events.filter((e) => e.traceId !== events[0].traceId)).toEqual([]);
  }, 90_000);

  it("keeps a discharge, its check-in attempt, the message and the patient's reply in the discharge's trace", async () => {
    const phone = '+15550602001';
    const patient = await care.gateway.ok<{ id: string }>('POST', '/v1/patients', { name: 'Grace', phone, timezone: 'Europe/London', preferredChannel: 'sms' });
    const episode = await care.gateway.ok<{ id: string }>('POST', `/v1/patients/${patient.id}/episodes`, {});
    const { checkInId } = await care.gateway.ok<{ checkInId: string }>('POST', `/v1/episodes/${episode.id}/discharge`, {});
    await expect.poll(() => care.smsTo(phone).length, poll).toBe(1);
    expect(await care.simulator.messages.receive(`${care.publicUrl}/webhooks/twilio/messaging/inbound`, phone, 'All good, thanks')).toBe(204);
    const steps = ['tasks.episode.discharged', 'tasks.check-in.attempt-due', 'telephony.notification.requested', 'telephony.notification.sent', 'tasks.interaction.triaged', 'tasks.check-in.replied'];
    await expect.poll(() => missing(steps, episode.id, checkInId), poll).toEqual([]);
    // The episode's admission was another request, so another trace: the workflow starts at the discharge.
    const all = await workflowEvents(episode.id, checkInId);
    const events = all.slice(all.findIndex((e) => e.type === 'tasks.episode.discharged'));
    const [discharged] = events;
    expect(discharged.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(events.filter((e) => e.traceId !== discharged.traceId)).toEqual([]);
  }, 90_000);
});
