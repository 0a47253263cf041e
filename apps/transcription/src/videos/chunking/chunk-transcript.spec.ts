import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHUNKING, chunkTranscript, type TimedWord } from './chunk-transcript.js';

/** Sentences of 1 to 120 words (some without an ending at all), timed in order. */
const transcripts = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 120 }), fc.constantFrom('.', '?', '!', '')), { maxLength: 80 })
  .map((sentences) => {
    const words: TimedWord[] = [];
    for (const [length, mark] of sentences) {
      for (let i = 0; i < length; i++) {
        const at = words.length * 0.4;
        words.push({ word: `w${words.length}${i === length - 1 ? mark : ''}`, start: at, end: at + 0.3 });
      }
    }
    return words;
  });

describe('chunking a transcript (properties)', () => {
  it('puts every word in some chunk, in order, and nothing else', () => {
    fc.assert(
      fc.property(transcripts, (words) => {
        const chunks = chunkTranscript(words);
        const covered = new Set(chunks.flatMap((c) => Array.from({ length: c.toWord - c.fromWord }, (_, i) => c.fromWord + i)));
        expect(covered.size).toBe(words.length);
        for (const chunk of chunks) expect(chunk.text).toBe(words.slice(chunk.fromWord, chunk.toWord).map((w) => w.word).join(' '));
        chunks.forEach((chunk, i) => {
          expect(chunk.position).toBe(i);
          if (i > 0) expect(chunk.fromWord).toBeGreaterThan(chunks[i - 1].fromWord);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps sizes within 500-1000 words, except a shorter last chunk', () => {
    fc.assert(
      fc.property(transcripts, (words) => {
        const chunks = chunkTranscript(words);
        chunks.forEach((chunk, i) => {
          const size = chunk.toWord - chunk.fromWord;
          expect(size).toBeLessThanOrEqual(CHUNKING.maxWords);
          if (i < chunks.length - 1) expect(size).toBeGreaterThanOrEqual(CHUNKING.minWords);
          else expect(size).toBeGreaterThan(0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('overlaps consecutive chunks by exactly 100 words', () => {
    fc.assert(
      fc.property(transcripts, (words) => {
        const chunks = chunkTranscript(words);
        for (let i = 1; i < chunks.length; i++) expect(chunks[i - 1].toWord - chunks[i].fromWord).toBe(CHUNKING.overlapWords);
      }),
      { numRuns: 300 },
    );
  });

  it('ends a chunk at a sentence end unless the sentence would carry it past 1000 words', () => {
    fc.assert(
      fc.property(transcripts, (words) => {
        const chunks = chunkTranscript(words);
        for (const chunk of chunks.slice(0, -1)) {
          const last = words[chunk.toWord - 1].word;
          if (!/[.!?]$/.test(last)) expect(chunk.toWord - chunk.fromWord).toBe(CHUNKING.maxWords);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('times each chunk from its first word to its last', () => {
    fc.assert(
      fc.property(transcripts, (words) => {
        for (const chunk of chunkTranscript(words)) {
          expect(chunk.startSeconds).toBe(words[chunk.fromWord].start);
          expect(chunk.endSeconds).toBe(words[chunk.toWord - 1].end);
        }
      }),
    );
  });

  it('has no chunks for no words, and one for a short transcript', () => {
    expect(chunkTranscript([])).toEqual([]);
    expect(chunkTranscript([{ word: 'Hello.', start: 0, end: 0.3 }])).toHaveLength(1);
  });
});
