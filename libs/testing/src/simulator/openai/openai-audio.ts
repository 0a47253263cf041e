import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpeg } from '../../media/ffmpeg.js';
import type { AudioCpu } from '../audio/audio-cpu.js';
import type { Reply, SimRequest } from '../http-kit.js';
import { type Speaker, TONES, type TimedWord, wordTimeline } from '../audio/dialogue-wav.js';
import type { SimRecording } from '../twilio/twilio-calls.js';
import { hearWords, int16View, spokenScript, wavSamples } from '../audio/spoken-words.js';

const MAX_BYTES = 25 * 1024 * 1024;
/** What Whisper takes, told by the file's extension as the real API does. */
const FORMATS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];
/** Compressed speech is heard at 8 kHz: the test media's own rate, and half the samples of 16 kHz to listen to. */
const DECODE_RATE = 8_000;

/**
 * Whisper's transcription endpoint for the simulator's own recordings: the file's INFO comment
 * names the recording, the dominant tone tells the speaker of a single-channel upload, and the
 * answer is that speaker's scripted words with their timestamps (verbose_json, word granularity).
 * Video speech (spoken-words test media) is heard from the audio itself: a WAV's samples, or any
 * other format Whisper takes decoded by ffmpeg.
 */
export class OpenAiAudio {
  constructor(
    private readonly recordings: Map<string, SimRecording>,
    /** Where parsing and listening to uploads is accounted. */
    private readonly audioCpu: AudioCpu,
  ) {}

  async transcribe(request: SimRequest): Promise<Reply> {
    const { file, filename, fields } = await this.audioCpu.measure(() => multipart(request));
    if (!file) return invalid("Missing required parameter: 'file'.");
    if (file.length > MAX_BYTES) return { status: 413, body: { error: { message: 'Maximum content size limit (26214400) exceeded', type: 'invalid_request_error' } } };
    const extension = /\.(\w+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
    if (!FORMATS.includes(extension)) return invalid(`Invalid file format. Supported formats: [${FORMATS.join(', ')}]`);
    const wav = file.toString('ascii', 0, 4) === 'RIFF';
    const script = spokenScript(file);
    if (script) {
      const audio = wav ? wavSamples(file) : await decoded(file, extension);
      return audio ? spoken(audio, script, fields.response_format === 'verbose_json') : invalid('Audio file could not be decoded or its format is not supported.');
    }
    if (!wav) return invalid('Audio file could not be decoded or its format is not supported.');
    return this.audioCpu.measure(() => this.recordingWords(file, fields));
  }

  /** One of the simulator's own recordings (or a channel of it): its scripted words. */
  private recordingWords(file: Buffer, fields: Record<string, string>): Reply {
    const recordingSid = recordingSidIn(file);
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
function spoken(audio: { samples: Int16Array; sampleRate: number }, script: string[], verbose: boolean): Reply {
  const words = hearWords(audio, script);
  const duration = audio.samples.length / audio.sampleRate;
  const text = words.map((w) => w.word).join(' ');
  return { status: 200, body: verbose ? { task: 'transcribe', language: 'english', duration, text, words, segments: [] } : { text } };
}

/**
 * Compressed audio's first track as mono 16-bit samples, or undefined when ffmpeg cannot read it.
 * Files both ways (an m4a's index may sit at its end; one read of the samples, no copies of them).
 */
async function decoded(file: Buffer, extension: string): Promise<{ samples: Int16Array; sampleRate: number } | undefined> {
  const path = join(tmpdir(), `simulated-whisper-${randomUUID()}`);
  try {
    await writeFile(`${path}.${extension}`, file);
    await ffmpeg(['-i', `${path}.${extension}`, '-map', '0:a:0', '-ac', '1', '-ar', String(DECODE_RATE), '-f', 's16le', `${path}.pcm`]);
    return { samples: int16View(await readFile(`${path}.pcm`)), sampleRate: DECODE_RATE };
  } catch {
    return undefined;
  } finally {
    await Promise.all([rm(`${path}.${extension}`, { force: true }), rm(`${path}.pcm`, { force: true })]);
  }
}

const invalid = (message: string): Reply => ({ status: 400, body: { error: { message, type: 'invalid_request_error' } } });

function multipart(request: SimRequest): Promise<{ file?: Buffer; filename: string; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Buffer | undefined;
    let filename = '';
    const parser = busboy({ headers: request.headers, limits: { fileSize: MAX_BYTES + 1 } });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      filename = info.filename ?? '';
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('end', () => (file = Buffer.concat(parts)));
    });
    parser.on('close', () => resolve({ file, filename, fields }));
    parser.on('error', reject);
    parser.end(request.raw);
  });
}

const RECORDING_COMMENT = 'switchboard-simulator:';

/** The recording sid a simulator recording's comment names: found in the bytes, not in a string of the whole file. */
function recordingSidIn(file: Buffer): string | undefined {
  const at = file.indexOf(RECORDING_COMMENT, 0, 'latin1');
  if (at < 0) return undefined;
  return /^RE\w+/.exec(file.toString('latin1', at + RECORDING_COMMENT.length, at + RECORDING_COMMENT.length + 64))?.[0];
}

/** Which scripted voice a mono recording carries: its zero-crossing rate gives the tone. */
function dominantSpeaker(wav: Buffer): Speaker | undefined {
  const samples = int16View(wav.subarray(wav.indexOf('data') + 8));
  const sampleRate = wav.readUInt32LE(24);
  let crossings = 0;
  let voiced = 0;
  let previous = 0;
  for (let at = 0; at < samples.length; at++) {
    const sample = samples[at];
    if (Math.abs(sample) < 200) continue;
    voiced += 1;
    if ((sample > 0) !== (previous > 0)) crossings += 1;
    previous = sample;
  }
  if (voiced < sampleRate * 0.1) return undefined; // silence
  const frequency = (crossings / 2) * (sampleRate / voiced);
  return Math.abs(frequency - TONES.agent) < Math.abs(frequency - TONES.callee) ? 'agent' : 'callee';
}
