export interface TimedWord {
  word: string;
  start: number;
  end: number;
}

export interface TranscriptChunk {
  /** 0, 1, 2... in transcript order. */
  position: number;
  /** Index of the chunk's first word in the transcript, and one past its last. */
  fromWord: number;
  toWord: number;
  text: string;
  startSeconds: number;
  endSeconds: number;
}

export const CHUNKING = { minWords: 500, maxWords: 1_000, overlapWords: 100 } as const;

const endsSentence = (word: string) => /[.!?]["')\]]*$/.test(word);

/**
 * Cuts a transcript into chunks of whole sentences, `minWords` to `maxWords` long, each starting
 * `overlapWords` before the previous one's end so that a passage cut by a boundary is whole in one
 * of the two. A chunk ends at the first sentence end past `minWords`; a sentence that would carry
 * it past `maxWords` is cut there. Only the last chunk may be shorter than `minWords`.
 */
export function chunkTranscript(words: TimedWord[], limits: { minWords: number; maxWords: number; overlapWords: number } = CHUNKING): TranscriptChunk[] {
  const { minWords, maxWords, overlapWords } = limits;
  const chunks: TranscriptChunk[] = [];
  let from = 0;
  while (from < words.length) {
    let to: number;
    if (words.length - from <= maxWords) {
      to = words.length;
    } else {
      to = from;
      while (to - from < minWords) {
        let sentenceEnd = to;
        while (sentenceEnd < words.length - 1 && !endsSentence(words[sentenceEnd].word)) sentenceEnd++;
        to = Math.min(sentenceEnd + 1, from + maxWords);
      }
    }
    const slice = words.slice(from, to);
    chunks.push({
      position: chunks.length,
      fromWord: from,
      toWord: to,
      text: slice.map((w) => w.word).join(' '),
      startSeconds: slice[0].start,
      endSeconds: slice[slice.length - 1].end,
    });
    if (to === words.length) break;
    from = to - overlapWords;
  }
  return chunks;
}
