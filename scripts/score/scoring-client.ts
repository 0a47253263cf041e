import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

export interface ScoringJobProgress {
  id: string;
  status: string;
  /** Why a FAILED job failed (its upload did not complete). */
  failure: string | null;
  fileName: string;
  goldModel: string;
  calls: { total: number; received: number; queued: number; triaged: number; skipped: number; scored: number; failed: number; canceled: number };
  cacheHits: { silver: number; gold: number };
  tokens: { input: number; output: number };
  costUsd: number;
  etaSeconds: number | null;
  skippedRows: { row: number; reason: string }[];
  moreSkippedRows: number;
}

export const ENDED = ['COMPLETED', 'COMPLETED_WITH_FAILURES', 'CANCELED', 'FAILED'];
const TYPES: Record<string, string> = { '.csv': 'text/csv', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

export const finalCalls = (job: ScoringJobProgress) => job.calls.scored + job.calls.skipped + job.calls.failed + job.calls.canceled;

/** The REST calls the scoring CLI and demo make: upload, follow (server-sent events, resumed after a drop), download. */
export class ScoringClient {
  constructor(
    readonly gatewayUrl: string,
    private readonly apiKey: string,
  ) {}

  private get auth() {
    return { authorization: `Bearer ${this.apiKey}` };
  }

  async upload(file: { name: string; content?: Buffer; path?: string }, options: { goldModel?: string; rubric?: string; mapping?: string } = {}): Promise<ScoringJobProgress> {
    const type = TYPES[extname(file.name).toLowerCase()];
    if (!type) throw new Error(`${file.name}: only .csv and .xlsx sheets are scored`);
    const query = new URLSearchParams({ fileName: file.name, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) });
    const response = await fetch(`${this.gatewayUrl}/v1/scoring/jobs?${query}`, {
      method: 'POST',
      headers: { ...this.auth, 'content-type': type },
      body: new Uint8Array(file.content ?? (await readFile(file.path!))),
    });
    const body = (await response.json()) as ScoringJobProgress & { detail?: string };
    if (response.status !== 202) throw new Error(`upload refused (${response.status}): ${body.detail ?? JSON.stringify(body)}`);
    return body;
  }

  /** Calls `onProgress` with each change until the job ends; a dropped stream is reopened where it stopped (Last-Event-ID). */
  async follow(jobId: string, onProgress: (job: ScoringJobProgress) => void, timeoutMs = 3_600_000): Promise<ScoringJobProgress> {
    const deadline = Date.now() + timeoutMs;
    let lastId: string | undefined;
    let last: ScoringJobProgress | undefined;
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.gatewayUrl}/v1/scoring/jobs/${jobId}/events`, { headers: { ...this.auth, ...(lastId && { 'last-event-id': lastId }) }, signal: AbortSignal.timeout(deadline - Date.now()) });
        if (!response.ok || !response.body) throw new Error(`progress stream answered ${response.status}`);
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
            if (field('event') === 'progress') {
              lastId = field('id');
              last = JSON.parse(field('data')!) as ScoringJobProgress;
              onProgress(last);
            }
            if (field('event') === 'end' && last) return last;
          }
        }
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the gateway restarting: reconnect
    }
    throw new Error(`job ${jobId} did not end within ${timeoutMs / 1000} s`);
  }

  async download(jobId: string, name: 'results.csv' | 'results.xlsx' | 'report.pdf'): Promise<Buffer> {
    const response = await fetch(this.url(jobId, name), { headers: this.auth });
    if (!response.ok) throw new Error(`${name} answered ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  url(jobId: string, name: string): string {
    return `${this.gatewayUrl}/v1/scoring/jobs/${jobId}/${name}`;
  }
}
