import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { EventingRuntime } from '@switchboard/eventing';
import { createServiceApp, SecretVault, type ServiceDefinition, type ServiceName } from '@switchboard/platform';
import { randomBytes } from 'node:crypto';
import { ProviderSimulator, SmtpSink, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { gatewayApp } from '../../apps/gateway/src/gateway.app.js';
import { gatewayMigrations } from '../../apps/gateway/src/gateway.migrations.js';
import { tasksApp } from '../../apps/tasks/src/tasks.app.js';
import { tasksMigrations } from '../../apps/tasks/src/tasks.migrations.js';
import { telephonyApp } from '../../apps/telephony/src/telephony.app.js';
import { telephonyMigrations } from '../../apps/telephony/src/telephony.migrations.js';
import { GatewayClient } from '../../scripts/demo/gateway-client.js';
import { freePorts } from '../../scripts/system/free-ports.js';

const API_KEY = 'sk-care-test';

export interface Nurse {
  id: string;
  phone: string;
}
export interface Task {
  id: string;
  status: string;
  nurseId: string | null;
  dueAt: string;
  warnedAt: string | null;
  breachedAt: string | null;
}
export interface LoggedNotification {
  id: string;
  recipientKind: string;
  recipientId: string;
  status: string;
  channel: string;
  providerId: string | null;
  requestedAt: string;
  sends: { attempt: number; channel: string; status: string; providerId: string | null }[];
}

/**
 * Gateway, telephony and tasks in this process against real NATS, PostgreSQL and the provider
 * simulator: REST in, Twilio's signed callbacks through the gateway, notifications through telephony.
 */
export class CareHarness {
  private constructor(
    readonly ns: TestNamespace,
    readonly simulator: ProviderSimulator,
    readonly gateway: GatewayClient,
    readonly publicUrl: string,
    private readonly apps: INestApplication[],
    /** The mail server email notifications go to. */
    readonly smtp: SmtpSink,
    /** PUSH_ENCRYPTION_KEYS of the gateway and telephony: what a requester must seal push subscriptions with. */
    readonly pushVault: SecretVault,
  ) {}

  static async start(settings: Record<string, string> = {}): Promise<CareHarness> {
    const ns = new TestNamespace();
    const simulator = await ProviderSimulator.start({ callStepMs: 30 });
    const smtp = new SmtpSink();
    const smtpPort = await smtp.start();
    const [gatewayPort, telephonyPort, tasksPort] = await freePorts(3);
    const publicUrl = `http://127.0.0.1:${gatewayPort}`;
    const env = {
      ...process.env,
      ...ns.env({ LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'fatal' }),
      SIMULATOR_URL: simulator.baseUrl,
      PUBLIC_URL: publicUrl,
      API_KEYS: API_KEY,
      GATEWAY_PORT: String(gatewayPort),
      TELEPHONY_PORT: String(telephonyPort),
      TASKS_PORT: String(tasksPort),
      SIMULATOR_SMTP_PORT: String(smtpPort),
      // Not the development default: the gateway and telephony must both be given it.
      PUSH_ENCRYPTION_KEYS: `care:${randomBytes(32).toString('base64')}`,
      ...settings,
    };
    const services: [ServiceName, ServiceDefinition, unknown[], number][] = [
      ['gateway', gatewayApp as ServiceDefinition, gatewayMigrations, gatewayPort],
      ['telephony', telephonyApp as ServiceDefinition, telephonyMigrations, telephonyPort],
      ['tasks', tasksApp as ServiceDefinition, tasksMigrations, tasksPort],
    ];
    const apps: INestApplication[] = [];
    for (const [name, definition, migrations, port] of services) {
      await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema(name), migrations: migrations as never });
      const { app } = await createServiceApp(definition, env);
      await app.listen(port, '127.0.0.1');
      await app.get(EventingRuntime).ready;
      apps.push(app);
    }
    return new CareHarness(ns, simulator, new GatewayClient(publicUrl, API_KEY), publicUrl, apps, smtp, new SecretVault(env.PUSH_ENCRYPTION_KEYS));
  }

  /** A provider of one of the three services (gateway, telephony, tasks: in that order). */
  service(name: 'gateway' | 'telephony' | 'tasks'): INestApplication {
    return this.apps[['gateway', 'telephony', 'tasks'].indexOf(name)];
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.close()));
    await this.simulator.stop();
    await this.smtp.stop();
    await this.ns.dispose();
  }

  async nurse(unit: string, phone: string): Promise<Nurse> {
    const nurse = await this.gateway.ok<Nurse>('POST', '/v1/nurses', { name: `Nurse ${phone.slice(-4)}`, phone, unit });
    return { ...nurse, phone };
  }

  shift(nurseId: string, capacity: number, startsInMs = 0, lastsMs = 3_600_000): Promise<{ id: string; status: string }> {
    const startsAt = new Date(Date.now() + startsInMs);
    return this.gateway.ok('POST', '/v1/shifts', { nurseId, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + lastsMs).toISOString(), capacity });
  }

  task(unit: string, slaMinutes = 120, extra: Record<string, unknown> = {}): Promise<Task> {
    return this.gateway.ok<Task>('POST', '/v1/tasks', { unit, severity: 'HIGH', reasonCodes: ['HF_BREATHING_WORSE'], actionType: 'NURSE_CALLBACK_2H', slaMinutes, ...extra });
  }

  getTask(id: string): Promise<Task> {
    return this.gateway.ok<Task>('GET', `/v1/tasks/${id}`);
  }

  notifications(query: string): Promise<LoggedNotification[]> {
    return this.gateway.ok<LoggedNotification[]>('GET', `/v1/notifications?${query}`);
  }

  /** SMS bodies the simulator accepted for `phone`. */
  smsTo(phone: string): string[] {
    return this.simulator.messages.sentTo(phone).map((m) => m.body);
  }

  async query<T extends Record<string, unknown>>(service: ServiceName, sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.ns.pool.query<T>(sql.replaceAll('$schema', `"${this.ns.schema(service)}"`), params)).rows;
  }

  /** How many events of `type` a task's stream holds. */
  async taskEvents(taskId: string, type: string): Promise<number> {
    const [row] = await this.query<{ n: number }>('tasks', `SELECT count(*)::int AS n FROM $schema.events WHERE stream_id = $1 AND type = $2`, [`task-${taskId}`, type]);
    return row.n;
  }
}
