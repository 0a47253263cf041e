import { ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DurableTimers, type FailedAttempt, FailedAttempts, type WaitingReport, waitingReport } from '@switchboard/durable';
import { type FiredNow, firedOrRefused, SERVICE_SCHEMA, type ServiceName } from '@switchboard/platform';
import pg from 'pg';
import { GatewayConfig } from '../../gateway.config.js';

const TIMEOUT_MS = 3_000;

export type ServiceAnswer<T> = { service: string; ok: true; body: T } | { service: string; ok: false; error: string };

/**
 * What each service says of itself, asked over its own ops API (/ops/waiting with an operator key,
 * /health) and acted on over it (a cron run now): the console never reads or writes another
 * service's tables. The gateway's own from its schema.
 */
@Injectable()
export class ServicesOps {
  constructor(
    private readonly config: GatewayConfig,
    private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly timers: DurableTimers,
  ) {}

  waiting(limit = 200): Promise<ServiceAnswer<WaitingReport>[]> {
    return this.askingAll(waitingReport(this.pool, this.schema, limit), `/ops/waiting?limit=${limit}`);
  }

  /** A run's failed handler attempts, service by service (their /ops/attempts). */
  attempts(runId: string, limit = 200): Promise<ServiceAnswer<FailedAttempt[]>[]> {
    const own = new FailedAttempts(this.pool, this.schema).ofRun(runId, limit);
    return this.askingAll(own, `/ops/attempts?run=${encodeURIComponent(runId)}&limit=${limit}`);
  }

  /** A service's repeating timer fired now (its POST /ops/timers/run-now): 404 unknown, 409 refused, 503 no answer. */
  async runNow(service: ServiceName, key: string): Promise<FiredNow> {
    const url = service === 'gateway' ? undefined : this.config.services[service];
    if (!url) return firedOrRefused(await this.timers.runNow(key));
    const response = await fetch(new URL('/ops/timers/run-now', url), {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.opsKeys[0] ?? ''}`, 'content-type': 'application/json' },
      body: JSON.stringify({ key }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }).catch((error: unknown) => {
      throw new ServiceUnavailableException(`${service} did not answer: ${String(error)}`);
    });
    const body = (await response.json().catch(() => ({}))) as { eventType: string; nextFireAt: string; detail?: string; message?: string };
    if (response.ok) return { fired: true, eventType: body.eventType, nextFireAt: new Date(body.nextFireAt) };
    const message = body.detail ?? body.message ?? `answered ${response.status}`;
    if (response.status === 404) throw new NotFoundException(message);
    if (response.status === 409) throw new ConflictException(message);
    throw new ServiceUnavailableException(`${service} /ops/timers/run-now answered ${response.status}: ${message}`);
  }

  health(): Promise<ServiceAnswer<unknown>[]> {
    return Promise.all(this.each<unknown>('/health', {}, true));
  }

  /** The gateway's own answer (from its schema) and every service's to an operator's GET of `path`. */
  private askingAll<T>(own: Promise<T>, path: string): Promise<ServiceAnswer<T>[]> {
    const answer = own.then(
      (body): ServiceAnswer<T> => ({ service: 'gateway', ok: true, body }),
      (error): ServiceAnswer<T> => ({ service: 'gateway', ok: false, error: String(error) }),
    );
    const key = this.config.opsKeys[0];
    return Promise.all([answer, ...this.each<T>(path, key ? { authorization: `Bearer ${key}` } : {})]);
  }

  private each<T>(path: string, headers: Record<string, string>, bodyOfFailure = false): Promise<ServiceAnswer<T>>[] {
    return Object.entries(this.config.services).map(async ([service, url]): Promise<ServiceAnswer<T>> => {
      try {
        const response = await fetch(new URL(path, url), { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
        const body = (await response.json().catch(() => undefined)) as T;
        if (response.ok) return { service, ok: true, body };
        return { service, ok: false, error: `${path} answered ${response.status}${bodyOfFailure ? `: ${JSON.stringify(body)}` : ''}` };
      } catch (error) {
        return { service, ok: false, error: String(error) };
      }
    });
  }
}
