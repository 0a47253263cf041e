import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type VideoChunked, videoChunked } from '@switchboard/contracts';
import { TIMEOUTS, withTimeout } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { costUsd, EmbeddingsPort } from '@switchboard/providers';
import pg from 'pg';
import { reasonOf } from '../transcribing/video-transcribe.handler.js';
import { Videos } from '../videos/videos.js';

export const EMBEDDING_BATCH = 20;

/**
 * Embeds a chunk generation in batches of 20 (3 attempts: 2 retries, 1 s -> 10 s). Each batch's
 * vectors are committed as they arrive (on the pool, beside the delivery's transaction), and only
 * chunks without a vector are sent: a delivery after a crash or a failed batch resumes where the
 * last one stopped, and no chunk is ever embedded twice. The generation becomes searchable with
 * the `embedded` event, once every chunk has its vector.
 */
@Controller()
export class VideoEmbedHandler {
  constructor(
    private readonly videos: Videos,
    private readonly embeddings: EmbeddingsPort,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(videoChunked, {
    durable: 'transcription-video-embed',
    ordered: false,
    concurrency: 2,
    retry: { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000, jitter: 0.2 },
  })
  async embed(@Payload() event: EventEnvelope<VideoChunked>, @Ctx() context: EventContext): Promise<void> {
    const { videoId, generation } = event.payload;
    const options = { tx: context.tx, cause: event };
    const { state } = await this.videos.load(videoId, context.tx);
    if (state.status !== 'EMBEDDING' || state.generation !== generation) return;
    try {
      const result = await this.embedGeneration(videoId, generation);
      await this.videos.execute(videoId, { type: 'complete-embedding', generation, ...result }, options);
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.videos.execute(videoId, { type: 'fail', step: 'embed', reason: reasonOf(error) }, options);
    }
  }

  /** Vectors for every chunk of the generation that has none; then what the generation holds. */
  async embedGeneration(videoId: string, generation: number): Promise<{ model: string; dimensions: number; tokens: number; costUsd: number }> {
    const s = `"${this.schema}"`;
    const { rows: pending } = await this.pool.query<{ position: number; text: string }>(
      `SELECT position, text FROM ${s}.video_chunks WHERE video_id = $1 AND generation = $2 AND embedding IS NULL ORDER BY position`,
      [videoId, generation],
    );
    for (let at = 0; at < pending.length; at += EMBEDDING_BATCH) {
      const batch = pending.slice(at, at + EMBEDDING_BATCH);
      const texts = batch.map((chunk) => chunk.text);
      const { vectors, usage } = await withTimeout(`embedding video ${videoId}`, TIMEOUTS.apiCall, (signal) => this.embeddings.embed(texts, signal));
      const tokens = apportion(usage.inputTokens, texts);
      await this.pool.query(
        `UPDATE ${s}.video_chunks c SET embedding = v.embedding, model = $3, tokens = v.tokens
         FROM (SELECT p.position, p.tokens, (SELECT array_agg(x::real ORDER BY i) FROM jsonb_array_elements_text(p.vector) WITH ORDINALITY AS e(x, i)) AS embedding
               FROM jsonb_to_recordset($4::jsonb) AS p(position int, tokens int, vector jsonb)) v
         WHERE c.video_id = $1 AND c.generation = $2 AND c.position = v.position AND c.embedding IS NULL`,
        [videoId, generation, usage.model, JSON.stringify(batch.map((chunk, i) => ({ position: chunk.position, tokens: tokens[i], vector: vectors[i] })))],
      );
    }
    const { rows } = await this.pool.query<{ model: string; dimensions: number; tokens: string; missing: string }>(
      `SELECT min(model) AS model, max(array_length(embedding, 1)) AS dimensions, coalesce(sum(tokens), 0) AS tokens, count(*) FILTER (WHERE embedding IS NULL) AS missing
       FROM ${s}.video_chunks WHERE video_id = $1 AND generation = $2`,
      [videoId, generation],
    );
    const { model, dimensions, missing } = rows[0];
    if (Number(missing) > 0) throw new Error(`${missing} chunks of video ${videoId} still have no vector`);
    const tokens = Number(rows[0].tokens);
    return { model, dimensions, tokens, costUsd: costUsd(model, tokens, 0) };
  }
}

/** A batch's token count shared among its texts by length, so usage adds up whatever was resumed. */
function apportion(total: number, texts: string[]): number[] {
  const lengths = texts.map((text) => text.length || 1);
  const sum = lengths.reduce((a, b) => a + b, 0);
  const shares = lengths.map((length) => Math.floor((total * length) / sum));
  shares[0] += total - shares.reduce((a, b) => a + b, 0);
  return shares;
}
