import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { EmbeddingsPort } from '@switchboard/providers';
import pg from 'pg';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.js';
import { exactRankingSql, pgvectorRankingSql, resultsSql, textRankingSql } from './search-sql.js';

export interface SearchHit {
  videoId: string;
  title: string;
  position: number;
  startSeconds: number;
  endSeconds: number;
  score: number;
  snippet: string;
}

/** Each ranking offers this many candidates per result asked for, so fusion has overlap to work with. */
const CANDIDATES_PER_RESULT = 4;

type Key = { video_id: string; generation: number; position: number };
const keyOf = (row: Key) => `${row.video_id}:${row.generation}:${row.position}`;

/**
 * Hybrid search over a creator's chunks: a vector ranking (pgvector's HNSW when the extension is
 * installed, else an exact cosine scan) and a full-text ranking, fused by reciprocal rank fusion.
 */
@Injectable()
export class VideoSearch {
  /** Whether the database has pgvector: asked on the first search (the service starts without its database). */
  private pgvector?: boolean;

  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
    private readonly embeddings: EmbeddingsPort,
  ) {}

  async strategy(): Promise<'pgvector-hnsw' | 'exact-scan'> {
    this.pgvector ??= (await this.pool.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`)).rows.length > 0;
    return this.pgvector ? 'pgvector-hnsw' : 'exact-scan';
  }

  async search(query: { q: string; creatorId: string; limit: number }): Promise<SearchHit[]> {
    const candidates = query.limit * CANDIDATES_PER_RESULT;
    const { vectors } = await this.embeddings.embed([query.q]);
    const vector = vectors[0];
    const vectorRanking = (await this.strategy()) === 'pgvector-hnsw'
      ? this.pool.query<Key>(pgvectorRankingSql(this.schema, vector.length), [query.creatorId, vector, candidates])
      : this.pool.query<Key>(exactRankingSql(this.schema), [query.creatorId, vector, vector.length, candidates]);
    const [byVector, byText] = await Promise.all([vectorRanking, this.pool.query<Key>(textRankingSql(this.schema), [query.creatorId, query.q, candidates])]);
    const fused = reciprocalRankFusion([byVector.rows.map(keyOf), byText.rows.map(keyOf)]).slice(0, query.limit);
    if (fused.length === 0) return [];
    const { rows } = await this.pool.query<Omit<SearchHit, 'score'> & { ref: string }>(resultsSql(this.schema), [query.creatorId, query.q, fused.map((f) => f.key)]);
    const byKey = new Map(rows.map((row) => [`${row.videoId}:${row.ref}`, row]));
    return fused.flatMap(({ key, score }) => {
      const row = byKey.get(key);
      if (!row) return []; // replaced by a newer generation between the two queries
      const { ref: _ref, ...hit } = row;
      return [{ ...hit, score: Math.round(score * 1e6) / 1e6 }];
    });
  }
}
