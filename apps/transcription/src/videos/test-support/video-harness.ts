import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { EventingRuntime, JetStreamProvisioner, names } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { ProviderSimulator, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NatsConnection } from 'nats';
import { transcriptionApp } from '../../transcription.app.js';
import { transcriptionMigrations } from '../../transcription.migrations.js';

/**
 * The transcription service in-process against real NATS and PostgreSQL (a test namespace), the
 * provider simulator and a storage folder of its own; commands go over NATS as the gateway's do.
 */
export class VideoHarness {
  readonly ns = new TestNamespace();
  readonly schema = this.ns.schema('transcription');
  simulator!: ProviderSimulator;
  app!: INestApplication;
  storageDir!: string;
  private nats!: NatsConnection;
  private readonly replicas: INestApplication[] = [];
  private firstStopped = false;

  async start(): Promise<this> {
    await runMigrations({ url: TEST_DATABASE_URL, schema: this.schema, migrations: transcriptionMigrations });
    this.simulator = await ProviderSimulator.start({ port: 0 });
    this.storageDir = await mkdtemp(join(tmpdir(), 'videos-'));
    this.nats = await this.ns.natsConnection();
    await new JetStreamProvisioner(await this.nats.jetstreamManager(), { namespace: this.ns.namespace }).ensureDomainStream('telephony');
    ({ app: this.app } = await createServiceApp(transcriptionApp, { ...process.env, ...this.env() }));
    await this.app.init();
    await this.app.get(EventingRuntime).ready;
    return this;
  }

  env(): Record<string, string> {
    return this.ns.env({ LOG_LEVEL: 'error', SIMULATOR_URL: this.simulator.baseUrl, VIDEO_STORAGE_DIR: this.storageDir });
  }

  /** Another replica of the service, in the same namespace (same consumers, same database). */
  async startReplica(): Promise<INestApplication> {
    const { app } = await createServiceApp(transcriptionApp, { ...process.env, ...this.env() });
    await app.init();
    await app.get(EventingRuntime).ready;
    this.replicas.push(app);
    return app;
  }

  /** Stops the first instance (the replicas go on), as a crashed or redeployed one would leave its work. */
  async stopFirst(): Promise<void> {
    await this.app.close();
    this.firstStopped = true;
  }

  async stop(): Promise<void> {
    for (const replica of this.replicas) await replica.close();
    if (!this.firstStopped) await this.app?.close();
    await this.simulator?.stop();
    await this.ns.dispose();
    if (this.storageDir) await rm(this.storageDir, { recursive: true, force: true });
  }

  async command<T>(name: string, payload: unknown): Promise<T> {
    const reply = await this.nats.request(names.commandSubject(this.ns.namespace, name), JSON.stringify(payload), { timeout: 15_000 });
    const answer = reply.json<{ ok: boolean; result: T; error?: unknown }>();
    if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
    return answer.result;
  }

  /** A file already in storage, registered as a video of `creatorId`. */
  async register(storageKey: string, creatorId: string, title: string): Promise<string> {
    const videoId = randomUUID();
    await this.command('transcription.video.register', { videoId, creatorId, title, language: 'en', storageKey, contentType: 'video/mp4' });
    return videoId;
  }

  pathOf(storageKey: string): string {
    return join(this.storageDir, storageKey);
  }

  async video(videoId: string): Promise<{ status: string; failureStep: string | null; failureReason: string | null; chunkCount: number; words: number }> {
    return this.command('transcription.video.get', { videoId });
  }

  async statusOf(videoId: string): Promise<string> {
    return (await this.video(videoId)).status;
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.ns.pool.query(sql, params)).rows as R[];
  }
}
