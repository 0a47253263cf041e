import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type HypothesisValidationDue, hypothesisValidationDue } from '@switchboard/contracts';
import { withTimeout } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { ServiceConfig, SERVICE_SCHEMA } from '@switchboard/platform';
import { LlmPort } from '@switchboard/providers';
import { CampaignProgress } from '../progress/campaign-progress.js';
import { Hypotheses } from '../research.aggregates.js';
import { JUDGEMENT_SCHEMA, type ModelJudgement, VALIDATION_SYSTEM, validationPrompt } from './validation.prompt.js';
import { averageConfidence, verdict } from './verdict.js';

/** Validations running at once across every replica. */
const MAX_CONCURRENT = 2;
const LLM_TIMEOUT_MS = 120_000;

interface ClaimRow {
  claimId: string;
  callId: string;
  statement: string;
  stance: string;
  confidence: number;
}

/**
 * Judges a hypothesis once its evidence has settled (the debounce timer fired): the model says
 * whether the claims agree, the tolerance rule turns that and their confidence into the verdict.
 */
@Controller()
export class HypothesisValidationHandler {
  constructor(
    private readonly hypotheses: Hypotheses,
    private readonly progress: CampaignProgress,
    private readonly llm: LlmPort,
    private readonly config: ServiceConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(hypothesisValidationDue, {
    durable: 'claims-validation',
    concurrency: MAX_CONCURRENT * 2,
    keyConcurrency: { key: () => 'hypothesis-validation', limit: MAX_CONCURRENT },
    retry: { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 15_000, jitter: 0.2 },
  })
  async validate(@Payload() event: EventEnvelope<HypothesisValidationDue>, @Ctx() context: EventContext): Promise<void> {
    const { hypothesisId, campaignId } = event.payload;
    const { tx } = context;
    const s = `"${this.schema}"`;
    const cause = { tx, cause: event };
    if ((await this.hypotheses.load(hypothesisId, tx)).state.status !== 'OPEN') {
      // Decided while this was pending: it is not judged again unless an operator reopens it.
      await this.progress.lock(campaignId, tx);
      await tx.query(`UPDATE ${s}.hypotheses SET validation_pending = false WHERE hypothesis_id = $1`, [hypothesisId]);
      await this.progress.completeIfDone(campaignId, tx, event);
      return;
    }
    const [{ rows: hypothesis }, { rows: claims }] = await Promise.all([
      tx.query<{ key: string; statement: string }>(`SELECT key, statement FROM ${s}.hypotheses WHERE hypothesis_id = $1`, [hypothesisId]),
      tx.query<ClaimRow>(
        `SELECT claim_id AS "claimId", call_id AS "callId", statement, stance, confidence FROM ${s}.claims WHERE hypothesis_id = $1 ORDER BY extracted_at, claim_id`,
        [hypothesisId],
      ),
    ]);
    let judgement: ModelJudgement;
    try {
      ({ value: judgement } = await withTimeout('hypothesis validation', LLM_TIMEOUT_MS, (signal) =>
        this.llm.completeJson<ModelJudgement>({
          model: this.config.LLM_MODEL,
          system: VALIDATION_SYSTEM,
          prompt: validationPrompt(hypothesis[0], claims),
          schemaName: 'hypothesis_judgement',
          schema: JUDGEMENT_SCHEMA,
          signal,
        }),
      ));
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.progress.lock(campaignId, tx);
      if (await this.claimsArrivedSince(hypothesisId, claims, tx)) return;
      await this.hypotheses.execute(hypothesisId, { type: 'give-up-validation', hypothesisId, campaignId, reason: (error as Error).message }, cause);
      await this.progress.completeIfDone(campaignId, tx, event);
      return;
    }
    const average = averageConfidence(claims);
    await this.progress.lock(campaignId, tx);
    if (await this.claimsArrivedSince(hypothesisId, claims, tx)) return;
    await this.hypotheses.execute(
      hypothesisId,
      {
        type: 'decide',
        hypothesisId,
        campaignId,
        status: verdict(judgement.consistency, average),
        conclusion: judgement.conclusion,
        claimIds: claims.map((c) => c.claimId),
        averageConfidence: average,
      },
      cause,
    );
    await this.progress.completeIfDone(campaignId, tx, event);
  }

  /**
   * The claims were read before the campaign lock (the model call must not hold it), so another
   * call's claims may have been stored meanwhile. Its extraction scheduled the next validation and
   * marked it pending: deciding now would leave those claims out and clear the mark, so the
   * campaign could complete without them. That validation judges them all instead.
   */
  private async claimsArrivedSince(hypothesisId: string, judged: ClaimRow[], tx: EventContext['tx']): Promise<boolean> {
    const seen = new Set(judged.map((c) => c.claimId));
    const { rows } = await tx.query<{ claimId: string }>(`SELECT claim_id AS "claimId" FROM "${this.schema}".claims WHERE hypothesis_id = $1`, [
      hypothesisId,
    ]);
    return rows.some((row) => !seen.has(row.claimId));
  }
}
