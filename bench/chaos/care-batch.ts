import type { ProviderSimulator } from '@switchboard/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayClient } from '../../scripts/demo/gateway-client.js';

/**
 * What the tasks service runs with in the chaos run: an SLA minute lasts a second, check-ins go out
 * 5 s after discharge and are tried again every 20 s, every escalated task breaches within 2 minutes,
 * and a supervisor is told of every breach. Everything the batch starts ends within the fault window.
 */
export const CARE_ENV = {
  CARE_SLA_MINUTE_MS: '1000',
  CARE_CHECK_IN_DELAY_MS: '5000',
  CARE_CHECK_IN_RETRY_MS: '20000',
  CARE_SEVERITY_SLA_MINUTES: 'CRITICAL=30,HIGH=60,MODERATE=90,LOW=120',
  CARE_SUPERVISOR_PHONES: '+15550719999',
};

const UNIT = 'chaos';
const NURSES = 3;
const TASKS = 12;
const PATIENTS = 40;
const ALL_WELL = 'Feeling fine, thank you';
/**
 * Patients answer in turn: a red flag (an escalated task), an opt-out (the next attempt becomes a
 * nurse's task), silence (three attempts, then a task), all well (no task).
 */
const REPLIES: (string | undefined)[] = ['I have chest pain since last night', 'STOP', undefined, ALL_WELL];
const CHATS = [
  { whenPromptContains: 'Feeling fine', reply: { severity: 'NONE', reasonCodes: [], summary: 'Feeling fine' } },
  { whenPromptContains: 'chest pain', reply: { severity: 'MODERATE', reasonCodes: ['PAIN_REPORTED'], summary: 'Reports chest pain' } },
];

interface Patient {
  id: string;
  phone: string;
  checkInId: string;
  reply?: string;
  answered: boolean;
}
interface TaskView {
  id: string;
  breachedAt: string | null;
}
interface CheckInView {
  status: string;
}

/** A care batch under the faults: nurses on shift, tasks whose SLAs warn and breach, discharges whose check-ins are answered. */
export class CareBatch {
  private constructor(
    private readonly gateway: GatewayClient,
    private readonly patients: Patient[],
    readonly phones: string[],
  ) {}

  static readonly chats = CHATS;

  /**
   * The tasks created, and one for each patient not all well: at least that many, as a reply the
   * triage model could not read (a burst of its errors) goes to a nurse too.
   */
  private get tasksExpected(): number {
    return TASKS + this.patients.filter((p) => p.reply !== ALL_WELL).length;
  }

  static async start(gateway: GatewayClient, prefix: string): Promise<CareBatch> {
    const phone = (i: number) => `${prefix}${String(i).padStart(4, '0')}`;
    const now = Date.now();
    for (let i = 0; i < NURSES; i++) {
      const nurse = await gateway.ok<{ id: string }>('POST', '/v1/nurses', { name: `Nurse ${i + 1}`, phone: phone(9000 + i), unit: UNIT });
      await gateway.ok('POST', '/v1/shifts', { nurseId: nurse.id, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), capacity: 40 });
    }
    for (let i = 0; i < TASKS; i++) {
      // SLAs of 30 to 140 s: warnings and breaches spread over the fault window.
      await gateway.ok('POST', '/v1/tasks', { unit: UNIT, severity: i % 2 ? 'HIGH' : 'MODERATE', reasonCodes: ['HF_BREATHING_WORSE'], actionType: 'NURSE_CALLBACK_2H', slaMinutes: 30 + i * 10 });
    }
    const patients: Patient[] = [];
    for (let i = 0; i < PATIENTS; i++) {
      const patient = await gateway.ok<{ id: string }>('POST', '/v1/patients', { name: `Patient ${i + 1}`, phone: phone(i), timezone: 'UTC', preferredChannel: 'sms', unit: UNIT });
      const episode = await gateway.ok<{ id: string }>('POST', `/v1/patients/${patient.id}/episodes`, {});
      const { checkInId } = await gateway.ok<{ checkInId: string }>('POST', `/v1/episodes/${episode.id}/discharge`, {});
      patients.push({ id: patient.id, phone: phone(i), checkInId, reply: REPLIES[i % REPLIES.length], answered: false });
    }
    const phones = [...patients.map((p) => p.phone), ...Array.from({ length: NURSES }, (_, i) => phone(9000 + i)), CARE_ENV.CARE_SUPERVISOR_PHONES];
    return new CareBatch(gateway, patients, phones);
  }

  /**
   * Answers each patient's first check-in message as a patient would, through the gateway's
   * messaging webhook, until `signal` aborts. A reply the gateway did not take (a killed replica,
   * shed load) is sent again, as Twilio's fallback URL would.
   */
  async answerCheckIns(simulator: ProviderSimulator, webhookUrl: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      for (const patient of this.patients.filter((p) => !p.answered && simulator.messages.sentTo(p.phone).length > 0)) {
        if (!patient.reply) {
          patient.answered = true;
          continue;
        }
        const status = await simulator.messages.receive(webhookUrl, patient.phone, patient.reply).catch(() => 0);
        patient.answered = status >= 200 && status < 300;
      }
      await sleep(500, undefined, { signal }).catch(() => undefined);
    }
  }

  /** Done when every check-in is closed (replied to, or unanswered after its three attempts) and every task breached. */
  async waitUntilDone(timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
    const deadline = Date.now() + timeoutMs;
    let detail = '';
    while (Date.now() < deadline) {
      try {
        const tasks = await this.gateway.ok<TaskView[]>('GET', '/v1/tasks');
        const checkIns = await Promise.all(this.patients.map((p) => this.gateway.ok<CheckInView>('GET', `/v1/check-ins/${p.checkInId}`)));
        const open = checkIns.filter((c) => c.status !== 'REPLIED' && c.status !== 'UNANSWERED').length;
        const unbreached = tasks.filter((t) => !t.breachedAt).length;
        detail = `${tasks.length} tasks, at least ${this.tasksExpected} expected (${unbreached} not breached), ${PATIENTS} check-ins (${open} open)`;
        if (open === 0 && unbreached === 0 && tasks.length >= this.tasksExpected) return { ok: true, detail };
      } catch (error) {
        detail = (error as Error).message; // a replica down: asked again
      }
      await sleep(2_000);
    }
    return { ok: false, detail: `not done in ${timeoutMs / 1000} s: ${detail}` };
  }
}
