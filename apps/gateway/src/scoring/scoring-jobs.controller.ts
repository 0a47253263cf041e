import { Body, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { ScoringJobView } from '@switchboard/contracts';
import { CommandBus } from '@switchboard/eventing';
import type { Request, Response } from 'express';
import { GatewayConfig } from '../gateway.config.js';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';
import { ListJobsQuery, ResultsQuery, RetryCallsRequest, UploadSheetQuery } from './scoring.dto.js';
import { type ParsedCall, SHEET_TYPES } from './sheet-parser.js';
import { readSheet } from './sheet-upload.js';
import { jobReport } from './exports/job-report.js';
import { type ResultRow, resultsTable, toCsv, toXlsx } from './exports/results-table.js';
import { streamProgress } from './progress-stream.js';
import { cancelScoringJob } from './scoring-job-cancel.js';

/** Calls sent to claims per command: well under the broker's max payload at the largest transcripts. */
const BATCH_CHARS = 200_000;
const EXPORT_PAGE = 50;

function batches(calls: ParsedCall[]): (ParsedCall & { index: number })[][] {
  const out: (ParsedCall & { index: number })[][] = [];
  let size = Infinity;
  calls.forEach((call, index) => {
    if (size + call.transcript.length > BATCH_CHARS) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1].push({ ...call, index });
    size += call.transcript.length + 500;
  });
  return out;
}

/** Call scoring: a sheet of transcripts in, a job out, followed to its results. */
@ApiController('scoring/jobs')
export class ScoringJobsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly config: GatewayConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Upload a sheet of calls (CSV or xlsx, one call a row, a transcript column): a scoring job starts' })
  @ApiConsumes(SHEET_TYPES.csv, SHEET_TYPES.xlsx)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ description: 'The job (status PENDING or PROCESSING), with the rows that could not be used; follow it with GET /v1/scoring/jobs/{id}' })
  async upload(@Req() request: Request, @Query() query: UploadSheetQuery): Promise<ScoringJobView> {
    const sheet = await readSheet(request, { maxBytes: this.config.SCORING_MAX_FILE_BYTES, maxRows: this.config.SCORING_MAX_ROWS, mapping: query.mapping });
    const job = await this.commands.execute<ScoringJobView>('claims.scoring.job.create', {
      fileName: query.fileName ?? 'upload',
      callCount: sheet.calls.length,
      goldModel: query.goldModel,
      rubric: query.rubric,
      skippedRows: sheet.skipped,
      moreSkipped: sheet.moreSkipped,
    });
    for (const batch of batches(sheet.calls)) await this.commands.execute('claims.scoring.job.add-calls', { jobId: job.id, calls: batch }, { timeoutMs: 30_000 });
    return this.get(job.id);
  }

  @Get()
  @ApiOperation({ summary: 'Scoring jobs, newest first' })
  @ApiOkResponse()
  list(@Query() query: ListJobsQuery): Promise<ScoringJobView[]> {
    return this.commands.execute('claims.scoring.job.list', { limit: query.limit ?? 20, before: query.before });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, calls per stage, cache hits, tokens, cost, ETA and the rows that could not be used' })
  @ApiOkResponse()
  get(@IdParam() id: string): Promise<ScoringJobView> {
    return this.commands.execute('claims.scoring.job.get', { jobId: id });
  }

  @Get(':id/events')
  @ApiOperation({ summary: 'Progress as server-sent events until the job ends; reconnect with Last-Event-ID to resume' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse()
  async events(@IdParam() id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const first = await this.get(id); // 404 before the stream opens
    await streamProgress(request, response, first, () => this.get(id));
  }

  @Get(':id/results')
  @ApiOperation({ summary: 'Each call: triage, extracted fields, scores with evidence, coaching, cost, cache hits (paged by row)' })
  @ApiOkResponse()
  results(@IdParam() id: string, @Query() query: ResultsQuery): Promise<unknown> {
    return this.commands.execute('claims.scoring.job.results', { jobId: id, offset: query.offset ?? 0, limit: query.limit ?? 50 });
  }

  @Get(':id/results.csv')
  @ApiOperation({ summary: 'Every call of the job as CSV: outcome, triage, overall and per-criterion scores, coaching, cost' })
  @ApiProduces('text/csv')
  @ApiOkResponse()
  async csv(@IdParam() id: string, @Res() response: Response): Promise<void> {
    const table = resultsTable(await this.allResults(id));
    response.attachment(`scoring-${id}.csv`).type('text/csv').send(toCsv(table));
  }

  @Get(':id/results.xlsx')
  @ApiOperation({ summary: 'Every call of the job as an xlsx workbook (the CSV columns)' })
  @ApiProduces(SHEET_TYPES.xlsx)
  @ApiOkResponse()
  async xlsx(@IdParam() id: string, @Res() response: Response): Promise<void> {
    const workbook = await toXlsx(resultsTable(await this.allResults(id)));
    response.attachment(`scoring-${id}.xlsx`).type(SHEET_TYPES.xlsx).send(workbook);
  }

  @Get(':id/report.pdf')
  @ApiOperation({ summary: 'PDF report: summary, score distribution chart, lowest-scoring calls with coaching' })
  @ApiProduces('application/pdf')
  @ApiOkResponse()
  async report(@IdParam() id: string, @Res() response: Response): Promise<void> {
    const [job, rows] = await Promise.all([this.get(id), this.allResults(id)]);
    const pdf = await jobReport(job, rows);
    response.attachment(`scoring-${id}.pdf`).type('application/pdf').send(pdf);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel: no new model call starts; calls not yet analysed end CANCELED' })
  @ApiOkResponse()
  cancel(@IdParam() id: string): Promise<ScoringJobView> {
    return cancelScoringJob(this.commands, id);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry failed calls (one, or all): each runs again from the stage it failed in' })
  @ApiAcceptedResponse()
  retry(@IdParam() id: string, @Body() request: RetryCallsRequest): Promise<ScoringJobView> {
    return this.commands.execute('claims.scoring.job.retry', { jobId: id, callId: request.callId });
  }

  /** Every call of a job, a page at a time (a page stays well under the broker's max payload). */
  private async allResults(jobId: string): Promise<ResultRow[]> {
    const rows: ResultRow[] = [];
    for (;;) {
      const page = await this.commands.execute<{ total: number; calls: ResultRow[] }>('claims.scoring.job.results', { jobId, offset: rows.length, limit: EXPORT_PAGE });
      rows.push(...page.calls);
      if (page.calls.length < EXPORT_PAGE) return rows;
    }
  }
}
