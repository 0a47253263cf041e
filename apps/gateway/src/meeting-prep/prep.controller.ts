import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';
import { AdHocResearchRequest, CampaignQuery, CreatePrepCampaignRequest, MeetingsQuery, StartOAuthQuery } from './meeting-prep.dto.js';

/** Meeting prep's REST resources (`/v1/prep/...`), served by the research service. */
@ApiController('prep')
export class PrepController {
  constructor(private readonly commands: CommandBus) {}

  @Post('campaigns')
  @ApiOperation({ summary: 'Create a prep campaign: offering, target customer, pain points, own email domains, owner' })
  @ApiCreatedResponse()
  createCampaign(@Body() request: CreatePrepCampaignRequest): Promise<unknown> {
    return this.commands.execute('research.prep-campaign.create', request);
  }

  @Get('campaigns/:id')
  @ApiOperation({ summary: 'A prep campaign' })
  @ApiOkResponse()
  campaign(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('research.prep-campaign.get', { campaignId: id });
  }

  @Get('oauth/google/start')
  @ApiOperation({ summary: "Start connecting a Google calendar: the URL of Google's consent screen (its callback is /oauth/google/callback)" })
  @ApiOkResponse()
  startOAuth(@Query() query: StartOAuthQuery): Promise<{ authorizationUrl: string }> {
    return this.commands.execute('research.oauth.start', { campaignId: query.campaignId, calendarId: query.calendarId ?? 'primary' });
  }

  @Get('connections')
  @ApiOperation({ summary: "A campaign's calendar connections: status, syncs, watch channel" })
  @ApiOkResponse()
  connections(@Query() query: CampaignQuery): Promise<unknown> {
    return this.commands.execute('research.connections.list', { campaignId: query.campaignId });
  }

  @Get('connections/:id')
  @ApiOperation({ summary: 'A calendar connection' })
  @ApiOkResponse()
  connection(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('research.connections.get', { connectionId: id });
  }

  @Get('meetings')
  @ApiOperation({ summary: "A campaign's meetings by start time (from inclusive, to exclusive), with research status" })
  @ApiOkResponse()
  meetings(@Query() query: MeetingsQuery): Promise<unknown> {
    return this.commands.execute('research.meetings.list', query);
  }

  @Get('meetings/:id')
  @ApiOperation({ summary: 'A meeting with its prospects and research status' })
  @ApiOkResponse()
  meeting(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('research.meetings.get', { meetingId: id });
  }

  @Post('meetings/:id/research')
  @HttpCode(202)
  @ApiOperation({ summary: "Research a meeting again (after a failure, or to refresh); 409 while one is running" })
  @ApiAcceptedResponse({ description: 'The new research run (pending); follow it at GET /v1/prep/research/{id}' })
  retry(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('research.meetings.research', { meetingId: id });
  }

  @Get('briefs/:id')
  @ApiOperation({ summary: 'A brief with its sources' })
  @ApiOkResponse()
  brief(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('research.briefs.get', { briefId: id });
  }

  @Post('research')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ad-hoc research of a list of prospects (no calendar): the same steps as a meeting' })
  @ApiAcceptedResponse({ description: 'The research run (pending); follow it at GET /v1/prep/research/{id}' })
  research(@Body() request: AdHocResearchRequest): Promise<unknown> {
    return this.commands.execute('research.research.request', request);
  }

  @Get('research/:id')
  @ApiOperation({ summary: "A research run's status (pending, generating, ready, failed with the step) and its brief id" })
  @ApiOkResponse()
  researchStatus(@IdParam() id: string): Promise<unknown> {
    return this.commands.execute('research.research.get', { researchId: id });
  }
}
