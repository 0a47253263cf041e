import type { CommandBus } from '@switchboard/eventing';

/**
 * Cancels a campaign: its calls still queued end CANCELED and none is queued any more; calls being
 * dialled go on. The one path of its REST route and of the console's bulk cancel; a completed
 * campaign answers 409.
 */
export const cancelCampaign = <T>(commands: CommandBus, campaignId: string, reason?: string): Promise<T> =>
  commands.execute<T>('claims.campaign.cancel', { campaignId, reason });
