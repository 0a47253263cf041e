import { randomUUID } from 'node:crypto';
import { percentile } from '../support/measure.js';
import { type Chain4System, waitFor, wallClockMs } from './chain4-system.js';
import { CpuAccounting, type CpuUse } from '../support/cpu-accounting.js';

export interface WorkloadSizes {
  warmup: number;
  unloaded: number;
  burst: number;
}

export interface WorkloadResult {
  system: string;
  burstWfPerSec: number;
  burstP50Ms: number;
  burstP99Ms: number;
  /** Per workflow, unloaded; a hop is a quarter of it. */
  unloadedP50Ms: number;
  unloadedP99Ms: number;
  /** CPU the burst's steps took (sizes.burst x 4 of them). */
  burstCpu: CpuUse;
  problems: string[];
}

/** Warm-up, then workflows one after another, then the burst; then every workflow is checked. */
export async function runWorkload(system: Chain4System, sizes: WorkloadSizes): Promise<WorkloadResult> {
  const ids = (count: number) => Array.from({ length: count }, () => randomUUID());
  let startedSoFar = 0;
  const allDone = () => system.doneCount().then((n) => n === startedSoFar);

  const warmup = ids(sizes.warmup);
  startedSoFar += warmup.length;
  await system.start(warmup);
  await waitFor(`${system.name} warm-up`, allDone, 50, 300_000);

  const unloaded: number[] = [];
  for (const id of ids(sizes.unloaded)) {
    const startedAt = wallClockMs();
    startedSoFar++;
    await system.start([id]);
    let doneAt: number | undefined;
    await waitFor(`${system.name} workflow ${id}`, async () => (doneAt = (await system.doneAt([id])).get(id)) !== undefined, 2, 60_000);
    unloaded.push(doneAt! - startedAt);
  }

  const burst = ids(sizes.burst);
  const cpu = await CpuAccounting.begin(system.processes());
  const burstStart = wallClockMs();
  startedSoFar += burst.length;
  await system.start(burst);
  await waitFor(`${system.name} burst`, allDone, 100, 900_000);
  const burstCpu = await cpu.end();
  const done = [...(await system.doneAt(burst)).values()].map((at) => at - burstStart);

  return {
    system: system.name,
    burstWfPerSec: burst.length / (Math.max(...done) / 1000),
    burstP50Ms: percentile(done, 50),
    burstP99Ms: percentile(done, 99),
    unloadedP50Ms: percentile(unloaded, 50),
    unloadedP99Ms: percentile(unloaded, 99),
    burstCpu,
    problems: await system.verify(startedSoFar),
  };
}
