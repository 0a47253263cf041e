import type { ScoredCallView, ScoringJobView } from '@switchboard/contracts';
import { schemaName } from '@switchboard/event-store';
import { callSheet, sheetCsv } from '@switchboard/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { GatewayClient } from '../../scripts/demo/gateway-client.js';
import { ScoringClient } from '../../scripts/score/scoring-client.js';
import { type CheckContext, type CheckResult, INJECTED, result } from './checks.js';

/** Calls in the scoring job's sheet. */
const CALLS = 100;
/** The models' latencies, scaled down from 0.5 s (silver) and 3 s (gold): the job spans the fault window. */
export const SCORING_LATENCY = { smallMs: 200, largeMs: 1_200 };

/** A call-scoring job under the faults: a sheet of calls, each scored by the silver model, then the gold one. */
export class ScoringJob {
  private constructor(
    private readonly gateway: GatewayClient,
    readonly id: string,
  ) {}

  /** Uploads the sheet before the faults begin (a sheet's rows arrive in several commands: a killed gateway fails the upload, as it should). */
  static async start(gateway: GatewayClient, apiKey: string): Promise<ScoringJob> {
    const job = await new ScoringClient(gateway.baseUrl, apiKey).upload({ name: 'chaos.csv', content: sheetCsv(callSheet({ calls: CALLS })) });
    return new ScoringJob(gateway, job.id);
  }

  /** Done when the job has ended; ok when every call was scored, or failed on a fault the schedule injected. */
  async waitUntilDone(timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
    const deadline = Date.now() + timeoutMs;
    let detail = '';
    while (Date.now() < deadline) {
      const job = await this.gateway.ok<ScoringJobView>('GET', `/v1/scoring/jobs/${this.id}`).catch((error: Error) => error);
      if (job instanceof Error) detail = job.message; // a replica down: asked again
      else {
        const { total, scored, failed, skipped } = job.calls;
        detail = `${job.status}: ${scored} of ${total} calls scored, ${failed} failed, ${skipped} skipped`;
        if (job.status === 'COMPLETED') return { ok: scored === CALLS, detail };
        if (job.status === 'COMPLETED_WITH_FAILURES') return this.failuresExplained(detail);
        if (job.status === 'FAILED' || job.status === 'CANCELED') return { ok: false, detail: `${detail} (${job.failure ?? ''})` };
      }
      await sleep(2_000);
    }
    return { ok: false, detail: `not done in ${timeoutMs / 1000} s: ${detail}` };
  }

  private async failuresExplained(detail: string): Promise<{ ok: boolean; detail: string }> {
    const unexplained: string[] = [];
    for (let offset = 0; offset < CALLS; offset += 50) {
      const page = await this.gateway.ok<{ calls: ScoredCallView[] }>('GET', `/v1/scoring/jobs/${this.id}/results?offset=${offset}&limit=50`);
      for (const call of page.calls) if (call.status === 'FAILED' && !INJECTED.test(call.failure ?? '')) unexplained.push(`row ${call.row}: ${call.failure}`);
    }
    return { ok: unexplained.length === 0, detail: unexplained.length ? `${detail}; ${unexplained.slice(0, 3).join('; ')}` : `${detail}, each on an injected fault` };
  }

  /** Each call queued, triaged and scored at most once (a result recorded twice would show here). */
  async scoredOnce(ctx: CheckContext): Promise<CheckResult> {
    const { rows } = await ctx.pool.query<{ stream_id: string; type: string; n: number }>(
      `SELECT stream_id, type, count(*)::int AS n FROM ${pg.escapeIdentifier(schemaName(ctx.namespace, 'claims'))}.events
       WHERE payload->>'jobId' = $1 AND stream_id LIKE 'scoring-call-%' GROUP BY 1, 2`,
      [this.id],
    );
    const problems = rows.filter((r) => r.n > 1).map((r) => `${r.type} x${r.n} on ${r.stream_id}`);
    const scored = rows.filter((r) => r.type === 'claims.scoring-call.scored').length;
    return result('each call scored once', problems, `${scored} calls scored, each stage once`);
  }
}
