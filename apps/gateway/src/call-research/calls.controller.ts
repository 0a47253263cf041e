import { Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';

/** One call, assembled from the three services that each know part of it. */
@ApiController('calls')
export class CallsController {
  constructor(private readonly commands: CommandBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'Status, provider SID, transcript with utterances, and claims of a call' })
  @ApiOkResponse()
  async get(@IdParam() id: string) {
    const call = await this.commands.execute<Record<string, unknown>>('telephony.call.get', { callId: id });
    const [transcript, claims] = await Promise.all([
      this.commands.execute<{ utterances: unknown[] }>('transcription.transcript.get', { callId: id }),
      this.commands.execute<{ status: string; reason: string | null; claims: unknown[] }>('claims.call-claims.get', { callId: id }),
    ]);
    const { utterances, ...transcriptSummary } = transcript;
    return { ...call, transcript: transcriptSummary, utterances, claimExtraction: { status: claims.status, reason: claims.reason }, claims: claims.claims };
  }
}
