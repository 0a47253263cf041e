import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { names } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { callSheet, sheetCsv, sheetXlsx, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { NatsConnection, Subscription } from 'nats';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../gateway.app.js';
import { gatewayMigrations } from '../gateway.migrations.js';
import { SHEET_TYPES } from './sheet-parser.js';

// The gateway with claims answered over real NATS by a stand-in that counts the jobs it creates.
const ns = new TestNamespace();
const KEY = 'sk-upload-idempotency';
let app: INestApplication;
let nats: NatsConnection;
let base: string;
const created: string[] = [];
const subscriptions: Subscription[] = [];

function answer(command: string, reply: (payload: { jobId?: string }) => unknown): void {
  const subscription = nats.subscribe(names.commandSubject(ns.namespace, command));
  subscriptions.push(subscription);
  void (async () => {
    for await (const message of subscription) message.respond(JSON.stringify({ ok: true, result: reply(message.json()) }));
  })();
}

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
  nats = await ns.natsConnection();
  answer('claims.scoring.job.create', () => {
    created.push(randomUUID());
    return { id: created.at(-1), status: 'PENDING' };
  });
  answer('claims.scoring.job.add-calls', () => ({ queued: 1 }));
  answer('claims.scoring.job.get', ({ jobId }) => ({ id: jobId, status: 'PENDING' }));
  ({ app } = await createServiceApp(gatewayApp, { ...process.env, ...ns.env({ LOG_LEVEL: 'fatal', API_KEYS: KEY }) }));
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await app?.close();
  for (const subscription of subscriptions) subscription.unsubscribe();
  await ns.dispose();
});

const upload = async (body: Buffer, key: string, { type = SHEET_TYPES.csv as string, query = '' } = {}) => {
  const response = await fetch(`${base}/v1/scoring/jobs${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': type, 'idempotency-key': key },
    body: new Uint8Array(body),
  });
  return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as { id?: string; type?: string } };
};

describe('Idempotency-Key on a sheet upload', { timeout: 60_000 }, () => {
  it('replays the job to the same file sent again, and refuses another file (or other options) with 422', async () => {
    const key = randomUUID();
    const sheet = sheetCsv(callSheet({ calls: 3 }));
    const first = await upload(sheet, key);
    expect(first.status).toBe(202);
    const again = await upload(Buffer.from(sheet), key);
    expect(again).toMatchObject({ status: 202, replayed: 'true', body: { id: first.body.id } });
    expect(created).toHaveLength(1);

    const other = await upload(sheetCsv(callSheet({ calls: 3, offset: 3 })), key);
    expect(other).toMatchObject({ status: 422, body: { type: 'https://switchboard.dev/problems/idempotency-key-reused' } });
    const otherOptions = await upload(sheet, key, { query: '?goldModel=claude-opus-4-7' });
    expect(otherOptions.status).toBe(422);
    expect(created).toHaveLength(1);
  });

  it('fingerprints an xlsx sheet by its bytes too', async () => {
    const key = randomUUID();
    const before = created.length;
    const sheet = await sheetXlsx(callSheet({ calls: 2 }));
    const first = await upload(sheet, key, { type: SHEET_TYPES.xlsx });
    expect(first.status).toBe(202);
    expect(await upload(sheet, key, { type: SHEET_TYPES.xlsx })).toMatchObject({ status: 202, replayed: 'true', body: { id: first.body.id } });
    expect((await upload(await sheetXlsx(callSheet({ calls: 1 })), key, { type: SHEET_TYPES.xlsx })).status).toBe(422);
    expect(created).toHaveLength(before + 1);
  });

  it('forgets the key of an unusable sheet, so the corrected sheet can use it', async () => {
    const key = randomUUID();
    expect((await upload(Buffer.from('agent,notes\r\nAda,hello\r\n'), key)).status).toBe(422);
    expect((await upload(sheetCsv(callSheet({ calls: 1, offset: 9 })), key)).status).toBe(202);
  });
});
