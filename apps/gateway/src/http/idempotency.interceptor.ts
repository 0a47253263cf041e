import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { lastValueFrom, type Observable, of } from 'rxjs';
import { CommandError } from '@switchboard/eventing';
import { callerOf, SERVICE_SCHEMA } from '@switchboard/platform';
import { ProblemException } from './problem.exception.js';
import { onUploadComplete } from './uploaded-file.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
const SWEEP_EVERY_MS = 10 * 60_000;

interface Stored {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
}

/** The key was used before in this scope: what was kept of that request (answered instead of running this one). */
class EarlierRequest extends Error {
  constructor(
    readonly earlier: Stored,
    readonly requestHash: string,
  ) {
    super('Idempotency-Key used before');
  }
}

/** JSON with object keys sorted, so the same body hashes the same however a client orders its fields. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, field]) => field !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Failures known to have changed nothing: refused before the handler ran or by it (HTTP errors),
 * or answered by the service. A timeout, a lost connection or a bug leaves the outcome unknown.
 */
function tookNoEffect(error: unknown): boolean {
  if (error instanceof HttpException) return true;
  return error instanceof CommandError && error.code !== 'TIMEOUT';
}

/**
 * A POST with an `Idempotency-Key` header runs once: a retry with the same key and body (for an
 * upload, the same file's bytes and options) gets the first answer again (status and body, marked
 * `Idempotent-Replayed: true`) instead of creating something twice. A key belongs to one API key,
 * method and route, is kept 24 hours, and is forgotten if the request fails without effect, so it
 * can be retried with it; when its outcome is unknown (a command timed out), it stays in progress
 * until it expires.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  private readonly table: string;
  private lastSweep = 0;

  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.idempotency_keys`;
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (request.method !== 'POST' || key === undefined) return next.handle();
    if (!KEY.test(key)) throw new BadRequestException('Idempotency-Key must be 1 to 255 visible ASCII characters');

    const caller = callerOf(request)?.digest;
    if (caller === undefined) throw new Error('IdempotencyInterceptor runs only behind RoleGuard (see ApiController)');
    // The route, not the literal path: `/V1/Campaigns/` is the same route as `/v1/campaigns`. Its
    // parameters belong to the request, so a key used to launch one campaign cannot launch another.
    const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
    const scope = `${caller} ${request.method} ${route}`;
    const fingerprint = (body: unknown) => createHash('sha256').update(canonicalJson({ params: request.params, body })).digest('hex');

    this.sweepExpired();
    let claimed = false;
    const claim = async (requestHash: string) => {
      const earlier = await this.claim(scope, key, requestHash);
      if (earlier) throw new EarlierRequest(earlier, requestHash);
      claimed = true;
    };
    // An upload's handler streams the file: the request is its bytes' hash with the upload's
    // options, claimed once the file is whole and before the handler acts on it. A handler may be
    // done first (a sheet refused as it streamed): then no key is taken for a request answered.
    let settled = false;
    let claiming: Promise<void> | undefined;
    const upload = onUploadComplete(request, ({ sha256, fields }) => {
      if (settled) return Promise.reject(new Error('the request was answered before its upload was whole'));
      return (claiming = claim(fingerprint({ fields, sha256 })));
    });

    let body: unknown;
    try {
      if (!upload) await claim(fingerprint(request.body));
      body = await lastValueFrom(next.handle(), { defaultValue: undefined }).finally(() => (settled = true));
    } catch (error) {
      await claiming?.catch(() => undefined);
      if (error instanceof EarlierRequest) return of(this.replay(error.earlier, error.requestHash, response));
      if (!claimed) throw error; // refused before its file was whole: no key was taken
      if (!tookNoEffect(error)) return of(this.outcomeUnknown(error, response));
      await this.pool
        .query(`DELETE FROM ${this.table} WHERE scope = $1 AND key = $2`, [scope, key])
        .catch((failure: Error) => this.logger.warn(`could not release Idempotency-Key after a failed request: ${failure.message}`));
      throw error;
    }
    if (!claimed) return of(body);
    // The client gets its answer even if it cannot be kept: the key then stays in progress and a
    // retry is refused with 409 rather than run twice.
    await this.pool
      .query(`UPDATE ${this.table} SET status_code = $3, response_body = $4 WHERE scope = $1 AND key = $2`, [
        scope,
        key,
        response.statusCode,
        JSON.stringify(body ?? null),
      ])
      .catch((failure: Error) => this.logger.error(`could not keep the answer to an idempotent request: ${failure.message}`));
    return of(body);
  }

  /**
   * The key stays in progress (a retry gets 409): the command may still take effect, and running
   * it again could create a second campaign. A command that timed out is answered 202.
   */
  private outcomeUnknown(error: unknown, response: Response): unknown {
    if (!(error instanceof CommandError && error.code === 'TIMEOUT')) throw error;
    response.status(HttpStatus.ACCEPTED);
    return {
      status: 'OUTCOME_UNKNOWN',
      detail: `${error.message}; it may still take effect. This Idempotency-Key stays in use so a retry cannot run it twice: look the result up before sending it again under a new key`,
    };
  }

  /** Marks the key in progress; or, if this scope already used it, what was kept of that request. */
  private async claim(scope: string, key: string, requestHash: string): Promise<Stored | undefined> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE scope = $1 AND key = $2 AND expires_at <= now()`, [scope, key]);
    // A row may vanish between the insert and the select (its request failed): then claim again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.pool.query(
        `INSERT INTO ${this.table} (scope, key, request_hash, expires_at) VALUES ($1, $2, $3, now() + interval '24 hours')
         ON CONFLICT DO NOTHING`,
        [scope, key, requestHash],
      );
      if (inserted.rowCount === 1) return undefined;
      const { rows } = await this.pool.query<Stored>(
        `SELECT request_hash, status_code, response_body FROM ${this.table} WHERE scope = $1 AND key = $2`,
        [scope, key],
      );
      if (rows[0]) return rows[0];
    }
    // Claimed and released by others every time: as busy as a request in progress.
    return { request_hash: requestHash, status_code: null, response_body: null };
  }

  private replay(earlier: Stored, requestHash: string, response: Response): unknown {
    if (earlier.request_hash !== requestHash) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, {
        slug: 'idempotency-key-reused',
        title: 'Idempotency-Key reused',
        detail: 'this Idempotency-Key was already used with a different request body; use a new key for a new request',
      });
    }
    if (earlier.status_code === null) {
      response.setHeader('Retry-After', '1');
      throw new ProblemException(HttpStatus.CONFLICT, {
        slug: 'idempotency-key-in-use',
        title: 'Request in progress',
        detail: 'a request with this Idempotency-Key is still being handled, or its outcome is unknown; retry once it is done',
      });
    }
    response.status(earlier.status_code).setHeader('Idempotent-Replayed', 'true');
    return earlier.response_body;
  }

  /** Expired keys are deleted by the requests that use keys, at most every few minutes per process. */
  private sweepExpired(): void {
    if (Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    this.pool
      .query(`DELETE FROM ${this.table} WHERE expires_at <= now()`)
      .catch((failure: Error) => this.logger.warn(`could not delete expired Idempotency-Keys: ${failure.message}`));
  }
}
