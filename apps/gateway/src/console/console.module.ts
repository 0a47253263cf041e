import { Module } from '@nestjs/common';
import { runKinds } from '@switchboard/contracts';
import { AuditController } from './audit/audit.controller.js';
import { OperatorActions } from './audit/operator-actions.js';
import { DeadLetterAccess } from './dead-letters/dead-letter-access.js';
import { DeadLettersController } from './dead-letters/dead-letters.controller.js';
import { BulkJobs } from './jobs/bulk-jobs.js';
import { JobsController } from './jobs/jobs.controller.js';
import { DurableConsumers } from './operations/durable-consumers.js';
import { OperationsController } from './operations/operations.controller.js';
import { ServicesOps } from './operations/services-ops.js';
import { ConsolePageController } from './page/console-page.controller.js';
import { ConsoleFeed } from './runs/console-feed.js';
import { LiveController } from './runs/live.controller.js';
import { RunCancels } from './runs/run-cancels.js';
import { RunsController } from './runs/runs.controller.js';
import { RunsBulkController } from './runs/runs-bulk.controller.js';
import { RUN_KINDS, RunsReadModel } from './runs/runs-read-model.js';

/**
 * The ops console (docs/adr/0015-ops-console.md): its read model fed from every domain's events,
 * the REST API under /v1/console, and the page at /console that calls it.
 */
@Module({
  controllers: [
    RunsController,
    RunsBulkController,
    LiveController,
    DeadLettersController,
    JobsController,
    OperationsController,
    AuditController,
    ConsolePageController,
  ],
  providers: [
    { provide: RUN_KINDS, useValue: runKinds },
    RunsReadModel,
    ConsoleFeed,
    ServicesOps,
    DurableConsumers,
    OperatorActions,
    BulkJobs,
    RunCancels,
    DeadLetterAccess,
  ],
})
export class ConsoleModule {}
