import { NonRetriableError } from '@switchboard/durable';
import type { Utterance } from '@switchboard/contracts';
import { splitChannels, SpeechToTextPort, wavInfo } from '@switchboard/providers';
import { utterancesByPauses, utterancesFromChannels } from './speaker-turns.js';

export interface TranscribedRecording {
  text: string;
  utterances: Utterance[];
  durationSeconds: number;
}

const tooLarge = (bytes: number) => bytes > SpeechToTextPort.MAX_UPLOAD_BYTES;

/**
 * Speech to utterances. A dual-channel recording is transcribed channel by channel (the agent's,
 * then the callee's), which also halves what each upload weighs; mono falls back to pauses.
 * What no retry can change (not audio we read, too large even split, silence) is NonRetriable.
 */
export async function transcribeRecording(
  speech: SpeechToTextPort,
  audio: Buffer,
  name: string,
  signal?: AbortSignal,
): Promise<TranscribedRecording> {
  let info: ReturnType<typeof wavInfo>;
  try {
    info = wavInfo(audio);
  } catch (error) {
    throw new NonRetriableError(`unsupported format: ${(error as Error).message}`);
  }
  let utterances: Utterance[];
  if (info.channels === 2) {
    const [agent, callee] = splitChannels(audio);
    if (tooLarge(agent.length)) throw new NonRetriableError(`too large: each channel is ${agent.length} bytes, over the 25 MB upload limit`);
    const [agentWords, calleeWords] = await Promise.all([
      speech.transcribe(agent, { filename: `${name}-agent.wav`, signal }),
      speech.transcribe(callee, { filename: `${name}-callee.wav`, signal }),
    ]);
    utterances = utterancesFromChannels([
      { speaker: 'AI', words: agentWords.words },
      { speaker: 'HUMAN', words: calleeWords.words },
    ]);
  } else {
    if (tooLarge(audio.length)) throw new NonRetriableError(`too large: ${audio.length} bytes of mono audio, over the 25 MB upload limit`);
    utterances = utterancesByPauses((await speech.transcribe(audio, { filename: `${name}.wav`, signal })).words);
  }
  if (utterances.length === 0) throw new NonRetriableError('silence: the recording has no speech');
  return {
    text: utterances.map((u) => `${u.speaker === 'AI' ? 'Agent' : 'Callee'}: ${u.text}`).join('\n'),
    utterances,
    durationSeconds: Math.round(info.durationSeconds * 100) / 100,
  };
}
