import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { callSheet, sheetCsv, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../gateway.app.js';
import { gatewayMigrations } from '../gateway.migrations.js';

// What the gateway refuses before it asks claims anything: no claims runs here.
const ns = new TestNamespace();
const KEY = 'sk-upload-test';
const MAX_BYTES = 20_000;
const MAX_ROWS = 5;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
  const env = ns.env({ LOG_LEVEL: 'fatal', API_KEYS: KEY, SCORING_MAX_FILE_BYTES: String(MAX_BYTES), SCORING_MAX_ROWS: String(MAX_ROWS) });
  ({ app } = await createServiceApp(gatewayApp, { ...process.env, ...env }));
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await ns.dispose();
});

const upload = async (body: Buffer | ReadableStream, contentType: string, query = '') => {
  const response = await fetch(`${base}/v1/scoring/jobs${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': contentType },
    body,
    ...(body instanceof ReadableStream && { duplex: 'half' }),
  } as RequestInit);
  return { status: response.status, type: response.headers.get('content-type'), problem: (await response.json()) as { detail: string; errors?: { field: string }[] } };
};

describe('a sheet upload', () => {
  it('over the byte limit is 413 naming the setting, whether its length is declared or not', async () => {
    const big = Buffer.alloc(MAX_BYTES + 1, 'a');
    const declared = await upload(big, 'text/csv');
    expect(declared.status).toBe(413);
    expect(declared.problem.detail).toContain('SCORING_MAX_FILE_BYTES');
    const streamed = await upload(Readable.toWeb(Readable.from([Buffer.from('transcript\n'), big])) as ReadableStream, 'text/csv');
    expect(streamed.status).toBe(413);
    expect(streamed.type).toMatch(/^application\/problem\+json/);
    expect(streamed.problem.detail).toBe(`the sheet is larger than the ${MAX_BYTES}-byte limit (SCORING_MAX_FILE_BYTES)`);
    const xlsx = await upload(Readable.toWeb(Readable.from([Buffer.from('PK'), big])) as ReadableStream, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect([413, 422]).toContain(xlsx.status); // the zip may be found unreadable before the limit is reached
  });

  it('over the row limit is 422 naming the setting', async () => {
    const refused = await upload(sheetCsv(callSheet({ calls: MAX_ROWS + 1 })), 'text/csv');
    expect(refused.status).toBe(422);
    expect(refused.problem.detail).toBe(`the sheet has more than ${MAX_ROWS} rows (SCORING_MAX_ROWS)`);
  });

  it('of another type is 415 naming the types taken', async () => {
    const refused = await upload(Buffer.from('{}'), 'application/json');
    expect(refused.status).toBe(415);
    expect(refused.problem.detail).toContain('text/csv');
  });

  it('with a bad parameter is 400 naming it', async () => {
    const refused = await upload(sheetCsv(callSheet({ calls: 1 })), 'text/csv', '?goldModel=gpt-2');
    expect(refused.status).toBe(400);
    expect(refused.problem.errors?.map((e) => e.field)).toEqual(['goldModel']);
  });
});
