import { randomInt } from 'node:crypto';
import type { DemoTarget } from './demos.js';
import { GatewayClient } from './gateway-client.js';

interface Task {
  id: string;
  status: string;
  nurseId: string | null;
  severity: string;
  reasonCodes: string[];
  warnedAt: string | null;
  breachedAt: string | null;
  patientId: string | null;
}
interface CheckIn {
  id: string;
  status: string;
  severity: string | null;
  closedReason: string | null;
}
interface Notification {
  recipientKind: string;
  channel: string;
  status: string;
}

const REPLIES: (string | undefined)[] = ['I have chest pain since last night', 'STOP', undefined, 'Feeling fine, thank you'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The care follow-up demo: 3 nurses on overlapping shifts, tasks whose SLAs (1-2 minutes) warn and
 * breach, 20 discharges with scripted replies (chest pain, STOP, silence, fine), followed live.
 */
export async function runCareDemo(target: DemoTarget, log: (line: string) => void = console.log): Promise<void> {
  const gateway = new GatewayClient(target.gatewayUrl, target.apiKey);
  if (target.simulatorUrl) {
    // What the simulated triage model answers (the red-flag rules would raise "chest pain" anyway).
    const chats = [
      { whenPromptContains: 'Feeling fine', reply: { severity: 'NONE', reasonCodes: [], summary: 'Feeling fine' } },
      { whenPromptContains: 'chest pain', reply: { severity: 'MODERATE', reasonCodes: ['PAIN_REPORTED'], summary: 'Reports chest pain' } },
    ];
    await fetch(`${target.simulatorUrl}/__admin/scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chats }) });
  }
  const prefix = `+1555${String(randomInt(100, 999))}`;
  const phone = (i: number) => `${prefix}${String(i).padStart(4, '0')}`;
  const unit = `demo-${prefix.slice(-3)}`;
  const now = Date.now();
  const nurses = await Promise.all(['Ada', 'Grace', 'Florence'].map((name, i) => gateway.ok<{ id: string; name: string }>('POST', '/v1/nurses', { name, phone: phone(9000 + i), unit })));
  const names = new Map(nurses.map((n) => [n.id, n.name]));
  for (const [i, nurse] of nurses.entries()) {
    // Ada and Grace now, Florence 20 s later: overlapping shifts.
    const startsAt = new Date(now + (i === 2 ? 20_000 : 0));
    await gateway.ok('POST', '/v1/shifts', { nurseId: nurse.id, startsAt: startsAt.toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), capacity: 4 });
  }
  log(`3 nurses in unit ${unit}: ${nurses.map((n) => n.name).join(', ')} (Florence's shift starts in 20 s)`);
  const tasks: Task[] = [];
  for (let i = 0; i < 6; i++) {
    tasks.push(await gateway.ok<Task>('POST', '/v1/tasks', { unit, severity: i % 2 ? 'HIGH' : 'MODERATE', reasonCodes: ['HF_BREATHING_WORSE'], actionType: 'NURSE_CALLBACK_2H', slaMinutes: 1 + (i % 2) }));
  }
  log(`6 tasks with 1-2 minute SLAs created`);
  const patients: { id: string; phone: string; checkInId: string; reply?: string; replied?: boolean }[] = [];
  for (let i = 0; i < 20; i++) {
    const patient = await gateway.ok<{ id: string }>('POST', '/v1/patients', { name: `Patient ${i + 1}`, phone: phone(i), timezone: 'UTC', preferredChannel: 'sms', unit });
    const episode = await gateway.ok<{ id: string }>('POST', `/v1/patients/${patient.id}/episodes`, {});
    const discharged = await gateway.ok<{ checkInId: string }>('POST', `/v1/episodes/${episode.id}/discharge`, {});
    patients.push({ id: patient.id, phone: phone(i), checkInId: discharged.checkInId, reply: REPLIES[i % REPLIES.length] });
  }
  log(`20 patients discharged: replies scripted (chest pain, STOP, silence, fine)`);

  const seen = new Set<string>();
  const say = (key: string, line: string) => !seen.has(key) && (seen.add(key), log(line));
  const deadline = Date.now() + 150_000;
  let checkInsSeen = false;
  while (Date.now() < deadline) {
    const current = await gateway.ok<Task[]>('GET', '/v1/tasks');
    const mine = current.filter((t) => tasks.some((own) => own.id === t.id) || patients.some((p) => p.id === t.patientId));
    for (const task of mine) {
      const ref = task.id.slice(-8);
      if (task.nurseId) say(`a-${task.id}-${task.nurseId}`, `task ${ref} (${task.severity}) -> ${names.get(task.nurseId) ?? task.nurseId}`);
      if (task.warnedAt) say(`w-${task.id}`, `task ${ref}: SLA warning (75 %)`);
      if (task.breachedAt) say(`b-${task.id}`, `task ${ref}: SLA BREACHED`);
      if (task.patientId) say(`e-${task.id}`, `task ${ref}: from a patient (${task.severity}, ${task.reasonCodes.join(', ')})`);
    }
    if (target.simulatorUrl) {
      const sent = (await (await fetch(`${target.simulatorUrl}/__admin/requests?endpoint=twilio.messages.create`)).json()) as { body: { To: string } }[];
      for (const patient of patients.filter((p) => !p.replied && sent.some((m) => m.body.To === p.phone))) {
        checkInsSeen = true;
        patient.replied = true;
        if (!patient.reply) continue;
        await fetch(`${target.simulatorUrl}/__admin/messages/inbound`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ url: `${target.gatewayUrl}/webhooks/twilio/messaging/inbound`, from: patient.phone, body: patient.reply }),
        });
        say(`r-${patient.id}`, `patient ${patient.phone.slice(-4)} replied "${patient.reply}"`);
      }
    }
    const own = mine.filter((t) => tasks.some((task) => task.id === t.id));
    const repliesDone = patients.every((p) => p.replied) || (!checkInsSeen && Date.now() > deadline - 90_000);
    if (own.length === tasks.length && own.every((t) => t.breachedAt) && repliesDone) break;
    await sleep(1_000);
  }
  if (!checkInsSeen) log('no check-in went out yet: start the system with CARE_CHECK_IN_DELAY_MS=5000 CARE_CHECK_IN_RETRY_MS=20000 to see them');
  const checkIns = await Promise.all(patients.map((p) => gateway.ok<CheckIn>('GET', `/v1/check-ins/${p.checkInId}`)));
  const byStatus = (items: { status: string }[]) => items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.status]: (acc[i.status] ?? 0) + 1 }), {});
  const log1 = (await Promise.all(nurses.map((n) => gateway.ok<Notification[]>('GET', `/v1/notifications?nurseId=${n.id}`)))).flat();
  const log2 = (await Promise.all(patients.map((p) => gateway.ok<Notification[]>('GET', `/v1/notifications?patientId=${p.id}`)))).flat();
  const final = await Promise.all(tasks.map((t) => gateway.ok<Task>('GET', `/v1/tasks/${t.id}`)));
  log('\nSummary');
  log(`  tasks: ${final.length}, warned ${final.filter((t) => t.warnedAt).length}, breached ${final.filter((t) => t.breachedAt).length}`);
  log(`  per nurse: ${nurses.map((n) => `${n.name} ${final.filter((t) => t.nurseId === n.id).length}`).join(', ')}`);
  log(`  check-ins: ${JSON.stringify(byStatus(checkIns))}; escalated: ${checkIns.filter((c) => c.severity && c.severity !== 'NONE' && c.severity !== 'LOW').length}`);
  log(`  notifications to nurses: ${JSON.stringify(byStatus(log1))}; to patients: ${JSON.stringify(byStatus(log2))}`);
}
