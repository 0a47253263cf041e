import type { CommandBus } from '@switchboard/eventing';

/**
 * Cancels a scoring job: no new model call starts, calls not yet analysed end CANCELED. The one
 * path of its REST route and of the console's bulk cancel; a finished job answers 409.
 */
export const cancelScoringJob = <T>(commands: CommandBus, jobId: string): Promise<T> => commands.execute<T>('claims.scoring.job.cancel', { jobId });
