import { defineRunKind } from '../runs/run-kind.js';
import {
  videoChunked,
  videoEmbedded,
  videoFailed,
  type VideoRegistered,
  videoRegistered,
  videoRetried,
  videoTranscribed,
  videoTranscriptionStarted,
} from './video.events.js';

/** One video, from its upload to searchable chunks (correlation id = video id); a retry runs it again. */
export const videoKnowledgeRun = defineRunKind({
  kind: 'video-knowledge',
  starts: [videoRegistered.type],
  steps: {
    [videoRegistered.type]: 'pending',
    [videoTranscriptionStarted.type]: 'transcribing',
    [videoTranscribed.type]: 'chunking',
    [videoChunked.type]: 'embedding',
    [videoRetried.type]: 'retrying',
  },
  ends: { [videoEmbedded.type]: 'COMPLETED', [videoFailed.type]: 'FAILED' },
  failures: [videoFailed.type],
  label: (event) => (event.payload as VideoRegistered).title,
});
