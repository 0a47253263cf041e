import { eventRegistry } from '@switchboard/contracts';
import { CheckpointStore, EventStore, type InlineProjection, ProjectionRunner, schemaName } from '@switchboard/event-store';
import type { ServiceName } from '@switchboard/platform';
import pg from 'pg';
import { campaignProjection } from '../../apps/claims/src/campaigns/campaign.projection.js';
import { callClaimsProjection } from '../../apps/claims/src/extraction/call-claims.projection.js';
import { hypothesisProjection } from '../../apps/claims/src/hypotheses/hypothesis.projection.js';
import { patientProjection } from '../../apps/tasks/src/patients/patient.projection.js';
import { staffingProjection } from '../../apps/tasks/src/staffing/staffing.projection.js';
import { taskProjection } from '../../apps/tasks/src/tasks/task.projection.js';
import { callProjection } from '../../apps/telephony/src/calls/call.projection.js';
import { notificationProjection } from '../../apps/telephony/src/notifications/notification.projection.js';
import { transcriptProjection } from '../../apps/transcription/src/transcripts/transcript.projection.js';
import { CARE_ENV } from './care-batch.js';
import type { CheckContext, CheckResult } from './checks.js';

/**
 * The read models of the campaign and the care batch, each written with its aggregate's events (inline projections), and
 * the tables compared. claims.campaign_calls is left out: call outcomes from telephony's events
 * update it too, outside any projection of the claims store.
 */
const READ_MODELS: { service: ServiceName; tables: string[]; projections: ((schema: string) => InlineProjection)[] }[] = [
  { service: 'telephony', tables: ['calls', 'notifications', 'notification_sends'], projections: [callProjection, notificationProjection] },
  { service: 'transcription', tables: ['transcripts', 'utterances'], projections: [transcriptProjection] },
  { service: 'claims', tables: ['campaigns', 'hypotheses', 'claims'], projections: [campaignProjection, hypothesisProjection, callClaimsProjection] },
  {
    service: 'tasks',
    tables: ['nurses', 'shifts', 'tasks', 'patients', 'episodes', 'check_ins'],
    projections: [staffingProjection, taskProjection, (schema) => patientProjection(schema, Number(CARE_ENV.CARE_CHECK_IN_DELAY_MS))],
  },
];

/**
 * Each read model rebuilt from its service's store into a scratch schema (the same tables, empty)
 * with the services' own projections, then compared row for row with the live one.
 */
export async function readModelsEqualRebuild(ctx: CheckContext): Promise<CheckResult> {
  const problems: string[] = [];
  let rows = 0;
  for (const model of READ_MODELS) {
    const live = schemaName(ctx.namespace, model.service);
    const scratch = `${live}_rebuild`;
    const [liveId, scratchId] = [pg.escapeIdentifier(live), pg.escapeIdentifier(scratch)];
    await ctx.pool.query(`DROP SCHEMA IF EXISTS ${scratchId} CASCADE; CREATE SCHEMA ${scratchId}`);
    const { rows: tables } = await ctx.pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'events'`,
      [live],
    );
    for (const { name } of tables) await ctx.pool.query(`CREATE TABLE ${scratchId}.${pg.escapeIdentifier(name)} (LIKE ${liveId}.${pg.escapeIdentifier(name)} INCLUDING ALL)`);
    const projections = model.projections.map((make) => make(scratch));
    const runner = new ProjectionRunner(new EventStore(ctx.pool, live, eventRegistry), new CheckpointStore(ctx.pool, scratch), {
      name: 'chaos-rebuild',
      apply: async (events, tx) => {
        for (const event of events) for (const project of projections) await project([event], tx);
      },
      reset: async () => undefined, // the scratch tables start empty
    });
    await runner.rebuild();
    for (const table of model.tables) {
      const [a, b] = [`${liveId}.${pg.escapeIdentifier(table)}`, `${scratchId}.${pg.escapeIdentifier(table)}`];
      const { rows: diff } = await ctx.pool.query<{ live_only: number; rebuilt_only: number; n: number }>(
        `SELECT (SELECT count(*) FROM (TABLE ${a} EXCEPT ALL TABLE ${b}) d)::int AS live_only,
                (SELECT count(*) FROM (TABLE ${b} EXCEPT ALL TABLE ${a}) d)::int AS rebuilt_only,
                (SELECT count(*) FROM ${a})::int AS n`,
      );
      rows += diff[0].n;
      if (diff[0].live_only || diff[0].rebuilt_only) problems.push(`${live}.${table}: ${diff[0].live_only} rows only live, ${diff[0].rebuilt_only} only rebuilt`);
    }
    await ctx.pool.query(`DROP SCHEMA ${scratchId} CASCADE`);
  }
  return {
    check: 'read models equal a rebuild from the store',
    ok: problems.length === 0,
    detail: problems.join('; ') || `${READ_MODELS.flatMap((m) => m.tables).length} tables, ${rows} rows`,
  };
}
