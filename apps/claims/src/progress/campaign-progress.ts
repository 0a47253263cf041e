import { Inject, Injectable } from '@nestjs/common';
import { hypothesisValidationDue } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import type { Cause } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { Campaigns, hypothesisStream } from '../research.aggregates.js';
import { hasEnoughEvidence } from '../validation/verdict.js';

/** Validation waits this long after the last new claim of a hypothesis (and no longer than the max). */
export const VALIDATION_DEBOUNCE = { quietMs: 5_000, maxWaitMs: 60_000 };

/**
 * The workflow's two checks, run by every handler that changes a campaign's evidence or calls:
 * has a hypothesis enough evidence to be judged, and is the campaign done. Both run under the
 * campaign's transaction lock, so two calls finishing at once cannot each miss the other's claims.
 */
@Injectable()
export class CampaignProgress {
  constructor(
    private readonly campaigns: Campaigns,
    private readonly timers: DurableTimers,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /** Taken before a handler's writes; held until its transaction ends. */
  async lock(campaignId: string, tx: pg.PoolClient): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`campaign:${campaignId}`]);
  }

  /** Open hypotheses with claims from >= 3 calls get (or push back) their debounced validation. */
  async scheduleValidations(campaignId: string, hypothesisIds: string[], tx: pg.PoolClient, cause: Cause): Promise<void> {
    const s = `"${this.schema}"`;
    const { rows } = await tx.query<{ hypothesis_id: string; call_ids: string[] }>(
      `SELECT h.hypothesis_id, array_agg(c.call_id) AS call_ids
       FROM ${s}.hypotheses h JOIN ${s}.claims c ON c.hypothesis_id = h.hypothesis_id
       WHERE h.hypothesis_id = ANY($1) AND h.status = 'OPEN' GROUP BY h.hypothesis_id`,
      [hypothesisIds],
    );
    for (const row of rows) {
      if (!hasEnoughEvidence(row.call_ids.map((callId) => ({ callId })))) continue;
      await this.timers.debounce(
        {
          key: validationKey(row.hypothesis_id),
          streamId: hypothesisStream(row.hypothesis_id),
          event: hypothesisValidationDue.create({ hypothesisId: row.hypothesis_id, campaignId }),
          correlationId: cause.correlationId,
        },
        VALIDATION_DEBOUNCE,
        tx,
      );
      await tx.query(`UPDATE ${s}.hypotheses SET validation_pending = true WHERE hypothesis_id = $1`, [row.hypothesis_id]);
    }
  }

  /**
   * COMPLETED once every call is final (and, when answered, transcribed and mined for claims or
   * failed for good) and no hypothesis awaits validation: what is undecided then is out of evidence.
   * Once every call is settled no claim can come, so a validation still waiting for its quiet
   * period has nothing left to wait for: it fires now (its outcome completes the campaign).
   */
  async completeIfDone(campaignId: string, tx: pg.PoolClient, cause: Cause): Promise<void> {
    const s = `"${this.schema}"`;
    const {
      rows: [row],
    } = await tx.query<{ status: string; unsettled: number; pending: string[] }>(
      `SELECT c.status,
         (SELECT count(*) FROM ${s}.campaign_calls cc WHERE cc.campaign_id = c.campaign_id
            AND (cc.final_status IS NULL OR (cc.final_status = 'COMPLETED' AND cc.outcome IS NULL)))::int AS unsettled,
         ARRAY(SELECT h.hypothesis_id FROM ${s}.hypotheses h WHERE h.campaign_id = c.campaign_id AND h.validation_pending) AS pending
       FROM ${s}.campaigns c WHERE c.campaign_id = $1`,
      [campaignId],
    );
    if (row?.status !== 'ACTIVE' || row.unsettled > 0) return;
    if (row.pending.length > 0) {
      await this.timers.fireSoon(row.pending.map(validationKey), tx);
      return;
    }
    await this.campaigns.execute(campaignId, { type: 'complete' }, { tx, cause });
  }
}

const validationKey = (hypothesisId: string) => `validate-${hypothesisId}`;
