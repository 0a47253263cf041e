import { Body, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { VideoStoragePort } from '@switchboard/providers';
import type { Request } from 'express';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { GatewayConfig } from '../gateway.config.js';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';
import { invalidFields } from '../http/validation.pipe.js';
import { ListVideosQuery, ReembedRequest, RegisterVideoRequest, SearchVideosQuery, VideoFields } from './video.dto.js';
import { receiveVideo } from './video-upload.js';

/** Videos: uploaded or registered, followed through transcription, searched. */
@ApiController('videos')
export class VideosController {
  constructor(
    private readonly commands: CommandBus,
    private readonly storage: VideoStoragePort,
    @Inject(GatewayConfig) private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Register a video already in storage (status PENDING); it is transcribed, chunked and embedded' })
  @ApiAcceptedResponse({ description: 'Accepted; follow it with GET /v1/videos/{id}' })
  register(@Body() request: RegisterVideoRequest): Promise<unknown> {
    return this.commands.execute('transcription.video.register', { videoId: randomUUID(), language: 'en', ...request, contentType: 'application/octet-stream' });
  }

  @Post('upload')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['creatorId', 'title', 'file'],
      properties: { creatorId: { type: 'string' }, title: { type: 'string' }, language: { type: 'string' }, file: { type: 'string', format: 'binary' } },
    },
    description: 'Text fields first, then the file (streamed to storage; its type is read from its bytes)',
  })
  @ApiOperation({ summary: 'Upload a video (multipart, streamed) and register it (status PENDING)' })
  @ApiAcceptedResponse({ description: 'Accepted; follow it with GET /v1/videos/{id}' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than VIDEO_MAX_UPLOAD_BYTES: nothing stored' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not a video or audio format we read: nothing stored' })
  async upload(@Req() request: Request): Promise<unknown> {
    const videoId = randomUUID();
    const storageKey = `uploads/${videoId}`;
    let fields: VideoFields | undefined;
    const received = await receiveVideo(request, this.storage, storageKey, this.config.VIDEO_MAX_UPLOAD_BYTES, (raw) => (fields = checked(raw)));
    try {
      return await this.commands.execute('transcription.video.register', {
        videoId,
        language: 'en',
        ...fields,
        storageKey,
        contentType: received.contentType,
      });
    } catch (error) {
      await this.storage.remove(storageKey);
      throw error;
    }
  }

  @Post('reembed')
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-embed videos (by ids, a creator, or all failed) as a job; old vectors stay searchable until each video is done' })
  @ApiAcceptedResponse({ description: 'The job; follow it with GET /v1/videos/reembed/{id}' })
  reembed(@Body() request: ReembedRequest): Promise<unknown> {
    const chosen = [request.videoIds !== undefined, request.creatorId !== undefined, request.allFailed === true].filter(Boolean).length;
    if (chosen !== 1) throw invalidFields([{ field: 'videoIds', messages: ['give exactly one of videoIds, creatorId or allFailed: true'] }]);
    return this.commands.execute('transcription.reembed-job.start', { jobId: randomUUID(), ...request });
  }

  @Get('reembed/:id')
  @ApiOperation({ summary: "A re-embed job's progress: total, requested, re-embedded, retried, skipped, failed, status" })
  @ApiOkResponse()
  reembedJob(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('transcription.reembed-job.get', { jobId: id });
  }

  @Get('search')
  @ApiOperation({ summary: "Hybrid search (vectors + full text, fused) over a creator's completed videos" })
  @ApiOkResponse({ description: 'Chunks best first: video id and title, start/end seconds, score, highlighted snippet' })
  search(@Query() query: SearchVideosQuery): Promise<unknown> {
    return this.commands.execute('transcription.video.search', { q: query.q, creatorId: query.creatorId, limit: query.limit ?? 10 });
  }

  @Get()
  @ApiOperation({ summary: "A creator's videos, newest first, optionally of one status" })
  @ApiOkResponse()
  list(@Query() query: ListVideosQuery): Promise<unknown> {
    return this.commands.execute('transcription.video.list', { creatorId: query.creatorId, status: query.status, limit: query.limit ?? 50 });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, failure step and reason, transcript words with times (the first 5,000), chunk count' })
  @ApiOkResponse()
  async get(@IdParam() id: string): Promise<unknown> {
    const video = await this.commands.execute<Record<string, unknown>>('transcription.video.get', { videoId: id });
    const { words, truncated } = await this.commands.execute<{ words: unknown[]; truncated: boolean }>('transcription.video.transcript', { videoId: id });
    return { ...video, transcript: words, transcriptTruncated: truncated };
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Process a FAILED video again from the start (409 unless FAILED)' })
  @ApiAcceptedResponse()
  retry(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('transcription.video.retry', { videoId: id });
  }
}

/** The upload's text fields, checked like a JSON body (400 naming each bad field, before the file is read). */
function checked(raw: Record<string, string>): VideoFields {
  const fields = plainToInstance(VideoFields, raw);
  const errors = validateSync(fields, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
  if (errors.length) throw invalidFields(errors.map((e) => ({ field: e.property, messages: Object.values(e.constraints ?? { invalid: `${e.property} is invalid` }) })));
  return fields;
}
