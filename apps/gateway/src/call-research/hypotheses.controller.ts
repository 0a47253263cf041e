import { Body, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';
import { ReopenHypothesisRequest } from './campaign.dto.js';

/** Hypotheses with their verdict and the claims (and calls) behind it. */
@ApiController('hypotheses')
export class HypothesesController {
  constructor(private readonly commands: CommandBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'Status, conclusion, and claims with their call ids' })
  @ApiOkResponse()
  get(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('claims.hypothesis.get', { hypothesisId: id });
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a decided hypothesis: it is judged again on the evidence now present' })
  @ApiOkResponse()
  reopen(@IdParam() id: string, @Body() request: ReopenHypothesisRequest): Promise<unknown> {
    return this.commands.execute('claims.hypothesis.reopen', { hypothesisId: id, reason: request.reason });
  }
}
