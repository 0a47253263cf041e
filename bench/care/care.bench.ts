import 'reflect-metadata';
import { NOTIFICATION_REQUEST_COMMAND, newEventId, taskSlaWarningReached } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { EventStore } from '@switchboard/event-store';
import { names } from '@switchboard/eventing';
import { TwilioTelephony } from '@switchboard/providers';
import { randomUUID } from 'node:crypto';
import { Tasks, taskStream } from '../../apps/tasks/src/care.aggregates.js';
import { CareHarness } from '../../test/care/care-harness.js';
import { inParallel, percentile, perSecond, report, round, timed } from '../support/measure.js';

/**
 * Care follow-up on this machine (gateway, telephony and tasks in one process, real NATS and
 * PostgreSQL, the provider simulator): assignment latency from task created to nurse's SMS accepted
 * by the provider; SLA timer lateness when 1,000 of 10,000 open tasks' warnings fall due together;
 * notifications followed to DELIVERED beside the provider calls alone.
 */
const OPEN = Number(process.env.CARE_BENCH_OPEN_TASKS ?? 10_000);
const FIRING = Number(process.env.CARE_BENCH_FIRING ?? 1_000);
// Three nurses of capacity 100 (the most a shift takes) hold up to 300.
const ASSIGNED = Math.min(300, Number(process.env.CARE_BENCH_ASSIGNED ?? 150));
const NOTIFICATIONS = Number(process.env.CARE_BENCH_NOTIFICATIONS ?? 1_000);
const PACE_PER_S = Number(process.env.CARE_BENCH_PACE ?? 5);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('bench: condition not met in time');
    await wait(100);
  }
}

const care = await CareHarness.start({ LOG_LEVEL: 'error' });
try {
  // 1. Assignment latency: created (REST) -> the nurse's SMS accepted by the provider.
  const nurses = await Promise.all([1, 2, 3].map((i) => care.nurse('bench-assign', `+1555070000${i}`)));
  for (const nurse of nurses) await care.shift(nurse.id, 100);
  await until(async () => (await care.query<{ n: number }>('tasks', `SELECT count(*)::int AS n FROM $schema.shifts WHERE status = 'ACTIVE' AND unit = 'bench-assign'`))[0].n === 3);
  // Paced (PACE_PER_S tasks a second), so the figure is a task's latency, not the queue of a burst.
  const created: { id: string; at: number }[] = [];
  const started = Date.now();
  await inParallel(8, ASSIGNED, async (i) => {
    await wait(Math.max(0, started + (i * 1000) / PACE_PER_S - Date.now()));
    const at = Date.now();
    const task = await care.task('bench-assign', 600);
    created.push({ id: task.id, at });
  });
  const smsAt = () => {
    const sent = care.simulator.state.requests.filter((r) => r.endpoint === 'twilio.messages.create');
    return new Map(created.map((t) => [t.id, sent.find((r) => String(r.body.Body).includes(t.id.slice(-8)))?.at]));
  };
  await until(async () => [...smsAt().values()].every(Boolean));
  const latencies = [...smsAt().entries()].map(([id, at]) => Date.parse(at!) - created.find((t) => t.id === id)!.at);
  report(`assignment: task created (REST) -> nurse's SMS accepted by the provider, ${ASSIGNED} tasks at ${PACE_PER_S}/s`, [
    { p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99), max_ms: Math.max(...latencies) },
  ]);

  // 2. SLA timers: OPEN open tasks (no nurse on shift: no notifications), FIRING of whose warnings fall due at once.
  const tasks = care.service('tasks').get(Tasks);
  const store = care.service('tasks').get(EventStore);
  const timers = care.service('tasks').get(DurableTimers);
  const ids = Array.from({ length: OPEN }, () => newEventId());
  const creating = await timed(() =>
    inParallel(16, OPEN, async (i) => {
      const taskId = ids[i];
      await tasks.execute(taskId, {
        type: 'create',
        taskId,
        unit: 'bench-sla',
        priority: 'NORMAL',
        severity: 'LOW',
        reasonCodes: [],
        actionType: 'NURSE_CALLBACK_24H',
        slaMinutes: 1_440,
        dueAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
    }),
  );
  const fireAt = new Date(Date.now() + 5_000 + FIRING * 3);
  await store.transaction(async (tx) => {
    for (const taskId of ids.slice(0, FIRING)) {
      await timers.schedule({ key: `sla-warning-${taskId}`, streamId: taskStream(taskId), event: taskSlaWarningReached.create({ taskId, dueAt: fireAt.toISOString() }), correlationId: taskId, at: fireAt }, tx);
    }
  });
  const firing = ids.slice(0, FIRING).map((id) => `task-${id}`);
  await until(async () => (await care.query<{ n: number }>('tasks', `SELECT count(*)::int AS n FROM $schema.events WHERE type = $1 AND stream_id = ANY($2)`, [taskSlaWarningReached.type, firing]))[0].n === FIRING);
  const fired = await care.query<{ late: number }>('tasks', `SELECT extract(epoch FROM occurred_at - $1::timestamptz) * 1000 AS late FROM $schema.events WHERE type = $2 AND stream_id = ANY($3)`, [
    fireAt,
    taskSlaWarningReached.type,
    firing,
  ]);
  const lateness = fired.map((r) => Number(r.late));
  report(`SLA timers: ${FIRING} warnings due at one instant among ${OPEN} open tasks (created in ${round(creating.ms / 1000, 1)} s, ${perSecond(OPEN, creating.ms)}/s)`, [
    { p50_ms: round(percentile(lateness, 50), 1), p99_ms: round(percentile(lateness, 99), 1), max_ms: round(Math.max(...lateness), 1) },
  ]);

  // 3. Notifications to DELIVERED (request, intent, reconcile look-up, send, two status callbacks through the gateway) beside the provider calls alone.
  const nats = await care.ns.natsConnection();
  const subject = names.commandSubject(care.ns.namespace, NOTIFICATION_REQUEST_COMMAND);
  const about = randomUUID();
  const through = await timed(async () => {
    await inParallel(32, NOTIFICATIONS, async (i) => {
      const request = { notificationId: randomUUID(), channels: ['sms'], recipient: { kind: 'nurse', id: 'bench', phone: `+1555071${String(i).padStart(4, '0')}` }, about: { kind: 'bench', id: about }, body: 'Bench', correlationId: 'bench' };
      await nats.request(subject, JSON.stringify(request), { timeout: 30_000 });
    });
    await until(async () => (await care.query<{ n: number }>('telephony', `SELECT count(*)::int AS n FROM $schema.notifications WHERE about_id = $1 AND status = 'DELIVERED'`, [about]))[0].n === NOTIFICATIONS);
  });
  const twilio = new TwilioTelephony({ ...care.simulator.twilioAccount, baseUrl: care.simulator.baseUrl });
  const raw = await timed(() =>
    inParallel(32, NOTIFICATIONS, (i) => twilio.sendMessage({ to: `+1555072${String(i).padStart(4, '0')}`, from: '+15550100000', body: 'Raw', channel: 'sms' })),
  );
  report(`notifications: ${NOTIFICATIONS} to DELIVERED, beside the same SMS sent straight to the simulator (32 at a time)`, [
    { path: 'ours: requested -> DELIVERED', per_second: perSecond(NOTIFICATIONS, through.ms), total_s: round(through.ms / 1000, 1) },
    { path: 'raw: Twilio SDK -> simulator, create only', per_second: perSecond(NOTIFICATIONS, raw.ms), total_s: round(raw.ms / 1000, 1) },
  ]);
} finally {
  await care.stop();
}
