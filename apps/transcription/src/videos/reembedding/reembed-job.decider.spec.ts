import { reembedJobCompleted, reembedJobStarted, reembedJobVideoFinished, reembedJobVideoRequested } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { reembedJobDecider } from './reembed-job.decider.js';

const spec = DeciderSpecification.for(reembedJobDecider);
const jobId = '5d0f6c1e-8e0b-4a55-a9c1-0a1b2c3d4e5f';
const [v1, v2] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
const started = reembedJobStarted.create({ jobId, selector: 'creator c1', videoIds: [v1, v2] });
const requested1 = reembedJobVideoRequested.create({ jobId, videoId: v1, action: 'reembed' });

describe('a re-embed job', () => {
  it('requests each of its videos once, so a resumed job skips what it asked for', () => {
    spec.given([]).when({ type: 'start', jobId, selector: 'creator c1', videoIds: [v1, v2] }).then([started]);
    spec.given([started]).when({ type: 'request', videoId: v1, action: 'reembed' }).then([requested1]);
    spec.given([started, requested1]).when({ type: 'request', videoId: v1, action: 'reembed' }).then([]);
    spec.given([started]).when({ type: 'request', videoId: '33333333-3333-4333-8333-333333333333', action: 'reembed' }).then([]);
  });

  it('finishes a retried or skipped video at once, a re-embedded one when its vectors are in, and completes with the last', () => {
    const finished1 = reembedJobVideoFinished.create({ jobId, videoId: v1, outcome: 'reembedded' });
    spec.given([started, requested1]).when({ type: 'finish', videoId: v1, outcome: 'reembedded' }).then([finished1]);
    spec.given([started, requested1, finished1]).when({ type: 'finish', videoId: v1, outcome: 'reembedded' }).then([]);
    spec
      .given([started, requested1, finished1])
      .when({ type: 'request', videoId: v2, action: 'retry' })
      .then([
        reembedJobVideoRequested.create({ jobId, videoId: v2, action: 'retry' }),
        reembedJobVideoFinished.create({ jobId, videoId: v2, outcome: 'retried' }),
        reembedJobCompleted.create({ jobId, videos: 2, failed: 0 }),
      ]);
  });
});
