import { Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { consoleCaller, ConsoleController } from '../access/console-controller.decorator.js';
import { type AuditEntry, OperatorActions } from './operator-actions.js';
import { IntQuery } from '../../http/int-query.decorator.js';

export class AuditQuery {
  @IntQuery({ min: 1, max: 1000, default: 200 })
  limit?: number;
}

/** The audit trail of operator actions, and who the caller is. */
@ConsoleController('audit')
export class AuditController {
  constructor(private readonly actions: OperatorActions) {}

  @Get()
  @ApiOperation({ summary: 'Operator actions, newest first: who (key digest), what, when, why, outcome' })
  @ApiOkResponse()
  list(@Query() query: AuditQuery): Promise<AuditEntry[]> {
    return this.actions.list(query.limit ?? 200);
  }

  @Get('me')
  @ApiOperation({ summary: "The caller's console role (reader, or operator with OPS_KEYS or ADMIN_KEYS), every role its key holds, and the name actions are recorded under" })
  @ApiOkResponse()
  me(@Req() request: Request): ReturnType<typeof consoleCaller> {
    return consoleCaller(request);
  }
}
