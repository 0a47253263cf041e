import { TEST_DATABASE_URL } from '@switchboard/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { type Chain4System, orUndo, STEP_DATA, STEPS, type StepInput, wallClockMs } from '../chain4-system.js';
import type { SystemProcesses } from '../../support/cpu-accounting.js';
import { PgStepState } from '../pg-state.js';
import { StepProcesses } from '../step-processes.js';

/**
 * pg-boss at its defaults but two: its default worker takes "1 job every 2 seconds" (its docs),
 * so workers are woken by LISTEN/NOTIFY (its low-latency mode) and fetch batches of 10 (its docs'
 * example) back to back while batches come full (its burst mode), or a backlog would drain at one
 * job per poll. A queue and a worker per step, each worker in its own process writing the
 * workflow's state row and sending the next step's job; in a database of its own.
 */

const queueName = (step: number) => `chain4-step${step}`;
const state = new PgStepState('public');
const newBoss = (connectionString: string) => {
  const boss = new PgBoss({ connectionString, useListenNotify: true });
  boss.on('error', (error) => console.error(error));
  return boss;
};

export async function runPgBossStep(step: number): Promise<void> {
  const url = process.env.CHAIN4_PGBOSS_URL!;
  const boss = newBoss(url);
  const db = new pg.Pool({ connectionString: url, application_name: `chain4-pg-boss-step${step}` });
  await boss.start();
  await boss.work<StepInput>(queueName(step), { batchSize: 10, burstWhenBatchFull: true }, async (jobs) => {
    for (const { data: input } of jobs) {
      await state.record(db, input.workflowId, step, wallClockMs());
      if (step < STEPS) await boss.send(queueName(step + 1), { workflowId: input.workflowId, step, data: input.data });
    }
  });
  console.log('ready');
  process.once('SIGTERM', () => {
    void boss.stop({ graceful: true }).then(async () => {
      await db.end();
      process.exit(0);
    });
  });
}

export class PgBossSystem implements Chain4System {
  readonly name = 'pg-boss';

  private constructor(
    private readonly database: string,
    private readonly admin: pg.Pool,
    private readonly db: pg.Pool,
    private readonly boss: PgBoss,
    private readonly steps: StepProcesses,
  ) {}

  static async launch(): Promise<PgBossSystem> {
    const database = `c4${randomBytes(4).toString('hex')}`;
    const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
    await admin.query(`CREATE DATABASE ${database}`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${database}`;
    const db = new pg.Pool({ connectionString: url.href, max: 2 });
    const boss = newBoss(url.href);
    return orUndo(
      async () => {
        await state.create(db);
        await boss.start();
        for (let step = 1; step <= STEPS; step++) await boss.createQueue(queueName(step), { notify: true });
        const steps = await StepProcesses.start('pg-boss', { CHAIN4_PGBOSS_URL: url.href });
        return new PgBossSystem(database, admin, db, boss, steps);
      },
      async () => {
        await boss.stop({ graceful: false }).catch(() => undefined);
        await db.end();
        await dropDatabase(admin, database);
      },
    );
  }

  async start(ids: string[]): Promise<void> {
    const data = (workflowId: string): StepInput => ({ workflowId, step: 0, data: STEP_DATA });
    if (ids.length === 1) await this.boss.send(queueName(1), data(ids[0]));
    else await this.boss.insert(queueName(1), ids.map((id) => ({ data: data(id) })));
  }

  doneCount(): Promise<number> {
    return state.count(this.db, STEPS);
  }

  doneAt(ids: string[]): Promise<Map<string, number>> {
    return state.stampsOf(this.db, STEPS, ids);
  }

  async verify(workflows: number): Promise<string[]> {
    const problems: string[] = [];
    for (let step = 1; step <= STEPS; step++) problems.push(...(await state.problems(this.db, step, workflows, 'pg-boss')));
    const { rows } = await this.db.query<{ name: string; state: string; n: number }>(
      `SELECT name, state, count(*)::int AS n FROM pgboss.job GROUP BY name, state`,
    );
    for (let step = 1; step <= STEPS; step++) {
      const jobs = rows.filter((row) => row.name === queueName(step));
      const completed = jobs.find((row) => row.state === 'completed')?.n ?? 0;
      if (completed !== workflows || jobs.some((row) => row.state !== 'completed')) {
        problems.push(`pg-boss: step ${step} jobs ${JSON.stringify(jobs.map(({ state, n }) => ({ state, n })))}, expected ${workflows} completed`);
      }
    }
    return problems;
  }

  processes(): SystemProcesses {
    return { steps: this.steps.pids, postgresClients: this.steps.pids };
  }

  async stop(): Promise<void> {
    await this.steps.stop();
    await this.boss.stop({ graceful: false });
    await this.db.end();
    await dropDatabase(this.admin, this.database);
  }
}

async function dropDatabase(admin: pg.Pool, database: string): Promise<void> {
  await admin.query(`DROP DATABASE ${database} WITH (FORCE)`);
  await admin.end();
}
