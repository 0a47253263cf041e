import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { embed } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateVideos1733300000000 } from '../migrations/1733300000000-create-videos.js';
import { VideoVectorIndex1733300100000 } from '../migrations/1733300100000-video-vector-index.js';
import { RELEVANCE_CORPUS } from './relevance-corpus.js';
import { exactRankingSql, pgvectorRankingSql } from './search-sql.js';

/**
 * The pgvector path's SQL (migration, HNSW index, ranking) on an in-process PostgreSQL that has the
 * extension (PGlite): this machine's PostgreSQL has no pgvector, docker-compose's has.
 */
const SCHEMA = 'video_test';
let db: PGlite;
const runner = () => ({ query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows, connection: { options: { schema: SCHEMA } } }) as unknown as QueryRunner;
const videoIds: string[] = [];

beforeAll(async () => {
  db = await PGlite.create({ extensions: { vector } });
  await db.exec(`CREATE SCHEMA ${SCHEMA}`);
  await new CreateVideos1733300000000().up(runner());
  await new VideoVectorIndex1733300100000().up(runner());
  for (const [i, lesson] of RELEVANCE_CORPUS.entries()) {
    const videoId = randomUUID();
    videoIds.push(videoId);
    await db.query(
      `INSERT INTO ${SCHEMA}.videos (video_id, creator_id, title, language, storage_key, bytes, content_type, status, active_generation, created_at, updated_at)
       VALUES ($1, $2, $3, 'en', $4, 1, 'video/mp4', 'COMPLETED', 1, now(), now())`,
      [videoId, i % 2 ? 'odd' : 'even', lesson.title, `k/${i}`],
    );
    await db.query(
      `INSERT INTO ${SCHEMA}.video_chunks (video_id, generation, position, creator_id, text, start_seconds, end_seconds, embedding, model) VALUES ($1, 1, 0, $2, $3, 0, 10, $4, 'm')`,
      [videoId, i % 2 ? 'odd' : 'even', lesson.text, embed(lesson.text)],
    );
  }
}, 60_000);
afterAll(() => db?.close());

describe('vector search with pgvector (PGlite)', () => {
  it('ranks like the exact scan, within one creator', async () => {
    for (const [i, lesson] of RELEVANCE_CORPUS.entries()) {
      const creator = i % 2 ? 'odd' : 'even';
      const query = embed(lesson.question);
      const byIndex = (await db.query<{ video_id: string }>(pgvectorRankingSql(SCHEMA, 256), [creator, query, 3])).rows.map((r) => r.video_id);
      const exact = (await db.query<{ video_id: string }>(exactRankingSql(SCHEMA), [creator, query, 256, 3])).rows.map((r) => r.video_id);
      expect(byIndex[0]).toBe(exact[0]);
      expect(byIndex).toContain(videoIds[i]);
    }
  });

  it('installs the extension and an HNSW index that ranking uses once a creator has many chunks', async () => {
    expect((await db.query(`SELECT extname FROM pg_extension WHERE extname = 'vector'`)).rows).toHaveLength(1);
    const indexes = (await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname LIKE 'video_chunks_hnsw_%'`, [SCHEMA])).rows;
    expect(indexes.map((i) => i.indexdef).join('\n')).toMatch(/USING hnsw .*vector_cosine_ops/);
    // With a handful of chunks the creator's btree and a sort are cheaper; with a thousand, the graph.
    await db.exec(`
      INSERT INTO ${SCHEMA}.video_chunks (video_id, generation, position, creator_id, text, start_seconds, end_seconds, embedding, model)
      SELECT gen_random_uuid(), 1, 0, 'even', 'filler', 0, 1, (SELECT array_agg(random()::real - 0.5) FROM generate_series(1, 256) WHERE g > 0), 'm'
      FROM generate_series(1, 1000) AS g;
      ANALYZE ${SCHEMA}.video_chunks;`);
    const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${pgvectorRankingSql(SCHEMA, 256)}`, ['even', embed('sourdough'), 5])).rows;
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('Index Scan using video_chunks_hnsw_256');
  }, 60_000);
});
