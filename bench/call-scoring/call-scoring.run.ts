import { callSheet, sheetXlsx } from '@switchboard/testing';
import { finalCalls, ScoringClient, type ScoringJobProgress } from '../../scripts/score/scoring-client.js';
import { SystemUnderTest, TEST_API_KEY } from '../../scripts/system/system-under-test.js';
import { report, round } from '../support/measure.js';

const CALLS = Number(process.env.CALLS ?? 250);
const SILVER_MS = Number(process.env.SILVER_MS ?? 500);
const GOLD_MS = Number(process.env.GOLD_MS ?? 3_000);
/** The default caps (ClaimsConfig): 4 and 10 model calls at once; 1000 and 300 requests a minute. */
const CAPS = { silver: { concurrency: 4, rpm: 1_000 }, gold: { concurrency: 10, rpm: 300 } };

/**
 * The least time the caps allow: silver runs `concurrency` calls at a time, and gold cannot start
 * before the first silver answer, then runs `concurrency` at a time (or as the per-minute cap lets).
 */
function bound(calls: number): { seconds: number; how: string } {
  const waves = (stage: 'silver' | 'gold', latencyMs: number) => {
    const { concurrency, rpm } = CAPS[stage];
    const byConcurrency = Math.ceil(calls / concurrency) * latencyMs;
    const byRate = calls > rpm ? Math.floor((calls - 1) / rpm) * 60_000 + latencyMs : 0;
    return Math.max(byConcurrency, byRate);
  };
  const silver = waves('silver', SILVER_MS);
  const gold = SILVER_MS + waves('gold', GOLD_MS);
  return {
    seconds: Math.max(silver, gold) / 1000,
    how: `max(silver ceil(${calls}/${CAPS.silver.concurrency}) x ${SILVER_MS} ms, first silver ${SILVER_MS} ms + gold ceil(${calls}/${CAPS.gold.concurrency}) x ${GOLD_MS} ms); per-minute caps ${CAPS.silver.rpm}/${CAPS.gold.rpm} do not bind at ${calls} calls`,
  };
}

async function scored(system: SystemUnderTest, client: ScoringClient, file: Buffer): Promise<{ seconds: number; job: ScoringJobProgress; peakRss: number }> {
  let peakRss = 0;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, system.peakRssMb('claims'))), 250);
  const started = performance.now();
  try {
    const accepted = await client.upload({ name: 'bench.xlsx', content: file });
    const job = await client.follow(accepted.id, (p) => process.stdout.write(`\r${finalCalls(p)}/${p.calls.total} final`));
    process.stdout.write('\n');
    return { seconds: (performance.now() - started) / 1000, job, peakRss };
  } finally {
    clearInterval(sample);
  }
}

export async function run(): Promise<void> {
  const system = await SystemUnderTest.start({ LOG_LEVEL: 'error' });
  Object.assign(system.simulator.anthropic.scoringLatency, { smallMs: SILVER_MS, largeMs: GOLD_MS });
  try {
    const client = new ScoringClient(system.gateway.baseUrl, TEST_API_KEY);
    const file = await sheetXlsx(callSheet({ calls: CALLS }));
    const first = await scored(system, client, file);
    const again = await scored(system, client, file);
    const limit = bound(CALLS);
    const requests = system.simulator.state.requests.filter((r) => r.endpoint === 'anthropic.messages').length;
    report(`call scoring: ${CALLS} calls, silver ${SILVER_MS} ms, gold ${GOLD_MS} ms, default caps`, [
      { figure: 'wall time upload -> COMPLETED (s)', value: round(first.seconds) },
      { figure: "the caps' bound (s)", value: round(limit.seconds) },
      { figure: 'bound / measured (goal >= 0.9)', value: round(limit.seconds / first.seconds) },
      { figure: "reference plan's estimate (s)", value: '600-900 (10-15 min)' },
      { figure: 'status', value: first.job.status },
      { figure: 'model requests (silver + gold)', value: requests },
      { figure: 'tokens in / out', value: `${first.job.tokens.input} / ${first.job.tokens.output}` },
      { figure: 'cost per job (USD, configured prices)', value: round(first.job.costUsd, 4) },
      { figure: 'cost per call (USD)', value: round(first.job.costUsd / CALLS, 5) },
      { figure: 'peak RSS claims (MB)', value: round(first.peakRss, 0) },
      { figure: 'same sheet again: wall time (s)', value: round(again.seconds) },
      { figure: 'same sheet again: gold cache hits', value: again.job.cacheHits.gold },
      { figure: 'same sheet again: cost (USD)', value: round(again.job.costUsd, 4) },
      { figure: 'peak RSS claims, second run (MB)', value: round(again.peakRss, 0) },
    ]);
    console.log(`bound = ${limit.how}`);
  } finally {
    await system.stop();
  }
}
