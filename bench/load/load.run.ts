import { RateLimiter } from '@switchboard/durable';
import autocannon, { type Result } from 'autocannon';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { PostgresRateLimitStore } from '../../apps/gateway/src/http/limits/postgres-rate-limit.store.js';
import { DEMO_CHECKLIST, DEMO_HYPOTHESES } from '../../scripts/demo/demo-scenario.js';
import { SystemUnderTest, TEST_API_KEY } from '../../scripts/system/system-under-test.js';
import { report, round } from '../support/measure.js';

const PHASE_SECONDS = Number(process.env.PHASE_SECONDS ?? 60);
const CALIBRATE_SECONDS = Number(process.env.CALIBRATE_SECONDS ?? 15);
/** Connections are at most the offered rate (autocannon's rule): at five times it, past MAX_IN_FLIGHT below. */
const CONNECTIONS = 400;
const TIMEOUT_SECONDS = 10;

const campaign = (name: string) =>
  JSON.stringify({ name, checklist: DEMO_CHECKLIST, hypotheses: DEMO_HYPOTHESES, contacts: [{ phone: '+15550400001' }] });
const load1 = () => round(loadavg()[0]);

/** The gateway, its processes and the system behind it; the rest of the bench only reads it. */
export async function run(): Promise<void> {
  const raw = await rawLimits();
  // Raised while calibrating; the measured phases run under a per-key limit set from the stated rate.
  const system = await SystemUnderTest.start({ LOG_LEVEL: 'error', API_RATE_LIMIT: '1000000', API_RATE_WINDOW_MS: '1000' });
  try {
    const base = system.gateway.baseUrl;
    const health = await autocannon({ url: `${base}/health`, connections: 16, duration: 10 });
    report('Raw limits on this loopback, same run (autocannon, 16 connections, 10 s)', [
      figures('bare node:http answering 200', raw),
      figures("gateway's /health (checks the five services)", health),
    ]);
    await storeCost(system);

    const { id } = await system.gateway.ok<{ id: string }>('POST', '/v1/campaigns', JSON.parse(campaign('load fixture')));
    const calibration = await autocannon({ url: base, connections: 16, duration: CALIBRATE_SECONDS, timeout: TIMEOUT_SECONDS, requests: mixed(id, new Tally()) });
    const sustained = successRate(calibration);
    const rate = Math.max(1, Math.round(sustained / 2));
    const keyLimit = 2 * rate;
    // Little's law: what the gateway sustains times a latency budget of 2 s is as much as it should
    // hold at once. The default (256) suits a gateway that sustains 128/s; this machine's is measured.
    const maxInFlight = Math.max(8, Math.round(2 * sustained));
    console.log(`\ncalibration: the mixed workload at 16 connections, closed loop, ${CALIBRATE_SECONDS} s: ${round(sustained)} 2xx/s (p50 ${calibration.latency.p50} ms, p99 ${calibration.latency.p99} ms)`);
    console.log(`stated rate: ${rate} req/s (half of that); overload: ${5 * rate} req/s; per-key limit API_RATE_LIMIT=${keyLimit} per API_RATE_WINDOW_MS=1000; MAX_IN_FLIGHT=${maxInFlight} (2 s of the sustained rate), MAX_EVENT_LOOP_DELAY_MS=500 (default)`);
    Object.assign(system.env, { API_RATE_LIMIT: String(keyLimit), MAX_IN_FLIGHT: String(maxInFlight) });
    await system.restart('gateway');

    const pid = system.pidOf('gateway');
    const rows = [];
    for (const [name, offered] of [
      ['1. stated rate', rate],
      ['2. five times it', 5 * rate],
      ['3. stated rate again', rate],
    ] as const) {
      rows.push(await phase(system, name, id, offered));
      if (system.pidOf('gateway') !== pid || !alive(pid)) throw new Error(`the gateway's process ${pid} is gone after "${name}":\n${system.logs('gateway').slice(-4_000)}`);
    }
    report(`Load and overload, ${PHASE_SECONDS} s a phase (3 reads : 1 write with an Idempotency-Key each), gateway pid ${pid} throughout`, rows);
  } finally {
    await system.stop();
  }
}

