import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { makeVideo, TEST_DATABASE_URL } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../apps/gateway/src/gateway.app.js';
import { gatewayMigrations } from '../apps/gateway/src/gateway.migrations.js';
import { VideoHarness } from '../apps/transcription/src/videos/test-support/video-harness.js';

/** The gateway (REST, multipart upload) in front of transcription, sharing one storage folder. */
const harness = new VideoHarness();
const KEY = 'sk-video-test';
const [ORCHARD, BIG, BIGGER, TEXT] = Array.from({ length: 4 }, () => randomUUID());
const LIMIT = 210 * 1024 * 1024;
let gateway: INestApplication;
let base: string;

beforeAll(async () => {
  await harness.start();
  await runMigrations({ url: TEST_DATABASE_URL, schema: harness.ns.schema('gateway'), migrations: gatewayMigrations });
  ({ app: gateway } = await createServiceApp(gatewayApp, { ...process.env, ...harness.env(), API_KEYS: KEY, VIDEO_MAX_UPLOAD_BYTES: String(LIMIT) }));
  await gateway.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(gateway.getHttpServer().address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await gateway?.close();
  await harness.stop();
});

const MP4_HEAD = Buffer.from('0000001c667479706d703432000000006d70343269736f6d', 'hex');

/** A multipart body streamed from `file` chunks, never built whole; `size` bytes of file in all. */
function multipart(fields: Record<string, string>, file: Iterable<Buffer> | AsyncIterable<Buffer>): { boundary: string; body: Readable } {
  const boundary = `----switchboard${randomUUID()}`;
  async function* parts() {
    for (const [name, value] of Object.entries(fields)) yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="video.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
    yield* file;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return { boundary, body: Readable.from(parts()) };
}

function* zeros(total: number, head = MP4_HEAD): Generator<Buffer> {
  yield head;
  const block = Buffer.alloc(1024 * 1024);
  for (let sent = head.length; sent < total; sent += block.length) yield block.subarray(0, Math.min(block.length, total - sent));
}

function upload(fields: Record<string, string>, file: Iterable<Buffer> | AsyncIterable<Buffer>, idempotencyKey?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const { boundary, body } = multipart(fields, file);
  const keyed = idempotencyKey ? { 'idempotency-key': idempotencyKey } : {};
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${base}/v1/videos/upload`,
      { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': `multipart/form-data; boundary=${boundary}`, ...keyed } },
      (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(parts).toString() || '{}') }));
      },
    );
    request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    body.pipe(request);
  });
}

const api = async (path: string) => {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const post = async (path: string, body: unknown) => {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const storedUploads = async () => (await readdir(join(harness.storageDir, 'uploads')).catch(() => [])).filter((name) => !name.includes('.partial-'));

describe('video upload through the gateway', () => {
  it('takes a real video, streams it to storage, and the video ends up searchable over REST', async () => {
    const path = join(tmpdir(), `upload-${randomUUID()}.mp4`);
    await makeVideo(path, Array.from({ length: 30 }, (_, i) => `Chapter ${i} shows how to prune apple trees in late winter.`).join(' '));
    const created = await upload({ creatorId: ORCHARD, title: 'Pruning apples', language: 'en' }, [await readFile(path)]);
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ creatorId: ORCHARD, status: 'PENDING', contentType: 'video/mp4' });
    const id = created.body.id as string;
    await expect.poll(async () => (await api(`/v1/videos/${id}`)).body.status, { timeout: 90_000, interval: 250 }).toBe('COMPLETED');
    const { body: video } = await api(`/v1/videos/${id}`);
    expect((video.transcript as unknown[]).length).toBe(330);
    const { status, body } = await api(`/v1/videos/search?q=${encodeURIComponent('when should I prune apple trees')}&creatorId=${ORCHARD}&limit=3`);
    expect(status).toBe(200);
    expect((body.results as { videoId: string }[])[0]).toMatchObject({ videoId: id, title: 'Pruning apples' });
    const usage = await api(`/v1/creators/${ORCHARD}/usage`);
    expect(usage.body).toMatchObject({ creatorId: ORCHARD });
    expect(usage.body.audioMinutes as number).toBeGreaterThan(2);

    const both = await post('/v1/videos/reembed', { creatorId: ORCHARD, allFailed: true });
    expect(both.status).toBe(400);
    const job = await post('/v1/videos/reembed', { creatorId: ORCHARD });
    expect(job.status).toBe(202);
    expect(job.body).toMatchObject({ total: 1, status: 'RUNNING' });
    await expect.poll(async () => (await api(`/v1/videos/reembed/${job.body.id}`)).body, { timeout: 60_000, interval: 250 }).toMatchObject({ status: 'COMPLETED', reembedded: 1 });
  }, 150_000);

  it('streams a 200 MB upload with flat memory', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const size = 200 * 1024 * 1024;
    const created = await upload({ creatorId: BIG, title: 'Two hundred megabytes' }, zeros(size));
    clearInterval(sampler);
    expect(created.status).toBe(202);
    expect(created.body.bytes).toBe(size);
    // Buffering the body would take 200 MB more (twice that with copies); streaming holds a few buffers.
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  }, 120_000);

  it('refuses what is too large (413) or not media (415), storing nothing', async () => {
    const before = await storedUploads();
    const tooLarge = await upload({ creatorId: BIGGER, title: 'Too large' }, zeros(LIMIT + 1024 * 1024));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toMatchObject({ status: 413, detail: expect.stringContaining(`${LIMIT}-byte limit`) });
    const text = await upload({ creatorId: TEXT, title: 'Not a video' }, [Buffer.from('This is a plain text file, not a video at all.\n'.repeat(100))]);
    expect(text.status).toBe(415);
    expect(text.body.detail).toMatch(/not a video or audio format/);
    const badField = await upload({ creatorId: 'not-a-uuid', title: 'x' }, zeros(1024));
    expect(badField.status).toBe(400);
    expect(badField.body.errors).toEqual([{ field: 'creatorId', messages: [expect.stringContaining('creatorId')] }]);
    expect(await storedUploads()).toEqual(before);
    const listed = await api(`/v1/videos?creatorId=${TEXT}`);
    expect(listed.body).toEqual([]);
  }, 120_000);

  it('replays the same file and fields under the same Idempotency-Key, whatever the multipart boundary; another file or title is 422 and stores nothing', async () => {
    const key = randomUUID();
    const fields = { creatorId: randomUUID(), title: 'Sent twice' };
    const first = await upload(fields, zeros(4096), key);
    expect(first.status).toBe(202);
    const stored = await storedUploads();
    expect(await upload(fields, zeros(4096), key)).toEqual(first);
    const otherFile = await upload(fields, zeros(8192), key);
    expect(otherFile.status).toBe(422);
    expect(otherFile.body.type).toBe('https://switchboard.dev/problems/idempotency-key-reused');
    expect((await upload({ ...fields, title: 'Another title' }, zeros(4096), key)).status).toBe(422);
    expect(await storedUploads()).toEqual(stored);
  }, 120_000);
});
