import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type ExtractedClaim, newEventId, type TranscriptCompleted, transcriptCompleted } from '@switchboard/contracts';
import { NonRetriableError, withTimeout } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { ServiceConfig, SERVICE_SCHEMA } from '@switchboard/platform';
import { LlmPort } from '@switchboard/providers';
import type pg from 'pg';
import { CampaignProgress } from '../progress/campaign-progress.js';
import { CallClaims } from '../research.aggregates.js';
import { CLAIMS_SCHEMA, EXTRACTION_SYSTEM, extractionPrompt, type ModelClaim } from './claim-extraction.prompt.js';
import { type HypothesisRef, matchHypothesis } from './hypothesis-matching.js';

/** Extractions running at once across every replica. */
const MAX_CONCURRENT = 3;
const MIN_TRANSCRIPT_CHARS = 50;
const LLM_TIMEOUT_MS = 120_000;

/**
 * Mines a transcript for claims about the campaign's hypotheses (3 attempts, 2 s -> 10 s, three at
 * once across replicas). A call's claims are stored together and once; then the hypotheses they
 * bear on are checked for enough evidence, and the campaign for completion.
 */
@Controller()
export class ClaimExtractionHandler {
  constructor(
    private readonly callClaims: CallClaims,
    private readonly progress: CampaignProgress,
    private readonly llm: LlmPort,
    private readonly config: ServiceConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(transcriptCompleted, {
    durable: 'claims-extraction',
    ordered: false,
    concurrency: MAX_CONCURRENT * 2,
    keyConcurrency: { key: () => 'claim-extraction', limit: MAX_CONCURRENT },
    retry: { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 10_000, jitter: 0.2 },
  })
  async extract(@Payload() event: EventEnvelope<TranscriptCompleted>, @Ctx() context: EventContext): Promise<void> {
    const { callId, campaignId, utterances } = event.payload;
    const { tx } = context;
    if ((await this.callClaims.load(callId, tx)).state.status) return;
    let claims: ExtractedClaim[];
    try {
      claims = await this.ask(campaignId, utterances, tx);
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.progress.lock(campaignId, tx);
      await this.callClaims.execute(callId, { type: 'fail', callId, campaignId, reason: (error as Error).message }, { tx, cause: event });
      await this.progress.completeIfDone(campaignId, tx, event);
      return;
    }
    await this.progress.lock(campaignId, tx);
    await this.callClaims.execute(callId, { type: 'record', callId, campaignId, claims }, { tx, cause: event });
    await this.progress.scheduleValidations(campaignId, [...new Set(claims.map((c) => c.hypothesisId))], tx, event);
    await this.progress.completeIfDone(campaignId, tx, event);
  }

  private async ask(campaignId: string, utterances: TranscriptCompleted['utterances'], tx: pg.PoolClient): Promise<ExtractedClaim[]> {
    const { checklist, hypotheses } = await this.campaignContext(campaignId, tx);
    if (hypotheses.length === 0) throw new NonRetriableError('the campaign has no hypotheses to extract claims for');
    const spoken = utterances.map((u) => u.text).join(' ');
    if (spoken.length < MIN_TRANSCRIPT_CHARS) throw new NonRetriableError(`the transcript is under ${MIN_TRANSCRIPT_CHARS} characters`);
    const { value } = await withTimeout('claim extraction', LLM_TIMEOUT_MS, (signal) =>
      this.llm.completeJson<{ claims: ModelClaim[] }>({
        model: this.config.LLM_MODEL,
        system: EXTRACTION_SYSTEM,
        prompt: extractionPrompt(checklist, hypotheses, utterances),
        schemaName: 'call_claims',
        schema: CLAIMS_SCHEMA,
        signal,
      }),
    );
    return value.claims.flatMap((claim) => {
      const hypothesis = matchHypothesis(claim.hypothesis, hypotheses);
      if (!hypothesis) return [];
      const [start, end] = [claim.evidenceStart, claim.evidenceEnd].sort((a, b) => a - b);
      return [
        {
          claimId: newEventId(),
          hypothesisId: hypothesis.hypothesisId,
          statement: claim.statement,
          stance: claim.stance,
          confidence: claim.confidence,
          evidenceStart: start,
          evidenceEnd: end,
        },
      ];
    });
  }

  private async campaignContext(campaignId: string, tx: pg.PoolClient): Promise<{ checklist: string[]; hypotheses: HypothesisRef[] }> {
    const s = `"${this.schema}"`;
    const [campaign, hypotheses] = await Promise.all([
      tx.query<{ checklist: string[] }>(`SELECT checklist FROM ${s}.campaigns WHERE campaign_id = $1`, [campaignId]),
      tx.query<HypothesisRef>(`SELECT hypothesis_id AS "hypothesisId", key, statement FROM ${s}.hypotheses WHERE campaign_id = $1 ORDER BY position`, [
        campaignId,
      ]),
    ]);
    if (!campaign.rows[0]) throw new NonRetriableError(`campaign ${campaignId} is unknown here`);
    return { checklist: campaign.rows[0].checklist, hypotheses: hypotheses.rows };
  }
}
