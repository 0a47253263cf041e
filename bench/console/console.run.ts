import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { newEventId } from '@switchboard/contracts';
import { runMigrations } from '@switchboard/event-store';
import { names } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { TestNamespace } from '@switchboard/testing';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { gatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { gatewayMigrations } from '../../apps/gateway/src/gateway.migrations.js';
import { databaseUrl } from '../../scripts/infra/defaults.js';
import { percentile, report, round, timed } from '../support/measure.js';

const RUNS = Number(process.env.RUNS ?? 100_000);
const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const REQUESTS = Number(process.env.REQUESTS ?? 200);
const KEY = 'sk-bench-console';
/** A v4-shaped UUID from i, the same in SQL and here, so a run can be named without reading it back. */
const uuidSql = (i: string) =>
  `(substr(md5(${i}::text),1,8)||'-'||substr(md5(${i}::text),9,4)||'-4'||substr(md5(${i}::text),14,3)||'-a'||substr(md5(${i}::text),18,3)||'-'||substr(md5(${i}::text),21,12))`;

const ns = new TestNamespace();
const schema = ns.schema('gateway');
let app: INestApplication | undefined;
try {
  await runMigrations({ url: databaseUrl(), schema, migrations: gatewayMigrations });
  const s = `"${schema}"`;
  console.log(`seeding ${RUNS} runs and ${EVENTS} events in ${schema}...`);
  const seeded = await timed(async () => {
    // Runs: ids as UUIDs, a kind, statuses, start times over 30 days, a phone's last digits and an id as terms.
    await ns.pool.query(
      `INSERT INTO ${s}.console_runs (run_id, kind, status, label, started_at, last_activity_at, current_step, failures, events, terms)
       SELECT ${uuidSql('i')}, CASE WHEN i % 5 = 0 THEN 'meeting-brief' ELSE 'call-research' END,
              CASE WHEN i % 10 = 0 THEN 'RUNNING' WHEN i % 97 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
              'campaign ' || i, now() - (i || ' seconds')::interval * 25, now() - (i || ' seconds')::interval * 20, 'deciding', i % 3,
              ${Math.ceil(EVENTS / RUNS)}, ARRAY[${uuidSql('i')}, lpad((i % 10000)::text, 4, '0'), 'creator-' || (i % 500)]
       FROM generate_series(1, $1) AS i`,
      [RUNS],
    );
    await ns.pool.query(
      `INSERT INTO ${s}.console_events (event_id, run_id, domain, type, version, stream_id, stream_position, occurred_at, causation_id, producer, trace_id, payload)
       SELECT gen_random_uuid()::text, ${uuidSql('(1 + j % $1)')}, 'telephony', 'telephony.call.progressed', 1, 'call-' || (j % 50000), j / $1,
              now() - (j || ' milliseconds')::interval, NULL, 'telephony', NULL, jsonb_build_object('callId', j, 'status', 'RINGING')
       FROM generate_series(1, $2) AS j`,
      [RUNS, EVENTS],
    );
    await ns.pool.query(`ANALYZE ${s}.console_runs; ANALYZE ${s}.console_events`);
  });
  console.log(`seeded in ${round(seeded.ms / 1000, 1)} s`);

  const env = ns.env({ LOG_LEVEL: 'fatal', API_KEYS: KEY, OPS_KEYS: 'sk-bench-ops' });
  ({ app } = await createServiceApp(gatewayApp, { ...process.env, ...env }));
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.json() as Promise<{ runs: { runId: string }[]; next?: string }>;
  };

  // A cursor 500 pages deep, to show keyset paging does not slow with depth.
  let deep: string | undefined;
  for (let page = 0; page < 500 && (page === 0 || deep); page++) deep = (await get(`/v1/console/runs?limit=50${deep ? `&cursor=${deep}` : ''}`)).next;
  const sampleRun = md5Uuid(Math.min(4242, RUNS));
  const cases: { name: string; path: string; sql: [string, unknown[]] }[] = [
    { name: 'runs: first page', path: '/v1/console/runs?limit=50', sql: [`SELECT * FROM ${s}.console_runs ORDER BY started_at DESC, run_id DESC LIMIT 51`, []] },
    {
      name: 'runs: kind + status',
      path: '/v1/console/runs?limit=50&kind=call-research&status=RUNNING',
      sql: [`SELECT * FROM ${s}.console_runs WHERE kind = $1 AND status = $2 ORDER BY started_at DESC, run_id DESC LIMIT 51`, ['call-research', 'RUNNING']],
    },
    { name: 'runs: search phone digits', path: '/v1/console/runs?limit=50&q=0042', sql: [`SELECT * FROM ${s}.console_runs WHERE terms @> ARRAY['0042'] ORDER BY started_at DESC, run_id DESC LIMIT 51`, []] },
    { name: 'runs: page 500', path: `/v1/console/runs?limit=50&cursor=${deep}`, sql: [`SELECT * FROM ${s}.console_runs ORDER BY started_at DESC, run_id DESC OFFSET 25000 LIMIT 51`, []] },
    { name: 'run detail (10 events)', path: `/v1/console/runs/${sampleRun}`, sql: [`SELECT * FROM ${s}.console_events WHERE run_id = $1 ORDER BY occurred_at, position`, [sampleRun]] },
  ];
  const rows = [];
  for (const c of cases) {
    const server: number[] = [];
    const sql: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      server.push((await timed(() => get(c.path))).ms);
      sql.push((await timed(() => ns.pool.query(c.sql[0], c.sql[1]))).ms);
    }
    rows.push({ request: c.name, 'p50 ms': round(percentile(server, 50)), 'p99 ms': round(percentile(server, 99)), 'bare SQL p50 ms': round(percentile(sql, 50)), 'bare SQL p99 ms': round(percentile(sql, 99)) });
  }
  report(`console API over ${RUNS} runs / ${EVENTS} events (HTTP round trip on this host; run detail includes asking 5 absent services for their waits)`, rows);

  // Event published to JetStream -> the console feed stores it -> the live tail sends it.
  const nats = await ns.natsConnection();
  const runId = newEventId();
  const controller = new AbortController();
  const response = await fetch(`${base}/v1/console/events/live?run=${runId}`, { headers: { authorization: `Bearer ${KEY}` }, signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (!buffer.includes('event: ready')) buffer += (await reader.read()).value ?? '';
  const delays: number[] = [];
  for (let i = 0; i < 50; i++) {
    const id = newEventId();
    const event = { id, type: 'claims.campaign.created', version: 1, streamId: `campaign-${runId}`, streamPosition: i + 1, occurredAt: new Date().toISOString(), correlationId: runId, causationId: runId, producer: 'bench', payload: { campaignId: runId, name: 'bench' } };
    const started = performance.now();
    await nats.jetstream().publish(names.wireSubject(ns.namespace, 'claims.campaign.created.v1'), JSON.stringify(event), { msgID: id });
    while (!buffer.includes(id)) buffer += (await reader.read()).value ?? '';
    delays.push(performance.now() - started);
    buffer = '';
  }
  controller.abort();
  report('event published -> shown by the live tail (SSE)', [{ events: delays.length, 'p50 ms': round(percentile(delays, 50)), 'p99 ms': round(percentile(delays, 99)), 'tail poll interval ms': 250 }]);
} finally {
  await app?.close();
  await ns.dispose();
}

function md5Uuid(i: number): string {
  const hex = createHash('md5').update(String(i)).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
