import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CareHarness, type Task } from './care-harness.js';

/** One SLA minute lasts a second here: a 4-minute SLA warns after 3 s and breaches after 4 s. */
const SLA_MINUTE_MS = 1_000;
const SUPERVISOR = '+15559990001';
let care: CareHarness;

beforeAll(async () => {
  care = await CareHarness.start({ CARE_SLA_MINUTE_MS: String(SLA_MINUTE_MS), CARE_SUPERVISOR_PHONES: SUPERVISOR });
}, 120_000);
afterAll(() => care?.stop(), 60_000);

const poll = { timeout: 60_000, interval: 200 };

describe('care tasks: assignment, SLA, nurse notifications', () => {
  it('deals 99 tasks created at once to 3 nurses with room 33/33/33, never above capacity, and tells each nurse of each task once', async () => {
    const unit = 'rr-99';
    const nurses = await Promise.all(['+15550101001', '+15550101002', '+15550101003'].map((phone) => care.nurse(unit, phone)));
    for (const nurse of nurses) await care.shift(nurse.id, 40);
    await expect.poll(async () => (await care.gateway.ok<unknown[]>('GET', `/v1/shifts?status=ACTIVE`)).length, poll).toBeGreaterThanOrEqual(3);
    const tasks = await Promise.all(Array.from({ length: 99 }, () => care.task(unit)));
    await expect
      .poll(async () => (await care.query<{ n: number }>('tasks', `SELECT count(*)::int AS n FROM $schema.tasks WHERE unit = $1 AND status = 'ASSIGNED'`, [unit]))[0].n, poll)
      .toBe(99);
    const perNurse = await care.query<{ nurse_id: string; n: number }>('tasks', `SELECT nurse_id, count(*)::int AS n FROM $schema.tasks WHERE unit = $1 GROUP BY nurse_id`, [unit]);
    expect(perNurse.map((r) => r.n).sort()).toEqual([33, 33, 33]);
    expect(new Set(tasks.map((t) => t.id)).size).toBe(99);
    // Every assignment was one event: no task was assigned twice under the race.
    const assigned = await care.query<{ n: number }>('tasks', `SELECT count(*)::int AS n FROM $schema.events WHERE type = 'tasks.task.assigned' AND stream_id = ANY($1)`, [tasks.map((t) => `task-${t.id}`)]);
    expect(assigned[0].n).toBe(99);
    for (const nurse of nurses) {
      await expect.poll(() => care.smsTo(nurse.phone).length, poll).toBe(33);
      await expect.poll(async () => (await care.notifications(`nurseId=${nurse.id}`)).filter((n) => n.status === 'DELIVERED').length, poll).toBe(33);
    }
  }, 180_000);

  it('never gives a nurse more than the capacity of her shift', async () => {
    const unit = 'cap';
    const nurse = await care.nurse(unit, '+15550102001');
    await care.shift(nurse.id, 2);
    const tasks = await Promise.all(Array.from({ length: 5 }, () => care.task(unit)));
    await expect.poll(async () => (await Promise.all(tasks.map((t) => care.getTask(t.id)))).filter((t) => t.status === 'ASSIGNED').length, poll).toBe(2);
    // Capacity freed: the oldest waiting task is dealt.
    const held = (await Promise.all(tasks.map((t) => care.getTask(t.id)))).filter((t) => t.status === 'ASSIGNED');
    await care.gateway.ok('POST', `/v1/tasks/${held[0].id}/resolve`, { resolution: 'called back' });
    await expect.poll(async () => (await Promise.all(tasks.map((t) => care.getTask(t.id)))).filter((t) => t.status === 'ASSIGNED').length, poll).toBe(2);
    const open = await care.query<{ n: number }>('tasks', `SELECT count(*)::int AS n FROM $schema.tasks WHERE nurse_id = $1 AND status IN ('ASSIGNED', 'ACKNOWLEDGED')`, [nurse.id]);
    expect(open[0].n).toBe(2);
  }, 120_000);

  it('keeps a task UNASSIGNED while nobody is on shift, and assigns it when a shift starts (its timer)', async () => {
    const unit = 'night';
    const nurse = await care.nurse(unit, '+15550103001');
    const task = await care.task(unit);
    await care.shift(nurse.id, 5, 3_000);
    expect((await care.getTask(task.id)).status).toBe('UNASSIGNED');
    await expect.poll(async () => (await care.getTask(task.id)).nurseId, poll).toBe(nurse.id);
  }, 120_000);

  it('warns at 75 % and breaches at 100 % of the SLA, once each, telling the nurse (and the supervisor of the breach)', async () => {
    const unit = 'sla';
    const nurse = await care.nurse(unit, '+15550104001');
    await care.shift(nurse.id, 5);
    const task = await care.task(unit, 4);
    await expect.poll(async () => (await care.getTask(task.id)).breachedAt, poll).not.toBeNull();
    const done = await care.getTask(task.id);
    const created = Date.parse((await care.gateway.ok<{ createdAt: string }>('GET', `/v1/tasks/${task.id}`)).createdAt);
    expect(Date.parse(done.warnedAt!) - created).toBeGreaterThanOrEqual(3 * SLA_MINUTE_MS - 50);
    expect(Date.parse(done.breachedAt!)).toBeGreaterThanOrEqual(Date.parse(done.dueAt) - 50);
    expect(await care.taskEvents(task.id, 'tasks.task.sla-warning-reached')).toBe(1);
    expect(await care.taskEvents(task.id, 'tasks.task.sla-breached')).toBe(1);
    await expect.poll(() => care.smsTo(nurse.phone).filter((b) => b.includes(task.id.slice(-8))).length, poll).toBe(3);
    const texts = care.smsTo(nurse.phone);
    expect(texts.filter((b) => b.includes('75%'))).toHaveLength(1);
    expect(texts.filter((b) => b.includes('breached'))).toHaveLength(1);
    await expect.poll(() => care.smsTo(SUPERVISOR).filter((b) => b.includes(task.id.slice(-8))).length, poll).toBe(1);
    const log = await care.notifications(`taskId=${task.id}`);
    expect(log.map((n) => n.recipientKind).sort()).toEqual(['nurse', 'nurse', 'nurse', 'supervisor']);
    expect(breachedList(await care.gateway.ok<Task[]>('GET', '/v1/tasks?breached=true'))).toContain(task.id);
  }, 120_000);

  it('cancels both SLA timers when the task is resolved first', async () => {
    const unit = 'resolved';
    const nurse = await care.nurse(unit, '+15550105001');
    await care.shift(nurse.id, 5);
    const task = await care.task(unit, 4);
    await expect.poll(async () => (await care.getTask(task.id)).status, poll).toBe('ASSIGNED');
    await care.gateway.ok('POST', `/v1/tasks/${task.id}/acknowledge`, { nurseId: nurse.id });
    await care.gateway.ok('POST', `/v1/tasks/${task.id}/resolve`, {});
    const pending = await care.query<{ n: number }>('tasks', `SELECT count(*)::int AS n FROM $schema.timers WHERE key LIKE $1`, [`sla-%-${task.id}`]);
    expect(pending[0].n).toBe(0);
    // A breach due in 4 s that would fire has had 6 s to.
    const until = Date.now() + 6_000;
    await expect.poll(() => Date.now() > until, { timeout: 20_000, interval: 500 }).toBe(true);
    expect(await care.taskEvents(task.id, 'tasks.task.sla-warning-reached')).toBe(0);
    expect(await care.taskEvents(task.id, 'tasks.task.sla-breached')).toBe(0);
  }, 60_000);

  it('keeps the deadline on reassignment, and alerts the nurse who holds the task when it breaches', async () => {
    const unit = 'reassign';
    const first = await care.nurse(unit, '+15550106001');
    await care.shift(first.id, 5);
    const task = await care.task(unit, 6);
    await expect.poll(async () => (await care.getTask(task.id)).nurseId, poll).toBe(first.id);
    const second = await care.nurse(unit, '+15550106002');
    await care.shift(second.id, 5);
    await expect.poll(async () => (await care.gateway.ok<unknown[]>('GET', `/v1/shifts?nurseId=${second.id}&status=ACTIVE`)).length, poll).toBe(1);
    const moved = await care.gateway.ok<Task>('POST', `/v1/tasks/${task.id}/reassign`, {});
    expect(moved).toMatchObject({ nurseId: second.id, dueAt: task.dueAt });
    await expect.poll(async () => (await care.getTask(task.id)).breachedAt, poll).not.toBeNull();
    await expect.poll(() => care.smsTo(second.phone).filter((b) => b.includes('breached')).length, poll).toBe(1);
    expect(care.smsTo(first.phone).filter((b) => b.includes('breached'))).toHaveLength(0);
  }, 60_000);

  it("gives a nurse's open tasks to the pool when her shift ends, keeping their deadlines", async () => {
    const unit = 'handover';
    const leaving = await care.nurse(unit, '+15550107001');
    const leavingShift = await care.shift(leaving.id, 5);
    const task = await care.task(unit, 600);
    await expect.poll(async () => (await care.getTask(task.id)).nurseId, poll).toBe(leaving.id);
    const staying = await care.nurse(unit, '+15550107002');
    await care.shift(staying.id, 5);
    await expect.poll(async () => (await care.gateway.ok<unknown[]>('GET', `/v1/shifts?nurseId=${staying.id}&status=ACTIVE`)).length, poll).toBe(1);
    expect(await care.gateway.ok<{ status: string }>('POST', `/v1/shifts/${leavingShift.id}/end`)).toMatchObject({ status: 'ENDED' });
    await expect.poll(async () => (await care.getTask(task.id)).nurseId, poll).toBe(staying.id);
    expect((await care.getTask(task.id)).dueAt).toBe(task.dueAt);
    await expect.poll(() => care.smsTo(staying.phone).filter((b) => b.includes(task.id.slice(-8))).length, poll).toBe(1);
  }, 60_000);
});

const breachedList = (tasks: Task[]) => tasks.map((t) => t.id);
