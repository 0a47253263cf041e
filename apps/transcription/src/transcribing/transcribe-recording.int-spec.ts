import { NonRetriableError } from '@switchboard/durable';
import { OpenAiSpeechToText, splitChannels } from '@switchboard/providers';
import { ProviderSimulator, SIMULATOR_OPENAI_KEY } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcribeRecording } from './transcribe-recording.js';

let simulator: ProviderSimulator;
let speech: OpenAiSpeechToText;
beforeAll(async () => {
  simulator = await ProviderSimulator.start();
  speech = new OpenAiSpeechToText({ apiKey: SIMULATOR_OPENAI_KEY, baseUrl: simulator.openaiBaseUrl });
});
afterAll(() => simulator.stop());

const dialogue = [
  { speaker: 'agent' as const, text: 'How do patients book appointments today?' },
  { speaker: 'callee' as const, text: 'Mostly by phone, honestly.' },
  { speaker: 'agent' as const, text: 'Thank you.' },
];
const transcriptions = () => simulator.state.requests.filter((r) => r.endpoint === 'openai.transcriptions').length;

/** A PCM WAV header over `dataBytes` of silence. */
function silentWav(channels: number, dataBytes: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(8_000, 24);
  header.writeUInt32LE(8_000 * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

describe('transcribing a recording (Whisper through the OpenAI SDK, against the simulator)', () => {
  it('takes speakers from the channels of a dual-channel recording: agent AI, callee HUMAN', async () => {
    const result = await transcribeRecording(speech, simulator.recordDialogue(dialogue), 'call-1');
    expect(result.utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['AI', 'How do patients book appointments today?'],
      ['HUMAN', 'Mostly by phone, honestly.'],
      ['AI', 'Thank you.'],
    ]);
    expect(result.utterances.every((u) => u.end > u.start)).toBe(true);
    expect(result.text).toContain('Callee: Mostly by phone, honestly.');
  });

  it('falls back to pauses on mono audio', async () => {
    const [agentOnly] = splitChannels(simulator.recordDialogue(dialogue));
    const result = await transcribeRecording(speech, agentOnly, 'call-2');
    // The agent's two turns are apart by the callee's answer: a pause, so a change of speaker.
    expect(result.utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['AI', 'How do patients book appointments today?'],
      ['HUMAN', 'Thank you.'],
    ]);
  });

  it('fails for good on silence, on what is not audio it reads, and on audio too large even split', async () => {
    await expect(transcribeRecording(speech, silentWav(2, 64_000), 'call-3')).rejects.toThrow(/silence/);
    const before = transcriptions();
    const notWav = transcribeRecording(speech, Buffer.from('ID3\u0004 an mp3 file'), 'call-4');
    await expect(notWav).rejects.toThrow(/unsupported format/);
    await expect(notWav).rejects.toBeInstanceOf(NonRetriableError);
    await expect(transcribeRecording(speech, silentWav(2, 52 * 1024 * 1024), 'call-5')).rejects.toThrow(/too large/);
    expect(transcriptions()).toBe(before); // neither was sent
  });
});
