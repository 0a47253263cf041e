import busboy from 'busboy';
import type { Reply, SimRequest } from '../http-kit.js';
import { type Speaker, TONES, type TimedWord, wordTimeline } from '../audio/dialogue-wav.js';
import type { SimRecording } from '../twilio/twilio-calls.js';
import { hearWords, spokenScript } from '../audio/spoken-words.js';

const MAX_BYTES = 25 * 1024 * 1024;

/**
 * Whisper's transcription endpoint for the simulator's own recordings: the file's INFO comment
 * names the recording, the dominant tone tells the speaker of a single-channel upload, and the
 * answer is that speaker's scripted words with their timestamps (verbose_json, word granularity).
 */
export class OpenAiAudio {
  constructor(private readonly recordings: Map<string, SimRecording>) {}

  async transcribe(request: SimRequest): Promise<Reply> {
    const { file, fields } = await multipart(request);
    if (!file) return invalid("Missing required parameter: 'file'.");
    if (file.length > MAX_BYTES) return { status: 413, body: { error: { message: 'Maximum content size limit (26214400) exceeded', type: 'invalid_request_error' } } };
    if (file.toString('ascii', 0, 4) !== 'RIFF') return invalid('Invalid file format. Supported formats: [flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm]');
    const script = spokenScript(file);
    if (script) return spoken(file, script, fields.response_format === 'verbose_json');
    const recordingSid = /switchboard-simulator:(RE\w+)/.exec(file.toString('latin1'))?.[1];
    const recording = recordingSid ? this.recordings.get(recordingSid) : undefined;
    const channels = file.readUInt16LE(22);
    const speaker = channels === 1 ? dominantSpeaker(file) : undefined;
    // A stereo upload hears everyone; a mono one only its speaker, and nothing when it is silent.
    const words: TimedWord[] =
      recording && (channels > 1 || speaker) ? wordTimeline(recording.dialogue).filter((w) => !speaker || w.speaker === speaker) : [];
    const duration = (file.length - 44) / (file.readUInt32LE(28) || 1);
    const text = words.map((w) => w.word).join(' ');
    const verbose = fields.response_format === 'verbose_json';
    return {
      status: 200,
      body: verbose
        ? { task: 'transcribe', language: 'english', duration, text, words: words.map(({ word, start, end }) => ({ word, start, end })), segments: [] }
        : { text },
    };
  }
}

/** A video's audio (spoken-words test media): the words heard in this file, timed from its start. */
function spoken(file: Buffer, script: string[], verbose: boolean): Reply {
  const words = hearWords(file, script);
  const duration = (file.length - file.indexOf('data') - 8) / (file.readUInt32LE(28) || 1);
  const text = words.map((w) => w.word).join(' ');
  return { status: 200, body: verbose ? { task: 'transcribe', language: 'english', duration, text, words, segments: [] } : { text } };
}

const invalid = (message: string): Reply => ({ status: 400, body: { error: { message, type: 'invalid_request_error' } } });

function multipart(request: SimRequest): Promise<{ file?: Buffer; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Buffer | undefined;
    const parser = busboy({ headers: request.headers, limits: { fileSize: MAX_BYTES + 1 } });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream) => {
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('end', () => (file = Buffer.concat(parts)));
    });
    parser.on('close', () => resolve({ file, fields }));
    parser.on('error', reject);
    parser.end(request.raw);
  });
}

/** Which scripted voice a mono recording carries: its zero-crossing rate gives the tone. */
function dominantSpeaker(wav: Buffer): Speaker | undefined {
  const dataAt = wav.indexOf('data') + 8;
  const sampleRate = wav.readUInt32LE(24);
  let crossings = 0;
  let voiced = 0;
  let previous = 0;
  for (let at = dataAt; at + 2 <= wav.length; at += 2) {
    const sample = wav.readInt16LE(at);
    if (Math.abs(sample) < 200) continue;
    voiced += 1;
    if ((sample > 0) !== (previous > 0)) crossings += 1;
    previous = sample;
  }
  if (voiced < sampleRate * 0.1) return undefined; // silence
  const frequency = (crossings / 2) * (sampleRate / voiced);
  return Math.abs(frequency - TONES.agent) < Math.abs(frequency - TONES.callee) ? 'agent' : 'callee';
}
