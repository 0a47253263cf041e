import { NonRetriableError, RetryAfterError, TimeoutError } from '@switchboard/durable';
import { ProviderSimulator } from '@switchboard/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioTelephony } from './twilio.adapter.js';

let simulator: ProviderSimulator;
let twilio: TwilioTelephony;
let receiver: Server;
let callbackUrl: string;
const callbacks: { params: Record<string, string>; signature: string }[] = [];

beforeAll(async () => {
  simulator = await ProviderSimulator.start({ callStepMs: 10 });
  twilio = new TwilioTelephony({ ...simulator.twilioAccount, baseUrl: simulator.baseUrl });
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      callbacks.push({ params: Object.fromEntries(new URLSearchParams(body)), signature: String(request.headers['x-twilio-signature']) });
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/twilio/voice/status`;
});
beforeEach(() => {
  simulator.state.reset();
  callbacks.length = 0;
});
afterAll(async () => {
  await simulator.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

const dial = (to: string) => twilio.placeCall({ to, from: '+15550000000', twiml: '<Response><Say>Hi</Say></Response>', statusCallbackUrl: callbackUrl });
const statuses = (sid: string) => callbacks.filter((c) => c.params.CallSid === sid).map((c) => c.params.CallStatus);

describe('TwilioTelephony against the simulator (official SDK, custom HTTP client)', () => {
  it('places a call, which then rings, answers and completes with signed callbacks', async () => {
    const call = await dial('+15551230001');
    expect(call).toMatchObject({ to: '+15551230001', status: 'queued' });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    await expect.poll(() => statuses(call.sid), { timeout: 5_000 }).toEqual(['ringing', 'in-progress', 'completed']);
    expect(await twilio.fetchCall(call.sid)).toMatchObject({ status: 'completed', durationSeconds: 42 });
    expect((await twilio.listCallsTo('+15551230001')).map((c) => c.sid)).toEqual([call.sid]);
    expect(simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create')).toHaveLength(1);
  });

  it("accepts the simulator's signatures, and rejects a tampered body or a wrong URL", async () => {
    const call = await dial('+15551230002');
    await expect.poll(() => statuses(call.sid).length, { timeout: 5_000 }).toBe(3);
    const { params, signature } = callbacks.find((c) => c.params.CallSid === call.sid)!;
    expect(twilio.isAuthenticWebhook(callbackUrl, params, signature)).toBe(true);
    expect(twilio.isAuthenticWebhook(callbackUrl, { ...params, CallStatus: 'completed-forged' }, signature)).toBe(false);
    expect(twilio.isAuthenticWebhook(callbackUrl.replace('status', 'other'), params, signature)).toBe(false);
  });

  it('follows the scripted outcome of a callee: busy', async () => {
    simulator.state.callees.set('+15551230003', { outcome: 'busy' });
    const call = await dial('+15551230003');
    await expect.poll(() => statuses(call.sid), { timeout: 5_000 }).toEqual(['ringing', 'busy']);
  });

  it('maps an invalid number (21211) to NonRetriableError', async () => {
    await expect(dial('555-not-a-number')).rejects.toBeInstanceOf(NonRetriableError);
    simulator.state.callees.set('+15551230004', { outcome: 'invalid' });
    await expect(dial('+15551230004')).rejects.toThrow(/Twilio 21211/);
  });

  it('maps 429 to RetryAfterError with the Retry-After delay', async () => {
    simulator.state.setFault('twilio.calls.create', { status: 429, retryAfterSeconds: 7, times: 1 });
    const failure = await dial('+15551230005').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RetryAfterError);
    expect((failure as RetryAfterError).retryAfterMs).toBe(7_000);
    await expect(dial('+15551230005')).resolves.toMatchObject({ status: 'queued' });
  });

  it('records the dialogue: a signed recording callback, then a dual-channel WAV to download', async () => {
    simulator.state.callees.set('+15551230009', {
      outcome: 'completed',
      dialogue: [
        { speaker: 'agent', text: 'Did prices go up?' },
        { speaker: 'callee', text: 'Yes by ten percent' },
      ],
    });
    const call = await twilio.placeCall({
      to: '+15551230009',
      from: '+15550000000',
      twiml: '<Response/>',
      statusCallbackUrl: callbackUrl,
      recordingStatusCallbackUrl: `${callbackUrl}/recording`,
    });
    await expect.poll(() => callbacks.find((c) => c.params.CallSid === call.sid && c.params.RecordingSid), { timeout: 5_000 }).toBeDefined();
    const recorded = callbacks.find((c) => c.params.RecordingSid)!;
    expect(recorded.params).toMatchObject({ RecordingStatus: 'completed', RecordingChannels: '2' });
    expect(twilio.isAuthenticWebhook(`${callbackUrl}/recording`, recorded.params, recorded.signature)).toBe(true);
    const [created] = simulator.state.requests.filter((r) => r.body.To === '+15551230009');
    expect(created.body).toMatchObject({ Record: 'true', RecordingChannels: 'dual' });

    const audio = await twilio.downloadRecording(recorded.params.RecordingUrl);
    expect(audio.subarray(0, 4).toString()).toBe('RIFF');
    expect(audio.readUInt16LE(22)).toBe(2); // channels
    await expect(twilio.downloadRecording(recorded.params.RecordingUrl.replace(/RE\w+$/, 'RE404'))).rejects.toBeInstanceOf(NonRetriableError);

    // Listed with its call, as a recording whose callback was lost is found: the same media, on Twilio's API host.
    const [listed] = await twilio.listRecordings(call.sid);
    expect(listed).toEqual({ sid: recorded.params.RecordingSid, status: 'completed', durationSeconds: 42, url: expect.stringMatching(/^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC0+\/Recordings\/RE\w+$/) });
    expect((await twilio.downloadRecording(listed.url)).equals(audio)).toBe(true);
  });

  it('can deliver every status callback three times, shuffled (webhook faults)', async () => {
    simulator.state.setFault('twilio.calls.create', { duplicateWebhooks: 3, shuffleWebhooks: true, times: 1 });
    const call = await dial('+15551230010');
    await expect.poll(() => statuses(call.sid).length, { timeout: 5_000 }).toBe(9);
    expect([...statuses(call.sid)].sort()).toEqual(['completed', 'completed', 'completed', 'in-progress', 'in-progress', 'in-progress', 'ringing', 'ringing', 'ringing']);
  });

  it('gives up on a Twilio slower than its timeout, retriably', async () => {
    simulator.state.setFault('twilio.calls.fetch', { latencyMs: 1_000, times: 1 });
    const impatient = new TwilioTelephony({ ...simulator.twilioAccount, baseUrl: simulator.baseUrl, timeoutMs: 100 });
    const failure = await impatient.fetchCall('CA1').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TimeoutError);
  });

  it('speaks a voice notification', async () => {
    const call = await twilio.notifyByVoice('+15551230011', '+15550000000', 'Your appointment is tomorrow at 9.', callbackUrl);
    expect(call.status).toBe('queued');
    const [created] = simulator.state.requests.filter((r) => r.body.To === '+15551230011');
    expect(created.body.Twiml).toContain('<Say>Your appointment is tomorrow at 9.</Say>');
    expect(created.body.Record).toBeUndefined();
  });

  it('sends SMS and WhatsApp messages', async () => {
    const sms = await twilio.sendMessage({ to: '+15551230007', from: '+15550000000', body: 'Your check-in', channel: 'sms' });
    const whatsapp = await twilio.sendMessage({ to: '+15551230007', from: '+15550000000', body: 'Hi', channel: 'whatsapp' });
    expect([sms.status, whatsapp.status]).toEqual(['queued', 'queued']);
    const sent = simulator.state.requests.filter((r) => r.endpoint === 'twilio.messages.create').map((r) => r.body.To);
    expect(sent).toEqual(['+15551230007', 'whatsapp:+15551230007']);
    await expect(twilio.sendMessage({ to: '12', from: '+15550000000', body: 'x', channel: 'sms' })).rejects.toBeInstanceOf(NonRetriableError);
  });

  it('after a crash between Twilio accepting a call and our answer, the call can be found again', async () => {
    simulator.state.setFault('twilio.calls.create', { crashAfterAccept: true, times: 1 });
    const failure = await dial('+15551230008').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(NonRetriableError);
    // Reconciliation before re-dialling: the call exists, so no second call is placed.
    const placed = await twilio.listCallsTo('+15551230008');
    expect(placed).toHaveLength(1);
    expect(simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create')).toHaveLength(1);
  });

  it('keeps a 500 retriable, and refuses wrong credentials for good', async () => {
    simulator.state.setFault('twilio.calls.create', { status: 500, times: 1 });
    const failure = await dial('+15551230006').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(NonRetriableError);
    expect(failure).not.toBeInstanceOf(RetryAfterError);
    const impostor = new TwilioTelephony({ ...simulator.twilioAccount, authToken: 'wrong', baseUrl: simulator.baseUrl });
    await expect(impostor.fetchCall('CA0')).rejects.toBeInstanceOf(NonRetriableError);
  });
});
