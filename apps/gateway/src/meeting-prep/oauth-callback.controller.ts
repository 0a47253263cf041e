import { Controller, Get, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { invalidFields } from '../http/validation.pipe.js';
import { OAuthCallbackQuery } from './meeting-prep.dto.js';

/**
 * Where Google sends the user's browser back. Outside /v1 (whose every route takes an API key): a
 * browser has none; the one-use `state` issued by /v1/prep/oauth/google/start ties the callback to a campaign.
 */
@Controller('oauth/google')
@ApiExcludeController()
export class OAuthCallbackController {
  constructor(private readonly commands: CommandBus) {}

  @Get('callback')
  callback(@Query() query: OAuthCallbackQuery): Promise<unknown> {
    if (query.error || !query.code) throw invalidFields([{ field: 'code', messages: [`Google did not authorize: ${query.error ?? 'no code'}`] }]);
    return this.commands.execute('research.oauth.complete', { code: query.code, state: query.state });
  }
}
