import { Body, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { CommandBus } from '@switchboard/eventing';
import { ApiController } from '../http/api-controller.decorator.js';
import { IdParam } from '../http/id-param.decorator.js';
import { CancelCampaignRequest, CreateCampaignRequest } from './campaign.dto.js';
import { cancelCampaign } from './campaign-cancel.js';

interface Campaign {
  id: string;
  status: string;
  [field: string]: unknown;
}

/** Call-research campaigns: drafted here, launched, then followed to completion (or canceled). */
@ApiController('campaigns')
export class CampaignsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Draft a campaign (status DRAFT): checklist, hypotheses and contacts' })
  @ApiCreatedResponse({ description: 'The campaign as drafted' })
  create(@Body() request: CreateCampaignRequest): Promise<Campaign> {
    return this.commands.execute<Campaign>('claims.campaign.create', request);
  }

  @Post(':id/launch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Launch a DRAFT campaign: every contact is called (again: no change)' })
  @ApiAcceptedResponse({ description: 'Accepted; follow progress with GET /v1/campaigns/{id}' })
  launch(@IdParam() id: string): Promise<Campaign> {
    return this.commands.execute<Campaign>('claims.campaign.launch', { campaignId: id });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a DRAFT or ACTIVE campaign (status CANCELED): its calls still queued end CANCELED, calls being dialled go on (again: no change)' })
  @ApiOkResponse({ description: 'The campaign, CANCELED' })
  cancel(@IdParam() id: string, @Body() request: CancelCampaignRequest): Promise<Campaign> {
    return cancelCampaign<Campaign>(this.commands, id, request.reason);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status, calls by status, hypotheses with their status and conclusion' })
  @ApiOkResponse()
  async get(@IdParam() id: string): Promise<Campaign & { calls: { total: number; byStatus: Record<string, number> } }> {
    const [campaign, byStatus] = await Promise.all([
      this.commands.execute<Campaign>('claims.campaign.get', { campaignId: id }),
      this.commands.execute<Record<string, number>>('telephony.calls.count-by-status', { campaignId: id }),
    ]);
    return { ...campaign, calls: { total: Object.values(byStatus).reduce((sum, n) => sum + n, 0), byStatus } };
  }

  @Get(':id/calls')
  @ApiOperation({ summary: "The campaign's calls" })
  @ApiOkResponse()
  async calls(@IdParam() id: string): Promise<unknown[]> {
    // Telephony lists no calls for an unknown campaign; claims says whether it exists (404).
    const [, calls] = await Promise.all([
      this.commands.execute('claims.campaign.get', { campaignId: id }),
      this.commands.execute<unknown[]>('telephony.calls.list', { campaignId: id }),
    ]);
    return calls;
  }
}
