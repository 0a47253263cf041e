import { Get, Header, NotFoundException, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { Response } from 'express';
import { GatewayConfig } from '../../gateway.config.js';
import { ConsoleController } from '../access/console-controller.decorator.js';
import { IdParam } from '../../http/id-param.decorator.js';
import { DeadLetterAccess } from '../dead-letters/dead-letter-access.js';
import { waitsOfRun } from '../operations/run-waits.js';
import { ServicesOps } from '../operations/services-ops.js';
import { RunsQuery } from './runs.dto.js';
import { type RunRow, RunsReadModel } from './runs-read-model.js';

const CSV_LIMIT = 10_000;
const csvCell = (value: unknown) => {
  const text = value instanceof Date ? value.toISOString() : String(value ?? '');
  // A cell starting with = + - @ would be a formula in a spreadsheet: quoted and prefixed.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Workflow runs of every kind: the list, one run's detail and timeline, exports. */
@ConsoleController('runs')
export class RunsController {
  constructor(
    private readonly readModel: RunsReadModel,
    private readonly services: ServicesOps,
    private readonly letters: DeadLetterAccess,
    private readonly config: GatewayConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Runs, newest first: filter by kind, status, start time; search by id or payload term; keyset paging with `next`' })
  @ApiOkResponse()
  list(@Query() query: RunsQuery): Promise<{ runs: RunRow[]; next?: string }> {
    return this.readModel.list({ ...query, limit: query.limit ?? 50 });
  }

  @Get('export.csv')
  @ApiOperation({ summary: `The runs matching the filters as CSV (at most ${CSV_LIMIT})` })
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="runs.csv"')
  async csv(@Query() query: RunsQuery): Promise<string> {
    const columns: (keyof RunRow)[] = ['runId', 'kind', 'status', 'label', 'startedAt', 'lastActivityAt', 'currentStep', 'failures', 'events'];
    const runs = await this.readModel.matching(query, CSV_LIMIT);
    const lines = [columns.join(','), ...runs.map((run) => columns.map((column) => csvCell(run[column])).join(','))];
    return `${lines.join('\n')}\n`;
  }

  @Get(':runId')
  @ApiOperation({
    summary:
      'A run: its row, every event in causal order (payloads masked), its trace, what holds it back in each service, every failed handler attempt (error, next retry) and its dead letters',
  })
  @ApiOkResponse()
  async detail(@IdParam('runId') runId: string) {
    const [run, timeline] = await Promise.all([this.readModel.run(runId), this.readModel.timeline(runId)]);
    if (!run && timeline.length === 0) throw new NotFoundException(`no run ${runId}`);
    const eventIds = new Set(timeline.map((event) => event.eventId));
    const [reports, attempts, ids, deadLetters] = await Promise.all([
      this.services.waiting(),
      this.services.attempts(runId),
      this.readModel.idsOf(runId),
      this.letters.matching({ eventIds }, 100),
    ]);
    const waits = waitsOfRun(reports, {
      runId,
      ids,
      streamIds: [...new Set(timeline.map((event) => event.streamId))],
      eventIds: timeline.map((event) => event.eventId),
    });
    const traceId = timeline.find((event) => event.traceId)?.traceId ?? null;
    return {
      run: run ?? null,
      trace: traceId ? { traceId, url: `${this.config.jaegerUrl}/trace/${traceId}` } : null,
      waits,
      attempts: attempts.flatMap((answer) => (answer.ok ? answer.body.map((attempt) => ({ ...attempt, service: answer.service })) : [])),
      deadLetters,
      // A service that did not answer one of the two questions is named once.
      unreachable: [...new Map([...reports, ...attempts].filter((answer) => !answer.ok).map((answer) => [answer.service, answer])).values()],
      timeline,
    };
  }

  @Get(':runId/events')
  @ApiOperation({ summary: "A run's events as JSON, to download (payloads masked)" })
  @ApiOkResponse()
  async export(@IdParam('runId') runId: string, @Res({ passthrough: true }) response: Response) {
    const timeline = await this.readModel.timeline(runId);
    if (timeline.length === 0) throw new NotFoundException(`no run ${runId}`);
    response.setHeader('content-disposition', `attachment; filename="run-${runId}.json"`);
    return { runId, events: timeline };
  }
}
