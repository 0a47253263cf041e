import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CareHarness, type Task } from './care-harness.js';

const DELAY_MS = 1_500;
const RETRY_MS = 2_000;
let care: CareHarness;

beforeAll(async () => {
  care = await CareHarness.start({ CARE_CHECK_IN_DELAY_MS: String(DELAY_MS), CARE_CHECK_IN_RETRY_MS: String(RETRY_MS), CARE_TRIAGE_TIMEOUT_MS: '5000' });
}, 120_000);
afterAll(() => care?.stop(), 60_000);

const poll = { timeout: 60_000, interval: 200 };

interface CheckIn {
  id: string;
  status: string;
  attempts: { attempt: number; channel: string }[];
  severity: string | null;
  taskId: string | null;
  closedReason: string | null;
}

async function discharged(phone: string, extra: Record<string, unknown> = {}): Promise<{ patientId: string; checkInId: string; dischargedAt: number }> {
  const patient = await care.gateway.ok<{ id: string }>('POST', '/v1/patients', { name: 'Alan', phone, timezone: 'Europe/London', preferredChannel: 'sms', ...extra });
  const episode = await care.gateway.ok<{ id: string }>('POST', `/v1/patients/${patient.id}/episodes`, {});
  const done = await care.gateway.ok<{ checkInId: string; dischargedAt: string }>('POST', `/v1/episodes/${episode.id}/discharge`, {});
  return { patientId: patient.id, checkInId: done.checkInId, dischargedAt: Date.parse(done.dischargedAt) };
}
const checkIn = (id: string) => care.gateway.ok<CheckIn>('GET', `/v1/check-ins/${id}`);
const reply = (from: string, body: string) => care.simulator.messages.receive(`${care.publicUrl}/webhooks/twilio/messaging/inbound`, from, body);
const tasksOf = async (patientId: string) => (await care.gateway.ok<(Task & { patientId: string; severity: string; reasonCodes: string[] })[]>('GET', '/v1/tasks')).filter((t) => t.patientId === patientId);
const callsTo = (phone: string) => care.simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create' && r.body.To === phone);

