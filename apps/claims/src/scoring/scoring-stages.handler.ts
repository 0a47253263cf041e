import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type ScoringCallQueued, scoringCallQueued, type ScoringCallTriaged, scoringCallTriaged, type TriageVerdict } from '@switchboard/contracts';
import { NonRetriableError } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { cacheKey } from './analysis-cache.js';
import { rubricByRef } from './rubrics.js';
import { ScoringCalls } from './scoring.aggregates.js';
import { ScoringModels } from './scoring-models.js';
import { stagePolicy } from './scoring-policy.js';
import {
  GOLD_PROMPT_VERSION,
  GOLD_SCHEMA_NAME,
  GOLD_SYSTEM,
  goldPrompt,
  goldSchema,
  SILVER_PROMPT_VERSION,
  SILVER_SCHEMA,
  SILVER_SCHEMA_NAME,
  SILVER_SYSTEM,
  silverPrompt,
} from './scoring.prompts.js';
import { ScoringStep } from './scoring-step.js';

type SilverAnswer = { verdict: TriageVerdict } & Record<string, unknown>;
interface GoldAnswer {
  scores: { criterion: string; score: number; evidence: string }[];
  coaching: string[];
}

/** Silver (triage and extraction, small model) then gold (rubric scores and coaching, large model): one durable step each per call. */
@Controller()
export class ScoringStagesHandler {
  constructor(
    private readonly step: ScoringStep,
    private readonly models: ScoringModels,
    private readonly calls: ScoringCalls,
  ) {}

  @OnEvent(scoringCallQueued, stagePolicy('silver'))
  async silver(@Payload() event: EventEnvelope<ScoringCallQueued>, @Ctx() context: EventContext): Promise<void> {
    const { transcript, silverModel: model } = event.payload;
    await this.step.run<SilverAnswer>(event, context, {
      stage: 'silver',
      from: 'QUEUED',
      model,
      cacheKey: cacheKey({ stage: 'silver', transcript, model, version: SILVER_PROMPT_VERSION }),
      ask: () => this.models.ask<SilverAnswer>({ model, system: SILVER_SYSTEM, prompt: silverPrompt(transcript), schemaName: SILVER_SCHEMA_NAME, schema: SILVER_SCHEMA }),
      record: ({ verdict, ...extraction }, meta) => ({ type: 'triage', verdict, extraction, ...meta }),
      final: (answer) => answer.verdict !== 'analyse',
    });
  }

  @OnEvent(scoringCallTriaged, stagePolicy('gold'))
  async gold(@Payload() event: EventEnvelope<ScoringCallTriaged>, @Ctx() context: EventContext): Promise<void> {
    if (event.payload.verdict !== 'analyse') return;
    const { state } = await this.calls.load(event.payload.callId, context.tx);
    if (!state.queued) return;
    const { transcript, goldModel: model, rubric: ref } = state.queued;
    const rubric = rubricByRef(ref);
    await this.step.run<GoldAnswer>(event, context, {
      stage: 'gold',
      from: 'TRIAGED',
      model,
      cacheKey: cacheKey({ stage: 'gold', transcript, model, version: `${GOLD_PROMPT_VERSION}|${ref}` }),
      ask: () => {
        if (!rubric) throw new NonRetriableError(`rubric ${ref} is unknown`);
        return this.models.ask<GoldAnswer>({ model, system: GOLD_SYSTEM, prompt: goldPrompt(rubric, transcript, event.payload.extraction), schemaName: GOLD_SCHEMA_NAME, schema: goldSchema(rubric) });
      },
      record: (answer, meta) => {
        const max = (criterion: string) => rubric?.criteria.find((c) => c.key === criterion)?.maxScore ?? 5;
        const scores = answer.scores.map((s) => ({ ...s, score: Math.min(s.score, max(s.criterion)), maxScore: max(s.criterion) }));
        const total = scores.reduce((sum, s) => sum + s.maxScore, 0);
        const overall = total ? Math.round((1_000 * scores.reduce((sum, s) => sum + s.score, 0)) / total) / 10 : 0;
        return { type: 'score', scores, overall, coaching: answer.coaching, ...meta };
      },
      final: () => true,
    });
  }
}
