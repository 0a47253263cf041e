import { NonRetriableError } from '@switchboard/durable';
import { ProviderSimulator, SIMULATOR_OPENAI_KEY } from '@switchboard/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitChannels, wavInfo } from '../audio/wav.js';
import { TwilioTelephony } from '../twilio/twilio.adapter.js';
import { OpenAiSpeechToText } from './openai.adapter.js';

let simulator: ProviderSimulator;
let twilio: TwilioTelephony;
let whisper: OpenAiSpeechToText;
let receiver: Server;
let callbackUrl: string;
const recordings = new Map<string, string>();

beforeAll(async () => {
  simulator = await ProviderSimulator.start({ callStepMs: 5 });
  twilio = new TwilioTelephony({ ...simulator.twilioAccount, baseUrl: simulator.baseUrl });
  whisper = new OpenAiSpeechToText({ apiKey: SIMULATOR_OPENAI_KEY, baseUrl: simulator.openaiBaseUrl });
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const params = new URLSearchParams(body);
      if (params.get('RecordingUrl')) recordings.set(params.get('CallSid')!, params.get('RecordingUrl')!);
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/twilio/voice`;
});
afterAll(async () => {
  await simulator.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

async function recordedCall(to: string, dialogue: { speaker: 'agent' | 'callee'; text: string }[]): Promise<Buffer> {
  simulator.state.callees.set(to, { outcome: 'completed', dialogue });
  const call = await twilio.placeCall({
    to,
    from: '+15550000000',
    twiml: '<Response/>',
    statusCallbackUrl: `${callbackUrl}/status`,
    recordingStatusCallbackUrl: `${callbackUrl}/recording`,
  });
  await expect.poll(() => recordings.get(call.sid), { timeout: 5_000 }).toBeDefined();
  return twilio.downloadRecording(recordings.get(call.sid)!);
}

describe('Whisper (official SDK) on the simulator, per channel', () => {
  it('transcribes each channel of a dual-channel recording with word timestamps', async () => {
    const audio = await recordedCall('+15552220001', [
      { speaker: 'agent', text: 'Did your prices change this year?' },
      { speaker: 'callee', text: 'Yes they went up ten percent' },
    ]);
    expect(wavInfo(audio).channels).toBe(2);
    const [agentChannel, calleeChannel] = splitChannels(audio);
    const agent = await whisper.transcribe(agentChannel, { filename: 'agent.wav' });
    const callee = await whisper.transcribe(calleeChannel, { filename: 'callee.wav' });
    expect(agent.text).toBe('Did your prices change this year?');
    expect(callee.text).toBe('Yes they went up ten percent');
    expect(callee.words[0].start).toBeGreaterThan(agent.words.at(-1)!.end);
    expect(callee.durationSeconds).toBeGreaterThan(callee.words.at(-1)!.end);
    const [sent] = simulator.state.requests.filter((r) => r.endpoint === 'openai.transcriptions');
    expect(sent).toBeDefined();
  });

  it('hears silence on a channel nobody spoke on', async () => {
    const audio = await recordedCall('+15552220002', [{ speaker: 'agent', text: 'Hello? Anyone there?' }]);
    const [, callee] = splitChannels(audio);
    expect(await whisper.transcribe(callee, { filename: 'callee.wav' })).toMatchObject({ text: '', words: [] });
  });

  it('refuses over 25 MB before uploading, and an unsupported format for good', async () => {
    const before = simulator.state.requests.length;
    await expect(whisper.transcribe(Buffer.alloc(26 * 1024 * 1024), { filename: 'huge.wav' })).rejects.toBeInstanceOf(NonRetriableError);
    expect(simulator.state.requests.length).toBe(before);
    await expect(whisper.transcribe(Buffer.from('not audio at all'), { filename: 'note.txt' })).rejects.toBeInstanceOf(NonRetriableError);
  });
});
