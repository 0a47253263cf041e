import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemUnderTest } from '../scripts/system/system-under-test.js';

/** One SLA minute lasts a second: a 12-minute SLA warns after 9 s and breaches after 12 s. */
const SLA_MINUTE_MS = 1_000;
let system: SystemUnderTest;

beforeAll(async () => {
  system = await SystemUnderTest.start({ CARE_SLA_MINUTE_MS: String(SLA_MINUTE_MS) });
}, 240_000);
afterAll(() => system?.stop(), 60_000);

const poll = { timeout: 120_000, interval: 250 };
interface Task {
  id: string;
  status: string;
  nurseId: string | null;
  warnedAt: string | null;
  breachedAt: string | null;
}

const smsTo = (phone: string) => system.simulator.messages.sentTo(phone).map((m) => m.body);
const nurseOnShift = async (unit: string, phone: string) => {
  const nurse = await system.gateway.ok<{ id: string }>('POST', '/v1/nurses', { name: 'Grace', phone, unit });
  const now = Date.now();
  await system.gateway.ok('POST', '/v1/shifts', { nurseId: nurse.id, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), capacity: 10 });
  await expect.poll(async () => (await system.gateway.ok<unknown[]>('GET', `/v1/shifts?nurseId=${nurse.id}&status=ACTIVE`)).length, poll).toBe(1);
  return nurse;
};
const countEvents = async (taskId: string, type: string) =>
  (await system.query<{ n: number }>('tasks', 'SELECT count(*)::int AS n FROM $schema.events WHERE stream_id = $1 AND type = $2', [`task-${taskId}`, type]))[0].n;

describe('care follow-up, whole system (processes)', () => {
  it('warns and breaches exactly once each, with one SMS each, across a kill -9 of tasks and of telephony', async () => {
    const phone = '+15550301001';
    const nurse = await nurseOnShift('e2e-sla', phone);
    const task = await system.gateway.ok<Task>('POST', '/v1/tasks', { unit: 'e2e-sla', severity: 'HIGH', actionType: 'NURSE_CALLBACK_2H', slaMinutes: 12 });
    await expect.poll(async () => (await system.gateway.ok<Task>('GET', `/v1/tasks/${task.id}`)).nurseId, poll).toBe(nurse.id);
    const ref = task.id.slice(-8);
    await system.restart('tasks');
    await expect.poll(async () => (await system.gateway.ok<Task>('GET', `/v1/tasks/${task.id}`)).warnedAt, poll).not.toBeNull();
    await system.restart('telephony');
    await expect.poll(async () => (await system.gateway.ok<Task>('GET', `/v1/tasks/${task.id}`)).breachedAt, poll).not.toBeNull();
    await system.kill('tasks');
    await system.startService('tasks');
    await expect.poll(() => smsTo(phone).filter((b) => b.includes(ref)).length, poll).toBe(3);
    expect(await countEvents(task.id, 'tasks.task.sla-warning-reached')).toBe(1);
    expect(await countEvents(task.id, 'tasks.task.sla-breached')).toBe(1);
    expect(smsTo(phone).filter((b) => b.includes('75%'))).toHaveLength(1);
    expect(smsTo(phone).filter((b) => b.includes('breached'))).toHaveLength(1);
  }, 300_000);

  it('sends exactly one SMS when telephony is SIGKILLed after the provider accepted it', async () => {
    const phone = '+15550302001';
    await nurseOnShift('e2e-kill', phone);
    system.simulator.state.setFault('twilio.messages.create', { delayAnswerMs: 60_000, times: 1 });
    const task = await system.gateway.ok<Task>('POST', '/v1/tasks', { unit: 'e2e-kill', severity: 'HIGH', actionType: 'NURSE_CALLBACK_2H', slaMinutes: 600 });
    await expect.poll(() => smsTo(phone).length, poll).toBe(1);
    await system.kill('telephony');
    await system.startService('telephony');
    await expect
      .poll(async () => (await system.gateway.ok<{ status: string }[]>('GET', `/v1/notifications?taskId=${task.id}`)).map((n) => n.status), poll)
      .toEqual(['DELIVERED']);
    expect(system.simulator.state.requests.filter((r) => r.endpoint === 'twilio.messages.create' && r.body.To === phone)).toHaveLength(1);
    expect(smsTo(phone)).toHaveLength(1);
  }, 300_000);
});
