import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { type Chain4System, STEP_DATA, STEPS, type StepInput, wallClockMs } from '../chain4-system.js';
import type { SystemProcesses } from '../../support/cpu-accounting.js';
import { StepProcesses } from '../step-processes.js';

/**
 * BullMQ at its defaults: a queue and a worker per step (concurrency 1, jobs kept), each worker in
 * its own process writing the workflow's state in Redis and adding the next step's job.
 */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const queueName = (step: number) => `chain4-step${step}`;
/** Custom job ids make adding a step twice (a worker retried after adding) add it once. */
const jobId = (workflowId: string, step: number) => `${workflowId}-${step}`;
const stateKey = (prefix: string, workflowId: string) => `${prefix}:chain4-state:${workflowId}`;
const connect = () => new Redis(REDIS_URL, { maxRetriesPerRequest: null });

export async function runBullmqStep(step: number): Promise<void> {
  const prefix = process.env.CHAIN4_PREFIX!;
  const connection = connect();
  const next = step < STEPS ? new Queue<StepInput>(queueName(step + 1), { connection, prefix }) : undefined;
  const worker = new Worker<StepInput>(
    queueName(step),
    async (job) => {
      const { workflowId, data } = job.data;
      await connection.multi().hset(stateKey(prefix, workflowId), `at${step}`, wallClockMs()).hincrby(stateKey(prefix, workflowId), `runs${step}`, 1).exec();
      await next?.add('step', { workflowId, step, data }, { jobId: jobId(workflowId, step + 1) });
    },
    { connection, prefix },
  );
  worker.on('error', (error) => console.error(error));
  await worker.waitUntilReady();
  console.log('ready');
  process.once('SIGTERM', () => {
    void Promise.all([worker.close(), next?.close()]).then(() => {
      connection.disconnect();
      process.exit(0);
    });
  });
}

export class BullmqSystem implements Chain4System {
  readonly name = 'BullMQ';

  private constructor(
    private readonly prefix: string,
    private readonly redis: Redis,
    private readonly queues: Queue<StepInput>[],
    private readonly steps: StepProcesses,
  ) {}

  static async launch(): Promise<BullmqSystem> {
    const prefix = `c4${randomBytes(4).toString('hex')}`;
    const redis = connect();
    const queues = Array.from({ length: STEPS }, (_, i) => new Queue<StepInput>(queueName(i + 1), { connection: redis, prefix }));
    const steps = await StepProcesses.start('bullmq', { CHAIN4_PREFIX: prefix, REDIS_URL });
    return new BullmqSystem(prefix, redis, queues, steps);
  }

  async start(ids: string[]): Promise<void> {
    const job = (workflowId: string) => ({ name: 'step', data: { workflowId, step: 0, data: STEP_DATA }, opts: { jobId: jobId(workflowId, 1) } });
    if (ids.length === 1) {
      const { name, data, opts } = job(ids[0]);
      await this.queues[0].add(name, data, opts);
    } else {
      await this.queues[0].addBulk(ids.map(job));
    }
  }

  async doneCount(): Promise<number> {
    return (await this.queues[STEPS - 1].getJobCounts('completed')).completed;
  }

  async doneAt(ids: string[]): Promise<Map<string, number>> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(stateKey(this.prefix, id), `at${STEPS}`);
    const answers = (await pipeline.exec()) ?? [];
    return new Map(ids.flatMap((id, i) => (answers[i][1] ? [[id, Number(answers[i][1])] as const] : [])));
  }

  async verify(workflows: number): Promise<string[]> {
    const problems: string[] = [];
    for (const [i, queue] of this.queues.entries()) {
      const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait', 'delayed');
      if (counts.completed !== workflows || counts.failed + counts.active + counts.wait + counts.delayed > 0) {
        problems.push(`BullMQ: step ${i + 1} jobs ${JSON.stringify(counts)}, expected ${workflows} completed`);
      }
    }
    const states = await this.hashesOf(await this.keys(`${this.prefix}:chain4-state:*`));
    if (states.length !== workflows) problems.push(`BullMQ: ${states.length} workflow states, expected ${workflows}`);
    for (let step = 1; step <= STEPS; step++) {
      const notOnce = states.filter((state) => state[`runs${step}`] !== '1').length;
      if (notOnce) problems.push(`BullMQ: ${notOnce} workflows did not run step ${step} exactly once`);
    }
    return problems;
  }

  processes(): SystemProcesses {
    return { steps: this.steps.pids, postgresClients: [], broker: { name: 'Redis', comm: 'redis-server' } };
  }

  async stop(): Promise<void> {
    await this.steps.stop();
    await Promise.all(this.queues.map((queue) => queue.close()));
    const keys = await this.keys(`${this.prefix}:*`);
    for (let i = 0; i < keys.length; i += 1_000) await this.redis.unlink(...keys.slice(i, i + 1_000));
    this.redis.disconnect();
  }

  private async keys(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const batch of this.redis.scanStream({ match: pattern, count: 1_000 })) keys.push(...(batch as string[]));
    return keys;
  }

  private async hashesOf(keys: string[]): Promise<Record<string, string>[]> {
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.hgetall(key);
    return ((await pipeline.exec()) ?? []).map(([, hash]) => hash as Record<string, string>);
  }
}

/** Redis's persistence settings, printed beside the figures. */
export async function redisPersistence(): Promise<string> {
  const redis = connect();
  try {
    const [, save] = (await redis.config('GET', 'save')) as string[];
    const [, appendonly] = (await redis.config('GET', 'appendonly')) as string[];
    return `save '${save}', appendonly ${appendonly}`;
  } finally {
    redis.disconnect();
  }
}

/** The raw limit beside BullMQ: one Redis round trip (a SET), one after another. */
export async function redisRoundTripsMs(samples: number): Promise<number[]> {
  const redis = connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await redis.set(`c4raw:${i}`, STEP_DATA);
      times.push(performance.now() - started);
    }
    await redis.del(...Array.from({ length: samples }, (_, i) => `c4raw:${i}`));
    return times;
  } finally {
    redis.disconnect();
  }
}
