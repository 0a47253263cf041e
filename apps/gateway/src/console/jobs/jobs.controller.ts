import { Get, NotFoundException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ConsoleController } from '../access/console-controller.decorator.js';
import { IdParam } from '../../http/id-param.decorator.js';
import { type BulkJob, BulkJobs } from './bulk-jobs.js';

/** The progress of any bulk action (redrive matching dead letters, cancel matching runs): one view for all. */
@ConsoleController('jobs')
export class JobsController {
  constructor(private readonly jobs: BulkJobs) {}

  @Get(':jobId')
  @ApiOperation({ summary: 'Progress of a bulk action: done, failed and skipped (with why) of its total' })
  @ApiOkResponse()
  job(@IdParam('jobId') jobId: string): BulkJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new NotFoundException(`no bulk job ${jobId} (jobs are kept by the gateway that ran them, until it restarts)`);
    return job;
  }
}
