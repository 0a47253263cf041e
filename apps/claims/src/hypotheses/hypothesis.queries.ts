import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';

export interface ClaimView {
  id: string;
  callId: string;
  hypothesisId: string;
  statement: string;
  stance: 'supports' | 'contradicts';
  confidence: number;
  evidence: { start: number; end: number };
}

const CLAIM_COLUMNS = `claim_id AS id, call_id AS "callId", hypothesis_id AS "hypothesisId", statement, stance, confidence,
  json_build_object('start', evidence_start, 'end', evidence_end) AS evidence`;

/** Hypotheses with their claims, and a call's claims: the evidence side of the API. */
@Controller()
export class HypothesisQueries {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('claims.hypothesis.get')
  async get(@Payload() query: { hypothesisId: string }): Promise<{ campaignId: string } & Record<string, unknown>> {
    const s = `"${this.schema}"`;
    const [hypothesis, claims] = await Promise.all([
      this.pool.query(
        `SELECT hypothesis_id AS id, campaign_id AS "campaignId", key, statement, status, conclusion, average_confidence AS "averageConfidence",
           coalesce(used_claim_ids, '[]'::jsonb) AS "usedClaimIds", validation_pending AS "validationPending", last_error AS "lastError",
           decided_at AS "decidedAt"
         FROM ${s}.hypotheses WHERE hypothesis_id = $1`,
        [query.hypothesisId],
      ),
      this.pool.query<ClaimView>(`SELECT ${CLAIM_COLUMNS} FROM ${s}.claims WHERE hypothesis_id = $1 ORDER BY extracted_at, claim_id`, [query.hypothesisId]),
    ]);
    if (!hypothesis.rows[0]) throw CommandError.notFound(`hypothesis ${query.hypothesisId}`);
    return { ...hypothesis.rows[0], claims: claims.rows };
  }

  @OnCommand('claims.call-claims.get')
  async ofCall(@Payload() query: { callId: string }): Promise<{ status: string; reason: string | null; claims: ClaimView[] }> {
    const s = `"${this.schema}"`;
    const [call, claims] = await Promise.all([
      this.pool.query<{ outcome: string | null; outcome_reason: string | null }>(`SELECT outcome, outcome_reason FROM ${s}.campaign_calls WHERE call_id = $1`, [
        query.callId,
      ]),
      this.pool.query<ClaimView>(`SELECT ${CLAIM_COLUMNS} FROM ${s}.claims WHERE call_id = $1 ORDER BY evidence_start, claim_id`, [query.callId]),
    ]);
    return { status: call.rows[0]?.outcome ?? 'PENDING', reason: call.rows[0]?.outcome_reason ?? null, claims: claims.rows };
  }
}
