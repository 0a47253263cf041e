import { schemaName } from '@switchboard/event-store';
import pg from 'pg';
import { type CheckContext, type CheckResult, INJECTED, result } from './checks.js';

const table = (ctx: CheckContext, service: 'telephony' | 'tasks', name: string) => `${pg.escapeIdentifier(schemaName(ctx.namespace, service))}.${name}`;

/** The reference the sender puts at the end of every text (send-policy's sentText): a message is knowably its notification's. */
const refOf = (notificationId: string) => notificationId.replace(/-/g, '').slice(-6);
const REF = /\(ref ([0-9a-f]{6})\)$/;

/**
 * One provider message per notification, from the simulator's request log: every text accepted
 * (201) carries its notification's reference, and each notification has exactly as many accepted
 * as it recorded sends by text (at most one); calls placed to the care batch's phones are as many
 * as the voice sends recorded.
 */
export async function oneMessagePerNotification(ctx: CheckContext, carePhones: string[]): Promise<CheckResult> {
  const texts = new Map<string, number>();
  let calls = 0;
  const phones = new Set(carePhones);
  for (const request of ctx.requests) {
    if (request.status !== 201) continue;
    if (request.endpoint === 'twilio.messages.create') {
      const ref = REF.exec(String(request.body.Body))?.[1] ?? 'none';
      texts.set(ref, (texts.get(ref) ?? 0) + 1);
    }
    if (request.endpoint === 'twilio.calls.create' && phones.has(String(request.body.To))) calls++;
  }
  const { rows } = await ctx.pool.query<{ notification_id: string; texts: number; voice: number }>(
    `SELECT notification_id, count(*) FILTER (WHERE channel IN ('sms', 'whatsapp'))::int AS texts, count(*) FILTER (WHERE channel = 'voice')::int AS voice
     FROM ${table(ctx, 'telephony', 'notification_sends')} WHERE provider_id IS NOT NULL GROUP BY 1`,
  );
  const problems: string[] = [];
  const known = new Set(rows.map((r) => refOf(r.notification_id)));
  for (const row of rows) {
    const sent = texts.get(refOf(row.notification_id)) ?? 0;
    if (sent !== row.texts || row.texts > 1) problems.push(`notification ${row.notification_id}: ${sent} texts accepted, ${row.texts} recorded`);
  }
  for (const [ref, n] of texts) if (!known.has(ref)) problems.push(`${n} text(s) with reference ${ref} that no notification recorded`);
  const voice = rows.reduce((sum, r) => sum + r.voice, 0);
  if (calls !== voice) problems.push(`${calls} calls placed to care phones, ${voice} voice sends recorded`);
  const accepted = [...texts.values()].reduce((a, b) => a + b, 0);
  return result('one message per notification', problems, `${rows.length} notifications sent: ${accepted} texts, ${calls} calls`);
}

/** Every notification ended: sent (delivered, read) or cancelled; a failed one failed on a fault the schedule injected. */
export async function notificationsEnded(ctx: CheckContext): Promise<CheckResult> {
  const { rows } = await ctx.pool.query<{ notification_id: string; status: string; reason: string | null }>(
    `SELECT notification_id, status, reason FROM ${table(ctx, 'telephony', 'notifications')}`,
  );
  const fine = new Set(['SENT', 'DELIVERED', 'READ', 'CANCELLED']);
  const problems = rows
    .filter((r) => !fine.has(r.status) && !(r.status === 'FAILED' && INJECTED.test(r.reason ?? '')))
    .map((r) => `${r.notification_id} ${r.status} ${r.reason ?? ''}`);
  const failed = rows.filter((r) => r.status === 'FAILED').length;
  return result('every notification ended, failures explained by injected faults', problems, `${rows.length} notifications, ${failed} failed on injected provider errors`);
}

/** A task warned and breached once each, a check-in attempt sent once: timers fire at least once, their effects exactly once. */
export async function careTimersOnce(ctx: CheckContext): Promise<CheckResult> {
  const { rows } = await ctx.pool.query<{ stream_id: string; type: string; attempt: string | null; n: number }>(
    `SELECT stream_id, type, payload->>'attempt' AS attempt, count(*)::int AS n FROM ${table(ctx, 'tasks', 'events')}
     WHERE type IN ('tasks.task.sla-warning-reached', 'tasks.task.sla-breached', 'tasks.check-in.attempt-sent')
     GROUP BY 1, 2, 3`,
  );
  const problems = rows.filter((r) => r.n > 1).map((r) => `${r.type}${r.attempt ? ` #${r.attempt}` : ''} x${r.n} on ${r.stream_id}`);
  const count = (type: string) => rows.filter((r) => r.type === type).length;
  return result(
    'care timers: each warning, breach and check-in attempt once',
    problems,
    `${count('tasks.task.sla-warning-reached')} warnings, ${count('tasks.task.sla-breached')} breaches, ${count('tasks.check-in.attempt-sent')} check-in attempts`,
  );
}
