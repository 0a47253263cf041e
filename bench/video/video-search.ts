import { runMigrations } from '@switchboard/event-store';
import { EmbeddingsPort } from '@switchboard/providers';
import { embed, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import pg from 'pg';
import { transcriptionMigrations } from '../../apps/transcription/src/transcription.migrations.js';
import { VideoSearch } from '../../apps/transcription/src/videos/search/video-search.js';
import { percentile, report, round, timed } from '../support/measure.js';

class LocalEmbeddings extends EmbeddingsPort {
  async embed(texts: string[]) {
    return { vectors: texts.map(embed), usage: { model: 'text-embedding-3-small', inputTokens: 0, outputTokens: 0, costUsd: 0 } };
  }
}

const VOCABULARY = 'bread starter flour water oven bike chain tire wheel garden tree prune soil seed coffee brew grind guitar string tune dog puppy train paint wall roller photo backup drive swim breathe stroke email inbox budget money'.split(' ');

/** Search: one creator's chunks (60-word texts, simulator vectors), 200 queries each size, beside a plain read of the same vectors. */
export async function benchSearch(chunkCounts: number[], queries: number): Promise<void> {
  const ns = new TestNamespace();
  const schema = ns.schema('transcription');
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
  try {
    await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: transcriptionMigrations });
    const searcher = new VideoSearch(pool, schema, new LocalEmbeddings());
    const rows = [];
    let inserted = 0;
    for (const total of chunkCounts) {
      const { ms: loadMs } = await timed(async () => {
        while (inserted < total) {
          const batch = Math.min(2_000, total - inserted);
          const videoId = crypto.randomUUID();
          await pool.query(
            `INSERT INTO "${schema}".videos (video_id, creator_id, title, language, storage_key, bytes, content_type, status, active_generation, created_at, updated_at)
             VALUES ($1, 'bench', 'bench', 'en', 'k', 1, 'video/mp4', 'COMPLETED', 1, now(), now())`,
            [videoId],
          );
          const texts = Array.from({ length: batch }, (_, i) => Array.from({ length: 60 }, (_, w) => VOCABULARY[(i * 7 + w * 13 + inserted) % VOCABULARY.length]).join(' '));
          await pool.query(
            `INSERT INTO "${schema}".video_chunks (video_id, generation, position, creator_id, text, start_seconds, end_seconds, embedding, model)
             SELECT $1, 1, t.ord - 1, 'bench', t.text, 0, 1, (SELECT array_agg(x::real) FROM jsonb_array_elements_text(t.vector) AS x), 'm'
             FROM unnest($2::text[], $3::jsonb[]) WITH ORDINALITY AS t(text, vector, ord)`,
            [videoId, texts, texts.map((text) => JSON.stringify(embed(text)))],
          );
          inserted += batch;
        }
        await pool.query(`ANALYZE "${schema}".video_chunks`);
      });
      const latencies: number[] = [];
      for (let q = 0; q < queries; q++) {
        const question = `how do I ${VOCABULARY[q % VOCABULARY.length]} the ${VOCABULARY[(q * 5) % VOCABULARY.length]}`;
        latencies.push((await timed(() => searcher.search({ q: question, creatorId: 'bench', limit: 10 }))).ms);
      }
      // The raw limit beside it: the same chunks' vectors each read once in SQL, ranking nothing.
      const raw: number[] = [];
      for (let q = 0; q < 10; q++) {
        raw.push((await timed(() => pool.query(`SELECT sum(embedding[1]) FROM "${schema}".video_chunks WHERE creator_id = 'bench'`))).ms);
      }
      rows.push({
        chunks: total,
        strategy: await searcher.strategy(),
        p50ms: round(percentile(latencies, 50), 1),
        p99ms: round(percentile(latencies, 99), 1),
        rawReadP50ms: round(percentile(raw, 50), 1),
        loadSeconds: round(loadMs / 1000, 1),
      });
    }
    report(`hybrid search latency, one creator (${queries} queries each)`, rows);
  } finally {
    await pool.end();
    await ns.dispose();
  }
}
