import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { EventingRuntime, names } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { ProviderSimulator, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { NatsConnection } from 'nats';
import type { ScoringJobView } from '@switchboard/contracts';

/**
 * Claims alone in a namespace of its own, its models at the provider simulator, driven by its NATS
 * commands as the gateway drives it: what the scoring int-specs share.
 */
export class ClaimsUnderTest {
  readonly ns = new TestNamespace();
  simulator!: ProviderSimulator;
  app!: INestApplication;
  private nats!: NatsConnection;

  /** `latency`: the simulated models' answer times; `env`: settings of this claims. */
  async start(latency: { smallMs: number; largeMs: number }, env: Record<string, string> = {}): Promise<void> {
    // Loaded here, not imported at the top: a spec may set the settings its modules read on load first.
    const { claimsApp } = await import('../../claims.app.js');
    const { claimsMigrations } = await import('../../claims.migrations.js');
    await runMigrations({ url: TEST_DATABASE_URL, schema: this.ns.schema('claims'), migrations: claimsMigrations });
    this.simulator = await ProviderSimulator.start({ port: 0 });
    Object.assign(this.simulator.anthropic.scoringLatency, latency);
    this.nats = await this.ns.natsConnection();
    ({ app: this.app } = await createServiceApp(claimsApp, { ...process.env, ...this.ns.env({ LOG_LEVEL: 'error', SIMULATOR_URL: this.simulator.baseUrl, ...env }) }));
    await this.app.init();
    await this.app.get(EventingRuntime).ready;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.simulator?.stop();
    await this.ns.dispose();
  }

  /** A claims command's result; its refusal is thrown, with the refusal's code. */
  async command<T>(name: string, payload: unknown): Promise<T> {
    const reply = await this.nats.request(names.commandSubject(this.ns.namespace, name), JSON.stringify(payload), { timeout: 15_000 });
    const answer = reply.json<{ ok: boolean; result: T; error?: { code: string; message: string } }>();
    if (!answer.ok) throw Object.assign(new Error(`${name}: ${answer.error?.message ?? JSON.stringify(answer.error)}`), { code: answer.error?.code });
    return answer.result;
  }

  createJob(callCount: number, fileName = 't.csv'): Promise<ScoringJobView> {
    return this.command<ScoringJobView>('claims.scoring.job.create', { fileName, callCount, skippedRows: [], moreSkipped: 0 });
  }

  /** Sends the transcripts as the job's calls, numbered from `firstIndex` (rows follow a header row). */
  addCalls(jobId: string, transcripts: string[], firstIndex = 0): Promise<unknown> {
    const calls = transcripts.map((transcript, i) => ({ index: firstIndex + i, row: firstIndex + i + 2, transcript }));
    return this.command('claims.scoring.job.add-calls', { jobId, calls });
  }

  job(jobId: string): Promise<ScoringJobView> {
    return this.command<ScoringJobView>('claims.scoring.job.get', { jobId });
  }

  /** The model requests the simulator received, in order. */
  modelRequests() {
    return this.simulator.state.requests.filter((r) => r.endpoint === 'anthropic.messages');
  }
}
