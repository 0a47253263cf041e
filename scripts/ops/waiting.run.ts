import { waitingReport } from '@switchboard/durable';
import { schemaName } from '@switchboard/event-store';
import type { waiting } from './waiting.command.js';
import type { OpsRun } from './ops-command.js';

export const run: OpsRun<typeof waiting.spec.options> = async (ops, { values: options }) => {
  for (const service of ops.services(options.service)) {
    const report = await waitingReport(ops.db(), schemaName(ops.namespace, service));
    if (options.json) {
      console.log(JSON.stringify({ service, ...report }));
      continue;
    }
    console.log(`\n${service}`);
    for (const t of report.timers) console.log(`  timer     ${t.key}  fires ${t.fireAt.toISOString()}  ${t.eventType}`);
    for (const t of report.debouncedKeys) {
      // Unknown only for a key debounced before its max wait was kept.
      console.log(`  debounce  ${t.key}  fires ${t.fireAt.toISOString()}, at the latest ${t.latestFireAt?.toISOString() ?? 'unknown'}`);
    }
    for (const t of report.parkedTimers) console.log(`  parked    ${t.key}  since ${t.parkedAt.toISOString()}  ${t.eventType}: ${t.error}`);
    for (const r of report.rateLimits) console.log(`  rate      ${r.key}  ${r.startsInWindow} starts in window`);
    for (const c of report.concurrency) console.log(`  running   ${c.key}  ${c.running} slots held`);
    for (const r of report.retries) {
      console.log(`  retry     ${r.consumer} ${r.eventType} ${r.eventId}  attempt ${r.attempt}, next ${r.nextAttemptAt.toISOString()}: ${r.lastError}`);
    }
    for (const d of report.deferred) {
      console.log(`  deferred  ${d.consumer} ${d.key}  ${d.deferred} waiting for their start, next ${d.nextDueAt.toISOString()}`);
    }
    if (Object.values(report).every((list) => list.length === 0)) console.log('  nothing waiting');
  }
};
