import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { durableMigrations } from '@switchboard/durable';
import { EventStore, PostgresModule, runMigrations, withTransaction } from '@switchboard/event-store';
import { EventingModule, NatsModule, startEventing } from '@switchboard/eventing';
import { TEST_DATABASE_URL, TEST_NATS_URL, TestNamespace } from '@switchboard/testing';
import pg from 'pg';
import { type Chain4System, orUndo, STEP_DATA, STEPS } from '../chain4-system.js';
import type { SystemProcesses } from '../../support/cpu-accounting.js';
import { PgStepState } from '../pg-state.js';
import { StepProcesses } from '../step-processes.js';
import { chain4Registry, CLIENT_SERVICE, emitted, STEP_SERVICES, workflowStarted, workflowStream } from './chain4.events.js';

/** Ours: four step services as processes, started by a client service (this process) appending to its store. */
export class OursSystem implements Chain4System {
  readonly name = 'ours';
  private readonly states = STEP_SERVICES.map((service) => new PgStepState(this.ns.schema(service)));

  private constructor(
    private readonly ns: TestNamespace,
    private readonly client: INestApplication,
    private readonly store: EventStore,
    private readonly steps: StepProcesses,
  ) {}

  static async launch(): Promise<OursSystem> {
    const ns = new TestNamespace();
    return orUndo(async () => {
      await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema(CLIENT_SERVICE) });
      for (const service of STEP_SERVICES) {
        // The step services' hosting brings the durable primitives, whose tables it expects.
        await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema(service), migrations: durableMigrations });
        await new PgStepState(ns.schema(service)).create(ns.pool);
      }
      const client = await startClient(ns);
      const steps = await StepProcesses.start('ours', ns.env({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json' }));
      return new OursSystem(ns, client, client.get(EventStore), steps);
    }, () => ns.dispose());
  }

  async start(ids: string[]): Promise<void> {
    const started = (workflowId: string) => workflowStarted.create({ workflowId, step: 0, data: STEP_DATA });
    if (ids.length === 1) {
      await this.store.append(workflowStream(ids[0]), [started(ids[0])], { expectedVersion: 'no_stream' });
      return;
    }
    await withTransaction(this.ns.pool, (tx) =>
      this.store.appendToStreams(ids.map((id) => ({ streamId: workflowStream(id), event: started(id) })), tx),
    );
  }

  doneCount(): Promise<number> {
    return this.states[STEPS - 1].count(this.ns.pool, STEPS);
  }

  doneAt(ids: string[]): Promise<Map<string, number>> {
    return this.states[STEPS - 1].stampsOf(this.ns.pool, STEPS, ids);
  }

  async verify(workflows: number): Promise<string[]> {
    const problems: string[] = [];
    for (let step = 1; step <= STEPS; step++) problems.push(...(await this.states[step - 1].problems(this.ns.pool, step, workflows, 'ours')));
    const stored = [
      { service: CLIENT_SERVICE, type: workflowStarted.type },
      ...emitted.map((event, i) => ({ service: STEP_SERVICES[i], type: event.type })),
    ];
    for (const { service, type } of stored) {
      const { rows } = await this.ns.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(this.ns.schema(service))}.events WHERE type = $1`,
        [type],
      );
      if (rows[0].n !== workflows) problems.push(`ours: ${rows[0].n} ${type} events stored, expected ${workflows}`);
    }
    return problems;
  }

  processes(): SystemProcesses {
    return { steps: this.steps.pids, postgresClients: this.steps.pids, broker: { name: 'NATS', comm: 'nats-server' } };
  }

  async stop(): Promise<void> {
    await this.steps.stop();
    await this.client.close();
    await this.ns.dispose();
  }
}

/** The client service: its store holds the `started` events and its relay publishes them. */
async function startClient(ns: TestNamespace): Promise<INestApplication> {
  @Module({
    imports: [
      NatsModule.forRoot({ url: TEST_NATS_URL, name: CLIENT_SERVICE }),
      PostgresModule.forRoot({ url: TEST_DATABASE_URL, applicationName: CLIENT_SERVICE }),
      EventingModule.forService({
        service: CLIENT_SERVICE,
        domain: CLIENT_SERVICE,
        namespace: ns.namespace,
        schema: ns.schema(CLIENT_SERVICE),
        databaseUrl: TEST_DATABASE_URL,
        registry: chain4Registry(),
      }),
    ],
  })
  class Chain4ClientModule {}
  const app = await NestFactory.create(Chain4ClientModule, { logger: ['error'] });
  await startEventing(app, { wait: true });
  return app;
}
