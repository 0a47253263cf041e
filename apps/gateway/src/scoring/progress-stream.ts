import type { ScoringJobView, ScoringJobViewStatus } from '@switchboard/contracts';
import type { Request, Response } from 'express';

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
const ENDED: ScoringJobViewStatus[] = ['COMPLETED', 'COMPLETED_WITH_FAILURES', 'CANCELED', 'FAILED'];

type JobProgress = Pick<ScoringJobView, 'status' | 'calls'>;

/** Names a state of progress: it only grows as calls move on, so a reconnecting client's Last-Event-ID says what it has seen. */
export function progressId(job: JobProgress): string {
  const c = job.calls;
  const final = c.skipped + c.scored + c.failed + c.canceled;
  return [c.received, c.triaged + final, final, ENDED.indexOf(job.status) + 1].join('.');
}

/**
 * Server-sent events of a job's progress: an event whenever it changes (its id from progressId),
 * `end` once the job has ended. The gateway keeps no state: after a restart the client reconnects
 * with Last-Event-ID and gets the current progress if it moved on since.
 */
export async function streamProgress(request: Request, response: Response, first: JobProgress, read: () => Promise<JobProgress>): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  response.write('retry: 1000\n\n');
  let closed = false;
  request.on('close', () => (closed = true));
  let last = request.headers['last-event-id'];
  let job = first;
  let quietSince = Date.now();
  while (!closed) {
    const id = progressId(job);
    if (id !== last) {
      response.write(`id: ${id}\nevent: progress\ndata: ${JSON.stringify(job)}\n\n`);
      last = id;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > HEARTBEAT_MS) {
      response.write(': still here\n\n');
      quietSince = Date.now();
    }
    if (ENDED.includes(job.status)) {
      response.write(`event: end\ndata: ${JSON.stringify({ status: job.status })}\n\n`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (closed) break;
    try {
      job = await read();
    } catch {
      // claims briefly unreachable (restarting): keep the stream and ask again
    }
  }
  response.end();
}
