import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Whitespace and Unicode form do not make two transcripts different calls. */
export const normalizeTranscript = (transcript: string): string => transcript.normalize('NFC').replace(/\s+/g, ' ').trim();

/** What an answer depends on: the transcript, the model, and the prompt (with the rubric, for gold) it was asked with. */
export function cacheKey(parts: { stage: 'silver' | 'gold'; transcript: string; model: string; version: string }): string {
  const hash = createHash('sha256');
  for (const part of [parts.stage, parts.model, parts.version, normalizeTranscript(parts.transcript)]) hash.update(part).update('\0');
  return `${parts.stage}:${hash.digest('hex')}`;
}

/**
 * Answers kept by content hash (written by the call projection when a model answered). A step
 * takes the key's transaction lock before looking: two identical transcripts in flight at once
 * are analysed once, the second waiting for the first's answer to commit.
 */
@Injectable()
export class AnalysisCache {
  constructor(@Inject(SERVICE_SCHEMA) private readonly schema: string) {}

  async lockAndGet<T>(key: string, tx: pg.PoolClient): Promise<T | undefined> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`scoring-cache:${key}`]);
    const { rows } = await tx.query<{ answer: T }>(`SELECT answer FROM "${this.schema}".scoring_cache WHERE cache_key = $1`, [key]);
    return rows[0]?.answer;
  }
}
