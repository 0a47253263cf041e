import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { VIDEO_LIMITS } from '@switchboard/contracts';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { VideoStoragePort } from '@switchboard/providers';
import pg from 'pg';
import { type SearchHit, VideoSearch } from '../search/video-search.js';
import { Videos } from './videos.js';

export interface RegisterVideo {
  videoId: string;
  creatorId: string;
  title: string;
  language: string;
  storageKey: string;
  contentType: string;
}

/** Words of a transcript a GET returns (about 40 bytes each). */
export const TRANSCRIPT_WORDS = 5_000;

const VIEW = `video_id AS id, creator_id AS "creatorId", title, language, status, failure_step AS "failureStep", failure_reason AS "failureReason",
  bytes::float8 AS bytes, content_type AS "contentType", duration_seconds AS "durationSeconds", words, chunk_count AS "chunkCount",
  embedding_model AS "embeddingModel", embedding_dimensions AS "embeddingDimensions", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** What the gateway asks of transcription about videos: register, read, list, retry, search, usage. */
@Controller()
export class VideosCommands {
  constructor(
    private readonly videos: Videos,
    private readonly storage: VideoStoragePort,
    private readonly searcher: VideoSearch,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('transcription.video.register')
  async register(@Payload() request: RegisterVideo): Promise<unknown> {
    if (!VideoStoragePort.KEY.test(request.storageKey) || request.storageKey.length > VIDEO_LIMITS.storageKey) {
      throw new CommandError('INVALID', 'storageKey is not a valid storage key', [{ field: 'storageKey', messages: ['storageKey must be a relative path without ".."'] }]);
    }
    const stored = await this.storage.stat(request.storageKey);
    if (!stored) throw new CommandError('INVALID', `no file is stored at ${request.storageKey}`, [{ field: 'storageKey', messages: ['storageKey names no stored file'] }]);
    await this.videos.execute(request.videoId, { type: 'register', ...request, bytes: stored.bytes }, { cause: { correlationId: request.videoId } });
    return this.get({ videoId: request.videoId });
  }

  @OnCommand('transcription.video.get')
  async get(@Payload() query: { videoId: string }): Promise<unknown> {
    const { rows } = await this.pool.query(`SELECT ${VIEW} FROM "${this.schema}".videos WHERE video_id = $1`, [query.videoId]);
    if (!rows[0]) throw CommandError.notFound(`video ${query.videoId}`);
    return rows[0];
  }

  /** The first TRANSCRIPT_WORDS words with their times: a reply stays far under NATS' max payload however long the video. */
  @OnCommand('transcription.video.transcript')
  async transcript(@Payload() query: { videoId: string }): Promise<{ words: unknown[]; truncated: boolean }> {
    await this.get(query);
    const { rows } = await this.pool.query<{ words: unknown[]; total: number }>(
      `SELECT jsonb_path_query_array(words, '$[0 to ${TRANSCRIPT_WORDS - 1}]') AS words, jsonb_array_length(words) AS total FROM "${this.schema}".video_transcripts WHERE video_id = $1`,
      [query.videoId],
    );
    return { words: rows[0]?.words ?? [], truncated: (rows[0]?.total ?? 0) > TRANSCRIPT_WORDS };
  }

  @OnCommand('transcription.video.list')
  async list(@Payload() query: { creatorId: string; status?: string; limit: number }): Promise<unknown[]> {
    const { rows } = await this.pool.query(
      `SELECT ${VIEW} FROM "${this.schema}".videos WHERE creator_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC LIMIT $3`,
      [query.creatorId, query.status ?? null, query.limit],
    );
    return rows;
  }

  @OnCommand('transcription.video.retry')
  async retry(@Payload() query: { videoId: string }): Promise<unknown> {
    const { state } = await this.videos.load(query.videoId);
    if (!state.status) throw CommandError.notFound(`video ${query.videoId}`);
    if (state.status !== 'FAILED') throw new CommandError('CONFLICT', `video ${query.videoId} is ${state.status}: only a FAILED video is retried`);
    await this.videos.execute(query.videoId, { type: 'retry' }, { cause: { correlationId: query.videoId } });
    return this.get(query);
  }

  @OnCommand('transcription.video.search')
  async search(@Payload() query: { q: string; creatorId: string; limit: number }): Promise<{ strategy: string; results: SearchHit[] }> {
    return { strategy: await this.searcher.strategy(), results: await this.searcher.search(query) };
  }

  @OnCommand('transcription.creator.usage')
  async usage(@Payload() query: { creatorId: string }): Promise<unknown> {
    // A creator is known by their videos: one who never registered any is not found.
    const known = await this.pool.query(`SELECT 1 FROM "${this.schema}".videos WHERE creator_id = $1 LIMIT 1`, [query.creatorId]);
    if (known.rows.length === 0) throw CommandError.notFound(`creator ${query.creatorId}`);
    const { rows } = await this.pool.query<{ day: string; audioMinutes: number; embeddingTokens: number; costUsd: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, audio_minutes AS "audioMinutes", embedding_tokens::float8 AS "embeddingTokens", cost_usd AS "costUsd"
       FROM "${this.schema}".video_usage WHERE creator_id = $1 ORDER BY day`,
      [query.creatorId],
    );
    const total = (field: 'audioMinutes' | 'embeddingTokens' | 'costUsd') => Math.round(rows.reduce((sum, row) => sum + row[field], 0) * 1e6) / 1e6;
    return { creatorId: query.creatorId, audioMinutes: total('audioMinutes'), embeddingTokens: total('embeddingTokens'), costUsd: total('costUsd'), byDay: rows };
  }
}
