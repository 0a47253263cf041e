import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { percentile, report, round } from '../support/measure.js';
import { type Chain4System, STEPS } from './chain4-system.js';
import { OursSystem } from './ours/ours.js';
import { BullmqSystem, redisPersistence, redisRoundTripsMs } from './peers/bullmq.js';
import { PgBossSystem } from './peers/pg-boss.js';
import { postgresCommitsMs, postgresDurability } from './raw-limits.js';
import { runWorkload, type WorkloadResult } from './workload.js';

export interface Chain4Options {
  repeat: number;
  workflows: number;
  only?: string;
}

/** chain4 on our stack beside BullMQ and pg-boss, interleaved in one run (issue #18); main.ts reads the options. */
export async function run(values: Chain4Options): Promise<void> {
  const burst = values.workflows;
  const sizes = { warmup: 200, unloaded: Math.min(300, burst), burst };

  const launchers: Record<string, () => Promise<Chain4System>> = {
    ours: () => OursSystem.launch(),
    bullmq: () => BullmqSystem.launch(),
    'pg-boss': () => PgBossSystem.launch(),
  };
  const hop = (workflowMs: number) => workflowMs / STEPS;
  const loadAverage = () => loadavg().map((load) => round(load, 1)).join(' / ');

  console.log(`chain4: ${sizes.warmup} warm-up, ${sizes.unloaded} unloaded, bursts of ${burst}, ${values.repeat} round(s)`);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), load average at start ${loadAverage()} (1 / 5 / 15 min; other work shares the machine)`);
  console.log(`PostgreSQL: ${await postgresDurability()}; Redis: ${await redisPersistence()}`);

  /**
   * The PostgreSQL cluster is shared (max_connections 100): when other work holds every connection a
   * launch fails with "too many clients"; it left nothing behind, so wait and launch again.
   */
  async function launchRetrying(launch: () => Promise<Chain4System>, attempts = 5): Promise<Chain4System> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await launch();
      } catch (error) {
        if (attempt === attempts || !String(error).includes('too many clients')) throw error;
        console.log(`launch failed (too many PostgreSQL clients on the shared server), again in 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 30_000));
      }
    }
  }

  const runs: (WorkloadResult & { round: number; load: string })[] = [];
  for (let n = 1; n <= values.repeat; n++) {
    for (const [name, launch] of Object.entries(launchers)) {
      if (values.only && values.only !== name) continue;
      const load = loadAverage();
      const system = await launchRetrying(launch);
      try {
        const run = { ...(await runWorkload(system, sizes)), round: n, load };
        // Each run as it ends: a long run that fails later still leaves its figures.
        console.log(`round ${n} ${run.system}: ${round(run.burstWfPerSec, 0)} wf/s, hop p50 ${round(hop(run.unloadedP50Ms))} ms, ${run.problems.length ? run.problems.join('; ') : 'exactly once'}`);
        runs.push(run);
      } finally {
        await system.stop();
      }
    }
  }

  const cpuMsPerStep = (seconds: number) => (seconds * 1000) / (burst * STEPS);
  report(
    'chain4: every run',
    runs.map((run) => ({
      round: run.round,
      system: run.system,
      'burst wf/s': round(run.burstWfPerSec, 0),
      'hop p50 ms': round(hop(run.unloadedP50Ms)),
      'hop p99 ms': round(hop(run.unloadedP99Ms)),
      'load avg at start': run.load,
      'exactly once': run.problems.length ? run.problems.join('; ') : 'yes',
    })),
  );

  const systems = [...new Set(runs.map((run) => run.system))];
  const ofSystem = (system: string) => runs.filter((run) => run.system === system);
  /** The median of the runs, with their range: `111 [103-115]`. */
  const spread = (values: number[], digits = 1) =>
    values.length === 1 ? `${round(values[0], digits)}` : `${round(percentile(values, 50), digits)} [${round(Math.min(...values), digits)}-${round(Math.max(...values), digits)}]`;
  const median = (values: number[]) => percentile(values, 50);

  report(
    `chain4: medians [min-max] of ${values.repeat} round(s)`,
    systems.map((system) => {
      const of = ofSystem(system);
      return {
        system,
        'burst wf/s': spread(of.map((run) => run.burstWfPerSec), 0),
        'burst p50 / p99 s': `${spread(of.map((run) => run.burstP50Ms / 1000))} / ${spread(of.map((run) => run.burstP99Ms / 1000))}`,
        'unloaded hop p50 ms': spread(of.map((run) => hop(run.unloadedP50Ms))),
        'unloaded hop p99 ms': spread(of.map((run) => hop(run.unloadedP99Ms))),
        'workflow p50 ms': spread(of.map((run) => run.unloadedP50Ms)),
      };
    }),
  );

  report(
    'chain4: CPU per step during the burst, ms (OS accounting: /proc utime + stime), medians',
    systems.map((system) => {
      const of = ofSystem(system);
      const node = median(of.map((run) => cpuMsPerStep(run.burstCpu.node)));
      const postgres = median(of.map((run) => cpuMsPerStep(run.burstCpu.postgres)));
      const broker = median(of.map((run) => cpuMsPerStep(run.burstCpu.broker)));
      return {
        system,
        'Node (4 step processes)': round(node),
        'PostgreSQL (their backends)': round(postgres),
        broker: of[0].burstCpu.brokerName ? `${round(broker)} (${of[0].burstCpu.brokerName})` : '-',
        total: round(node + postgres + broker),
        'cores busy': round(median(of.map((run) => (run.burstCpu.node + run.burstCpu.postgres + run.burstCpu.broker) / run.burstCpu.wallSeconds))),
        'peak backends': median(of.map((run) => run.burstCpu.peakBackends)),
      };
    }),
  );

  const sampled = systems.filter((system) => ofSystem(system).some((run) => Object.keys(run.burstCpu.backendStates).length));
  const states = [...new Set(sampled.flatMap((system) => ofSystem(system).flatMap((run) => Object.keys(run.burstCpu.backendStates))))].sort();
  report(
    'chain4: their PostgreSQL backends during the burst by state / wait event (pg_stat_activity every 250 ms; mean backends, median of runs)',
    states.map((state) => ({
      state,
      ...Object.fromEntries(sampled.map((system) => [system, round(median(ofSystem(system).map((run) => run.burstCpu.backendStates[state] ?? 0)))])),
    })),
  );

  const oursRuns = ofSystem('ours');
  if (oursRuns.length) {
    const ratio = (of: (run: WorkloadResult) => number, peer: string) =>
      ofSystem(peer).length ? round(median(oursRuns.map(of)) / median(ofSystem(peer).map(of))) : '-';
    report('chain4: ours / peer (medians)', [
      { figure: 'burst wf/s', 'ours / BullMQ': ratio((run) => run.burstWfPerSec, 'BullMQ'), 'ours / pg-boss': ratio((run) => run.burstWfPerSec, 'pg-boss') },
      { figure: 'unloaded hop p50', 'ours / BullMQ': ratio((run) => run.unloadedP50Ms, 'BullMQ'), 'ours / pg-boss': ratio((run) => run.unloadedP50Ms, 'pg-boss') },
    ]);
  }

  const [commits, redisTrips] = [await postgresCommitsMs(300), await redisRoundTripsMs(300)];
  report('chain4: raw limits, same run (one after another)', [
    { path: 'PostgreSQL: one committed single-row INSERT (WAL flushed)', 'p50 ms': round(percentile(commits, 50)), 'p99 ms': round(percentile(commits, 99)) },
    { path: 'Redis: one SET round trip (no persistence)', 'p50 ms': round(percentile(redisTrips, 50)), 'p99 ms': round(percentile(redisTrips, 99)) },
  ]);
  console.log(`load average at end ${loadAverage()}`);
  if (runs.some((run) => run.problems.length)) process.exitCode = 1;
  process.exit();
}
