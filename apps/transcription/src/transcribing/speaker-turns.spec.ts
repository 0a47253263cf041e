import { describe, expect, it } from 'vitest';
import { utterancesByPauses, utterancesFromChannels } from './speaker-turns.js';

const w = (word: string, start: number) => ({ word, start, end: start + 0.27 });

describe('speakers from channels', () => {
  it('gives each channel its speaker and interleaves the utterances by time', () => {
    const agent = [w('Hello', 0.5), w('there', 0.8), w('Thanks', 3.5)];
    const callee = [w('Hi', 1.5), w('yes', 1.8)];
    expect(utterancesFromChannels([{ speaker: 'AI', words: agent }, { speaker: 'HUMAN', words: callee }])).toEqual([
      { speaker: 'AI', text: 'Hello there', start: 0.5, end: 1.07 },
      { speaker: 'HUMAN', text: 'Hi yes', start: 1.5, end: 2.07 },
      { speaker: 'AI', text: 'Thanks', start: 3.5, end: 3.77 },
    ]);
  });

  it('keeps a speaker talking through short gaps as one utterance', () => {
    const words = [w('one', 0), w('two', 0.5), w('three', 1.0)];
    expect(utterancesFromChannels([{ speaker: 'HUMAN', words }])).toHaveLength(1);
  });
});

describe('speakers from pauses (mono audio)', () => {
  it('alternates speakers at long pauses, the agent first', () => {
    const words = [w('Hello', 0.5), w('there', 0.8), w('Hi', 2.5), w('Question', 4.5)];
    expect(utterancesByPauses(words).map((u) => [u.speaker, u.text])).toEqual([
      ['AI', 'Hello there'],
      ['HUMAN', 'Hi'],
      ['AI', 'Question'],
    ]);
  });

  it('has nothing to say about silence', () => {
    expect(utterancesByPauses([])).toEqual([]);
  });
});
