import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { pgvectorIndexSql } from '../search/search-sql.js';

/** Dimensions indexed: the simulator's embeddings and text-embedding-3-small's. */
export const INDEXED_DIMENSIONS = [256, 1536];

/**
 * Where the database has pgvector (docker-compose's image does), it is installed and the chunks get
 * an HNSW index per dimension; where it has not (a plain PostgreSQL), this does nothing and search
 * scans the creator's chunks exactly.
 */
export class VideoVectorIndex1733300100000 implements MigrationInterface {
  name = 'VideoVectorIndex1733300100000';

  async up(runner: QueryRunner): Promise<void> {
    const available = await runner.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'vector'`);
    if (available.length === 0) return;
    await runner.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    const schema = schemaOf(runner).slice(1, -1);
    for (const dimensions of INDEXED_DIMENSIONS) await runner.query(pgvectorIndexSql(schema, dimensions));
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    for (const dimensions of INDEXED_DIMENSIONS) await runner.query(`DROP INDEX IF EXISTS ${s}.video_chunks_hnsw_${dimensions}`);
  }
}
