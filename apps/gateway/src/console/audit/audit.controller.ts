import { Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Request } from 'express';
import { consoleCaller, ConsoleController } from '../access/console-controller.decorator.js';
import { type AuditEntry, OperatorActions } from './operator-actions.js';

export class AuditQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
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
