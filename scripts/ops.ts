import { waitingReport } from '@switchboard/durable';
import { schemaName } from '@switchboard/event-store';
import { SERVICE_NAMES } from '@switchboard/platform';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseUrl } from './infra/defaults.js';

const USAGE = `usage: npm run ops -- waiting [--service <name>] [--json]

  waiting   what each service has waiting, and why: pending timers, debounced keys,
            rate-limit windows, concurrency slots in use, retries scheduled by consumers`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { service: { type: 'string' }, json: { type: 'boolean', default: false } },
});

if (positionals[0] !== 'waiting') {
  console.error(USAGE);
  process.exit(2);
}
const services = values.service ? [values.service] : SERVICE_NAMES;
const unknown = services.filter((name) => !(SERVICE_NAMES as string[]).includes(name));
if (unknown.length) {
  console.error(`unknown service ${unknown.join(', ')}; one of: ${SERVICE_NAMES.join(', ')}`);
  process.exit(2);
}

const pool = new pg.Pool({ connectionString: databaseUrl() });
try {
  for (const service of services) {
    const report = await waitingReport(pool, schemaName(process.env.SWITCHBOARD_NAMESPACE ?? '', service));
    if (values.json) {
      console.log(JSON.stringify({ service, ...report }));
      continue;
    }
    console.log(`\n${service}`);
    for (const t of report.timers) console.log(`  timer     ${t.key}  fires ${t.fireAt.toISOString()}  ${t.eventType}`);
    for (const t of report.debouncedKeys) console.log(`  debounce  ${t.key}  fires ${t.fireAt.toISOString()}`);
    for (const r of report.rateLimits) console.log(`  rate      ${r.key}  ${r.startsInWindow} starts in window`);
    for (const c of report.concurrency) console.log(`  running   ${c.key}  ${c.running} slots held`);
    for (const r of report.retries) {
      console.log(`  retry     ${r.consumer} ${r.eventType} ${r.eventId}  attempt ${r.attempt}, next ${r.nextAttemptAt.toISOString()}: ${r.lastError}`);
    }
    if (Object.values(report).every((list) => list.length === 0)) console.log('  nothing waiting');
  }
} catch (error) {
  console.error(`could not read the services' schemas (did \`npm start\` run migrations?): ${String(error)}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