describe('discharge check-ins', () => {
  it('sends the check-in after the delay, then a second message, then a call, then gives a nurse a LOW task', async () => {
    const phone = '+15550401001';
    const { patientId, checkInId, dischargedAt } = await discharged(phone);
    expect((await checkIn(checkInId)).status).toBe('SCHEDULED');
    await expect.poll(() => care.smsTo(phone).length, poll).toBe(1);
    const firstAt = Date.parse((await care.notifications(`patientId=${patientId}`))[0].requestedAt);
    expect(firstAt - dischargedAt).toBeGreaterThanOrEqual(DELAY_MS - 50);
    await expect.poll(() => care.smsTo(phone).length, poll).toBe(2);
    await expect.poll(() => callsTo(phone).length, poll).toBe(1);
    await expect.poll(async () => (await checkIn(checkInId)).status, poll).toBe('UNANSWERED');
    const closed = await checkIn(checkInId);
    expect(closed.attempts.map((a) => a.channel)).toEqual(['sms', 'sms', 'voice']);
    expect(closed.closedReason).toBe('no-response');
    const [task] = await tasksOf(patientId);
    expect(task).toMatchObject({ id: closed.taskId, severity: 'LOW', reasonCodes: ['CHECK_IN_NO_RESPONSE'] });
    expect(care.smsTo(phone)).toHaveLength(2);
  }, 90_000);

  it('escalates "chest pain" to a HIGH task with the model down (red-flag rules)', async () => {
    const phone = '+15550402001';
    const { patientId, checkInId } = await discharged(phone);
    await expect.poll(() => care.smsTo(phone).length, poll).toBe(1);
    care.simulator.state.setFault('openai.chat', { status: 500 });
    try {
      expect(await reply(phone, 'I have chest pain and feel dizzy')).toBe(204);
      await expect.poll(async () => (await checkIn(checkInId)).status, poll).toBe('REPLIED');
      await expect.poll(async () => (await tasksOf(patientId)).map((t) => t.severity), poll).toEqual(['HIGH']);
      expect((await tasksOf(patientId))[0].reasonCodes).toContain('CHEST_PAIN');
      expect((await checkIn(checkInId)).severity).toBe('HIGH');
    } finally {
      care.simulator.state.setFault('openai.chat', {});
    }
    // Replied: no second attempt comes.
    const until = Date.now() + RETRY_MS + 1_500;
    await expect.poll(() => Date.now() > until, { timeout: 20_000, interval: 250 }).toBe(true);
    expect(care.smsTo(phone)).toHaveLength(1);
  }, 90_000);

  it("takes the model's verdict for an ordinary reply: no task", async () => {
    const phone = '+15550403001';
    care.simulator.chats.scripts.push({ whenPromptContains: 'slept well', reply: { severity: 'NONE', reasonCodes: [], summary: 'Doing well' } });
    const { patientId, checkInId } = await discharged(phone);
    await expect.poll(() => care.smsTo(phone).length, poll).toBe(1);
    await reply(phone, 'I slept well, thank you');
    await expect.poll(async () => (await checkIn(checkInId)).severity, poll).toBe('NONE');
    expect(await tasksOf(patientId)).toEqual([]);
  }, 60_000);

  it('sends nothing more after STOP: the next attempt fails as opted out and a nurse gets the task instead', async () => {
    const phone = '+15550404001';
    const { patientId, checkInId } = await discharged(phone);
    await expect.poll(() => care.smsTo(phone).length, poll).toBe(1);
    await reply(phone, 'STOP');
    await expect.poll(async () => (await care.gateway.ok<{ optedOut: boolean }>('GET', `/v1/patients/${patientId}`)).optedOut, poll).toBe(true);
    await expect.poll(async () => (await checkIn(checkInId)).closedReason, poll).toBe('opted-out');
    expect((await tasksOf(patientId)).map((t) => t.reasonCodes)).toEqual([['PATIENT_OPTED_OUT']]);
    expect(care.smsTo(phone)).toHaveLength(1);
    expect(callsTo(phone)).toHaveLength(0);
  }, 60_000);

  it('checks in on WhatsApp once the patient prefers it (PATCH), and takes the reply from there', async () => {
    const phone = '+15550406001';
    const patient = await care.gateway.ok<{ id: string }>('POST', '/v1/patients', { name: 'Ada', phone, timezone: 'UTC', preferredChannel: 'sms' });
    expect(await care.gateway.ok('PATCH', `/v1/patients/${patient.id}`, { preferredChannel: 'whatsapp' })).toMatchObject({ preferredChannel: 'whatsapp', phone });
    const episode = await care.gateway.ok<{ id: string }>('POST', `/v1/patients/${patient.id}/episodes`, {});
    const { checkInId } = await care.gateway.ok<{ checkInId: string }>('POST', `/v1/episodes/${episode.id}/discharge`, {});
    await expect.poll(() => care.simulator.messages.sentTo(`whatsapp:${phone}`).length, poll).toBe(1);
    await expect.poll(async () => (await care.notifications(`patientId=${patient.id}`))[0]?.status, poll).toBe('READ');
    await reply(`whatsapp:${phone}`, 'I cannot breathe well at night');
    await expect.poll(async () => (await tasksOf(patient.id)).map((t) => t.severity), poll).toEqual(['HIGH']);
    expect((await checkIn(checkInId)).status).toBe('REPLIED');
    expect(care.smsTo(phone)).toHaveLength(0);
  }, 60_000);

  it("defers the check-in past the patient's quiet hours", async () => {
    const phone = '+15550405001';
    const now = new Date();
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const quietHours = { start: hhmm(new Date(now.getTime() - 3_600_000)), end: hhmm(new Date(now.getTime() + 3_600_000)) };
    const { checkInId } = await discharged(phone, { timezone: 'UTC', quietHours });
    await expect.poll(async () => Date.parse((await care.gateway.ok<{ dueAt: string }>('GET', `/v1/check-ins/${checkInId}`)).dueAt), poll).toBeGreaterThan(now.getTime() + 3_000_000);
    expect(care.smsTo(phone)).toHaveLength(0);
  }, 60_000);
});
