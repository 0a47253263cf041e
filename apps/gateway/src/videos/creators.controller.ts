import { Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';

/** What a creator's videos cost. */
@ApiController('creators')
export class CreatorsController {
  constructor(private readonly commands: CommandBus) {}

  @Get(':id/usage')
  @ApiOperation({ summary: "A creator's video usage: audio minutes, embedding tokens and cost, in total and by day (UTC)" })
  @ApiOkResponse()
  @ApiNotFoundResponse({ description: 'A creator with no videos' })
  usage(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('transcription.creator.usage', { creatorId: id });
  }
}