/** What a bare node:http server answers on this loopback: the ceiling of autocannon and the machine. */
async function rawLimits(): Promise<Result> {
  const server = createServer((_request, response) => response.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await autocannon({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: 16, duration: 10 });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** One request of the rate-limit store, as the gateway makes it, beside the durable RateLimiter's transaction. */
async function storeCost(system: SystemUnderTest): Promise<void> {
  const schema = system.ns.schema('gateway');
  const store = new PostgresRateLimitStore(system.ns.pool, schema, 'bench:');
  store.init({ windowMs: 60_000 } as never);
  const limiter = new RateLimiter(system.ns.pool, schema);
  const time = async (n: number, work: () => Promise<unknown>) => {
    const start = performance.now();
    for (let i = 0; i < n; i++) await work();
    return round((performance.now() - start) / n, 3);
  };
  const ping = await time(2_000, () => system.ns.pool.query('SELECT 1'));
  const upsert = await time(2_000, () => store.increment('key'));
  const log = await time(500, () => limiter.tryStart('bench-key', { limit: 1_000_000, windowMs: 60_000 }));
  report('Rate-limit store, one request at a time (ms each, this process to PostgreSQL)', [
    { figure: 'SELECT 1 round trip (raw limit)', ms: ping },
    { figure: 'PostgresRateLimitStore.increment (one upsert; what the gateway does a request)', ms: upsert },
    { figure: 'durable RateLimiter.tryStart (transaction, advisory lock, a row a start; 500 in its window)', ms: log },
  ]);
}

/** Counts of answers by status, and which refusals carried Retry-After. */
class Tally {
  readonly retryAfter = new Map<number, { with: number; without: number }>();

  onResponse = (status: number, _body: string, _context: unknown, headers: Record<string, string | string[]>) => {
    if (status !== 429 && status !== 503) return;
    const counts = this.retryAfter.get(status) ?? { with: 0, without: 0 };
    const named = Object.keys(headers).some((name) => name.toLowerCase() === 'retry-after');
    counts[named ? 'with' : 'without']++;
    this.retryAfter.set(status, counts);
  };
}

/** Reads of a campaign and two lists, and a write: each POST a new campaign under a new Idempotency-Key. */
function mixed(campaignId: string, tally: Tally) {
  const headers = { authorization: `Bearer ${TEST_API_KEY}` };
  const read = (path: string) => ({ method: 'GET', path, headers, onResponse: tally.onResponse });
  return [
    read(`/v1/campaigns/${campaignId}`),
    read(`/v1/campaigns/${campaignId}/calls`),
    read('/v1/patients'),
    {
      method: 'POST',
      path: '/v1/campaigns',
      headers: { ...headers, 'content-type': 'application/json' },
      body: campaign('load'),
      onResponse: tally.onResponse,
      setupRequest: (request: { headers?: Record<string, string> }) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }),
    },
  ];
}

async function phase(system: SystemUnderTest, name: string, campaignId: string, offered: number) {
  const tally = new Tally();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, system.peakRssMb('gateway'))), 500);
  const result = await Promise.resolve(autocannon({
    url: system.gateway.baseUrl,
    connections: Math.min(CONNECTIONS, offered),
    overallRate: offered,
    duration: PHASE_SECONDS,
    timeout: TIMEOUT_SECONDS,
    requests: mixed(campaignId, tally),
  })).finally(() => clearInterval(sampler));
  const refused = (status: number) => {
    const counts = tally.retryAfter.get(status) ?? { with: 0, without: 0 };
    return `${counts.with + counts.without} (${counts.without} without Retry-After)`;
  };
  return {
    phase: name,
    'offered req/s': offered,
    connections: Math.min(CONNECTIONS, offered),
    'answered req/s': round(result.requests.total / result.duration),
    '2xx/s': round(successRate(result)),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'non-2xx by status': byStatus(result),
    'refused 429': refused(429),
    'shed 503': refused(503),
    'errors (timeouts)': `${result.errors} (${result.timeouts})`,
    'gateway peak RSS MB': round(peakRss, 0),
    'load 1 min': load1(),
  };
}

const count = (result: Result, accept: (status: number) => boolean) =>
  Object.entries(result.statusCodeStats)
    .filter(([status]) => accept(Number(status)))
    .reduce((sum, [, { count: n }]) => sum + n, 0);
const successRate = (result: Result) => count(result, (status) => status >= 200 && status < 300) / result.duration;
const byStatus = (result: Result) =>
  Object.entries(result.statusCodeStats)
    .filter(([status]) => !status.startsWith('2'))
    .map(([status, { count: n }]) => `${status}: ${n}`)
    .join(', ') || 'none';
const figures = (name: string, result: Result) => ({
  target: name,
  'req/s': round(result.requests.average, 0),
  'p50 ms': result.latency.p50,
  'p99 ms': result.latency.p99,
  errors: result.errors,
  'load 1 min': load1(),
});
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
