import { videoChunked, videoEmbedded, videoFailed, videoRegistered, videoRetried, videoTranscribed, videoTranscriptionStarted } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { videoDecider } from './video.decider.js';

const spec = DeciderSpecification.for(videoDecider);
const ids = { videoId: '7f1d2a4e-9a51-4c55-8f3e-1f0e0e9f6a01', creatorId: 'creator-1' };
const upload = { ...ids, title: 'Intro', language: 'en', storageKey: 'videos/creator-1/a', bytes: 1024, contentType: 'video/mp4' };
const registered = videoRegistered.create(upload);
const started = videoTranscriptionStarted.create(ids);
const transcribed = videoTranscribed.create({ ...ids, words: 1200, durationSeconds: 480, parts: 1, costUsd: 0.048 });
const chunked = videoChunked.create({ ...ids, generation: 1, chunks: 2 });
const embedding = { model: 'text-embedding-3-small', dimensions: 256, tokens: 1500, costUsd: 0.00003 };
const embedded = videoEmbedded.create({ ...ids, generation: 1, ...embedding });

describe('a Video', () => {
  it('is registered once', () => {
    spec.given([]).when({ type: 'register', ...upload }).then([registered]);
    spec.given([registered]).when({ type: 'register', ...upload }).then([]);
  });

  it('walks pending -> transcribing -> processing -> embedding -> completed, each step once', () => {
    spec.given([registered]).when({ type: 'start-transcription' }).then([started]);
    spec.given([registered, started]).when({ type: 'start-transcription' }).then([]);
    spec.given([registered, started]).when({ type: 'complete-transcription', words: 1200, durationSeconds: 480, parts: 1, costUsd: 0.048 }).then([transcribed]);
    spec.given([registered, started, transcribed]).when({ type: 'chunk', chunks: 2 }).then([chunked]);
    spec.given([registered, started, transcribed, chunked]).when({ type: 'chunk', chunks: 2 }).then([]);
    spec.given([registered, started, transcribed, chunked]).when({ type: 'complete-embedding', generation: 1, ...embedding }).then([embedded]);
  });

  it('is never embedded twice, nor with a stale generation', () => {
    spec.given([registered, started, transcribed, chunked, embedded]).when({ type: 'complete-embedding', generation: 1, ...embedding }).then([]);
    spec.given([registered, started, transcribed, chunked]).when({ type: 'complete-embedding', generation: 2, ...embedding }).then([]);
  });

  it('fails once, from any unfinished step, with the step and reason', () => {
    const failed = videoFailed.create({ ...ids, step: 'transcribe', reason: 'silence: the video has no speech' });
    spec.given([registered, started]).when({ type: 'fail', step: 'transcribe', reason: 'silence: the video has no speech' }).then([failed]);
    spec.given([registered, started, failed]).when({ type: 'fail', step: 'transcribe', reason: 'again' }).then([]);
    spec.given([registered, started, transcribed, chunked, embedded]).when({ type: 'fail', step: 'embed', reason: 'late' }).then([]);
    spec.given([registered, started, failed]).when({ type: 'complete-transcription', words: 1, durationSeconds: 1, parts: 1, costUsd: 0 }).then([]);
  });

  it('is retried only when failed, and a retry chunks into a new generation', () => {
    const failed = videoFailed.create({ ...ids, step: 'embed', reason: 'embeddings 500' });
    const retried = videoRetried.create(ids);
    spec.given([registered, started]).when({ type: 'retry' }).then([]);
    const history = [registered, started, transcribed, chunked, failed];
    spec.given(history).when({ type: 'retry' }).then([retried]);
    spec
      .given([...history, retried, started, transcribed])
      .when({ type: 'chunk', chunks: 3 })
      .then([videoChunked.create({ ...ids, generation: 2, chunks: 3 })]);
  });

  it('is re-embedded by a job into a new generation when completed, retried when failed, left alone otherwise', () => {
    const jobId = '0b7c3f0e-54a4-4c1e-9d6e-2f1b3c4d5e6f';
    const done = [registered, started, transcribed, chunked, embedded];
    const rechunked = videoChunked.create({ ...ids, generation: 2, chunks: 2, reembedJobId: jobId });
    spec.given(done).when({ type: 'reembed', jobId }).then([rechunked]);
    spec.given([...done, rechunked]).when({ type: 'complete-embedding', generation: 2, ...embedding }).then([
      videoEmbedded.create({ ...ids, generation: 2, ...embedding, reembedJobId: jobId }),
    ]);
    spec.given([...done, rechunked]).when({ type: 'fail', step: 'embed', reason: 'quota' }).then([
      videoFailed.create({ ...ids, step: 'embed', reason: 'quota', reembedJobId: jobId }),
    ]);
    spec.given([registered, started, videoFailed.create({ ...ids, step: 'transcribe', reason: 'x' })]).when({ type: 'reembed', jobId }).then([videoRetried.create(ids)]);
    spec.given([registered, started]).when({ type: 'reembed', jobId }).then([]);
  });
});
