import type { INestApplication } from '@nestjs/common';
import { NOTIFICATION_REQUEST_COMMAND, type NotificationRequest } from '@switchboard/contracts';
import { runMigrations } from '@switchboard/event-store';
import { EventingRuntime, names } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { type ChatScript, ProviderSimulator, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { NatsConnection, Subscription } from 'nats';
import { researchApp } from '../research.app.js';
import { researchMigrations } from '../research.migrations.js';

/** A valid brief citing what the scripted web research found. */
export const validBrief = (email: string, url: string) => ({
  summary: { text: `Meeting with ${email}`, sources: [url], confidence: 'HIGH' },
  prospects: [{ email, role: 'VP Operations', profile: 'Runs operations.', sources: [url], confidence: 'HIGH' }],
  company: { overview: 'A logistics company.', sources: [url], confidence: 'MEDIUM' },
  news: [{ headline: 'Raised a Series B', sources: [url] }],
  talkingPoints: [{ point: 'Cut manual scheduling', painPoint: 'manual scheduling', sources: [url] }],
  questions: ['How do you schedule today?'],
  risks: [{ risk: 'Incumbent vendor', sources: [url] }],
});

/**
 * The research service in-process against real NATS and PostgreSQL and the provider simulator,
 * with a real NATS responder standing in for telephony's notification command (recording what it is asked).
 */
export class MeetingPrepFixture {
  readonly ns = new TestNamespace();
  readonly schema = this.ns.schema('research');
  readonly notifications: NotificationRequest[] = [];
  simulator!: ProviderSimulator;
  nats!: NatsConnection;
  private readonly apps: INestApplication[] = [];
  private responder?: Subscription;

  /** `env`: settings of the replicas beyond the test defaults (e.g. rotated TOKEN_ENCRYPTION_KEYS). */
  constructor(private readonly env: Record<string, string> = {}) {}

  async start(): Promise<void> {
    await runMigrations({ url: TEST_DATABASE_URL, schema: this.schema, migrations: researchMigrations });
    this.simulator = await ProviderSimulator.start({ port: 0 });
    this.nats = await this.ns.natsConnection();
    this.responder = this.nats.subscribe(names.commandSubject(this.ns.namespace, NOTIFICATION_REQUEST_COMMAND));
    void (async () => {
      for await (const message of this.responder!) {
        const request = message.json<NotificationRequest>();
        this.notifications.push(request);
        message.respond(JSON.stringify({ ok: true, result: { notificationId: request.notificationId, status: 'QUEUED' } }));
      }
    })();
    await this.startReplica();
  }

  /** One more replica of the research service (same namespace, same consumers). */
  async startReplica(): Promise<INestApplication> {
    const env = this.ns.env({ LOG_LEVEL: 'error', SIMULATOR_URL: this.simulator.baseUrl, PUBLIC_URL: 'http://127.0.0.1:9', PERPLEXITY_RATE_LIMIT: '1000', ...this.env });
    const { app } = await createServiceApp(researchApp, { ...process.env, ...env });
    await app.init();
    await app.get(EventingRuntime).ready;
    this.apps.push(app);
    return app;
  }

  async stop(): Promise<void> {
    for (const app of this.apps) await app.close();
    this.responder?.unsubscribe();
    await this.simulator?.stop();
    await this.ns.dispose();
  }

  script(...scripts: ChatScript[]): void {
    this.simulator.chats.scripts.unshift(...scripts);
  }

  async command<T>(name: string, payload: unknown): Promise<T> {
    const reply = await this.nats.request(names.commandSubject(this.ns.namespace, name), JSON.stringify(payload), { timeout: 30_000 });
    const answer = reply.json<{ ok: boolean; result: T; error?: unknown }>();
    if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
    return answer.result;
  }

  async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.ns.pool.query(sql.replaceAll('$schema', `"${this.schema}"`), params)).rows as R[];
  }

  async createCampaign(ownerEmail = 'owner@us.com'): Promise<string> {
    const campaign = await this.command<{ id: string }>('research.prep-campaign.create', {
      name: 'Scheduling Q1',
      offering: 'Automated scheduling',
      targetCustomer: 'Logistics companies',
      painPoints: ['manual scheduling'],
      ownDomains: ['us.com'],
      ownerEmail,
    });
    return campaign.id;
  }

  /** Through the OAuth flow against the simulator: start, consent (redirects with a code), callback. */
  async connect(campaignId: string, calendarId: string): Promise<{ id: string; watch: { channelId: string } }> {
    const { authorizationUrl } = await this.command<{ authorizationUrl: string }>('research.oauth.start', { campaignId, calendarId });
    const consent = await fetch(authorizationUrl, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location')!);
    return this.command('research.oauth.complete', { code: callback.searchParams.get('code'), state: callback.searchParams.get('state') });
  }

  /** What the gateway forwards of a push: with `token`, or else the one Google was given for the channel. */
  async push(channelId: string, token?: string): Promise<{ accepted: boolean; ignored?: string }> {
    return this.command('research.calendar.push', { channelId, channelToken: token ?? (await this.watchToken(channelId)), resourceState: 'exists' });
  }

  /** The token the watch request for `channelId` sent Google (the channel is opened after its connect answers: waited for). */
  async watchToken(channelId: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const watch = this.simulator.state.requests.find((r) => r.endpoint === 'google.events.watch' && r.body.id === channelId && typeof r.body.token === 'string');
      if (watch) return watch.body.token as string;
      if (Date.now() > deadline) throw new Error(`no watch request for channel ${channelId} reached the simulator`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async connection(connectionId: string) {
    return this.command<{ status: string; syncs: number; fullResyncs: number; watch: { channelId: string; status: string } }>('research.connections.get', { connectionId });
  }

  perplexityAsked(text: string): number {
    return this.simulator.state.requests.filter((r) => r.endpoint === 'perplexity.chat' && JSON.stringify(r.body).includes(text)).length;
  }

  async handled(consumer: string, eventType: string, streamId: string): Promise<boolean> {
    const rows = await this.query(
      `SELECT 1 FROM $schema.inbox i JOIN $schema.events e ON e.event_id = i.event_id WHERE i.consumer LIKE $1 AND e.type = $2 AND e.stream_id = $3`,
      [`%${consumer}`, eventType, streamId],
    );
    return rows.length > 0;
  }
}
