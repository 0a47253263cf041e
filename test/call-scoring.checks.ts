import type { ScoringJobView } from '@switchboard/contracts';
import type { SystemUnderTest } from '../scripts/system/system-under-test.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the call-scoring tests ask of the running system. */
export function scoringChecks(system: () => SystemUnderTest) {
  const upload = async (file: Buffer, contentType: string, query = '') => {
    const response = await fetch(`${system().gateway.baseUrl}/v1/scoring/jobs${query}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-e2e-test', 'content-type': contentType },
      body: new Uint8Array(file),
    });
    return { status: response.status, body: (await response.json()) as ScoringJobView & { detail?: string } };
  };
  const job = (id: string) => system().gateway.ok<ScoringJobView>('GET', `/v1/scoring/jobs/${id}`);
  const modelRequests = (tool?: string) =>
    system().simulator.state.requests.filter((r) => r.endpoint === 'anthropic.messages' && (!tool || (r.body.tool_choice as { name: string }).name === tool));
  /** Events per call stream of a job, by type: a result recorded twice shows up as a 2. */
  const eventsPerCall = (jobId: string) =>
    system().query<{ type: string; n: number; streams: number }>(
      'claims',
      `SELECT type, max(n)::int AS n, count(*)::int AS streams FROM (
         SELECT stream_id, type, count(*) AS n FROM $schema.events WHERE payload->>'jobId' = $1 AND stream_id LIKE 'scoring-call-%' GROUP BY stream_id, type
       ) per GROUP BY type`,
      [jobId],
    );
  return { upload, job, modelRequests, eventsPerCall };
}

export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Reads a server-sent-event stream until `stop` says so, the server ends it, or the connection
 * drops (a restarted gateway): returns what arrived, so the caller reconnects with the last id.
 */
export async function readSse(url: string, lastEventId: string | undefined, stop: (event: SseEvent) => boolean): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const controller = new AbortController();
  try {
    const response = await fetch(url, { headers: { authorization: 'Bearer sk-e2e-test', ...(lastEventId && { 'last-event-id': lastEventId }) }, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`SSE answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
        const event = field('event');
        if (!event) continue;
        events.push({ id: field('id'), event, data: field('data') ?? '' });
        if (stop(events[events.length - 1])) return events;
      }
    }
  } catch (error) {
    if (events.length === 0 && !(error instanceof TypeError)) throw error; // a dropped connection ends the read
  } finally {
    controller.abort();
  }
  return events;
}
