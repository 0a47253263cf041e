import { recordingDownloaded, transcriptCompleted, transcriptFailed } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { transcriptDecider } from './transcript.decider.js';

const spec = DeciderSpecification.for(transcriptDecider);
const ids = { callId: 'call-1', campaignId: 'camp-1' };
const downloaded = recordingDownloaded.create({ ...ids, bytes: 1024 });
const utterances = [{ speaker: 'AI' as const, text: 'Hello', start: 0.5, end: 0.8 }];
const completed = transcriptCompleted.create({ ...ids, text: 'Hello', utterances, durationSeconds: 3 });

describe('a Transcript', () => {
  it('keeps the recording once', () => {
    spec.given([]).when({ type: 'keep-recording', ...ids, bytes: 1024 }).then([downloaded]);
    spec.given([downloaded]).when({ type: 'keep-recording', ...ids, bytes: 1024 }).then([]);
  });

  it('is completed once, from a kept recording', () => {
    spec.given([downloaded]).when({ type: 'complete', text: 'Hello', utterances, durationSeconds: 3 }).then([completed]);
    spec.given([downloaded, completed]).when({ type: 'complete', text: 'Hello', utterances, durationSeconds: 3 }).then([]);
    spec.given([]).when({ type: 'complete', text: 'Hello', utterances, durationSeconds: 3 }).then([]);
  });

  it('fails for good, once, and a failed transcript is not completed later', () => {
    const failed = transcriptFailed.create({ ...ids, reason: 'silence' });
    spec.given([downloaded]).when({ type: 'fail', ...ids, reason: 'silence' }).then([failed]);
    spec.given([]).when({ type: 'fail', ...ids, reason: 'recording missing' }).then([transcriptFailed.create({ ...ids, reason: 'recording missing' })]);
    spec.given([downloaded, failed]).when({ type: 'fail', ...ids, reason: 'again' }).then([]);
    spec.given([downloaded, failed]).when({ type: 'complete', text: 'x', utterances, durationSeconds: 1 }).then([]);
    spec.given([downloaded, completed]).when({ type: 'fail', ...ids, reason: 'late' }).then([]);
  });
});
