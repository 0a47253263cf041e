import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { VIDEO_LIMITS } from '@switchboard/contracts';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';
import { ReembedJobs } from './reembed-jobs.js';

export interface StartReembed {
  jobId: string;
  videoIds?: string[];
  creatorId?: string;
  allFailed?: boolean;
}

const VIEW = `job_id AS id, selector, status, total, requested, reembedded, retried, skipped, failed, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Starting a re-embed job (the videos chosen now, at most 1,000) and reading its progress. */
@Controller()
export class ReembedJobCommands {
  constructor(
    private readonly jobs: ReembedJobs,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('transcription.reembed-job.start')
  async start(@Payload() request: StartReembed): Promise<unknown> {
    const s = `"${this.schema}"`;
    const limit = VIDEO_LIMITS.reembedVideos;
    let selector: string;
    let videoIds: string[];
    if (request.videoIds) {
      selector = `${request.videoIds.length} videos by id`;
      const { rows } = await this.pool.query<{ video_id: string }>(`SELECT video_id FROM ${s}.videos WHERE video_id = ANY($1::uuid[])`, [request.videoIds]);
      videoIds = request.videoIds.filter((id) => rows.some((row) => row.video_id === id));
    } else {
      selector = request.creatorId ? `creator ${request.creatorId}` : 'all failed videos';
      const { rows } = await this.pool.query<{ video_id: string }>(
        request.creatorId
          ? `SELECT video_id FROM ${s}.videos WHERE creator_id = $1 AND status IN ('COMPLETED', 'FAILED') ORDER BY created_at LIMIT ${limit}`
          : `SELECT video_id FROM ${s}.videos WHERE status = 'FAILED' ORDER BY created_at LIMIT ${limit}`,
        request.creatorId ? [request.creatorId] : [],
      );
      videoIds = rows.map((row) => row.video_id);
    }
    if (videoIds.length === 0) throw new CommandError('CONFLICT', `no videos to re-embed (${selector})`);
    await this.jobs.execute(request.jobId, { type: 'start', jobId: request.jobId, selector, videoIds }, { cause: { correlationId: request.jobId } });
    return this.get({ jobId: request.jobId });
  }

  @OnCommand('transcription.reembed-job.get')
  async get(@Payload() query: { jobId: string }): Promise<unknown> {
    const { rows } = await this.pool.query(`SELECT ${VIEW} FROM "${this.schema}".reembed_jobs WHERE job_id = $1`, [query.jobId]);
    if (!rows[0]) throw CommandError.notFound(`re-embed job ${query.jobId}`);
    return rows[0];
  }
}
