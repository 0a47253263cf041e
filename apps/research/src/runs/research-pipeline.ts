import { Inject, Injectable } from '@nestjs/common';
import type { Prospect, ResearchRequested, ResearchSource, ResearchStep } from '@switchboard/contracts';
import { RetryAfterError } from '@switchboard/durable';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';
import { BriefModel } from '../providers/research-providers.js';
import { ResearchConfig } from '../research.config.js';
import { BRIEF_SYSTEM, type BriefContext, briefPrompt } from './brief.prompt.js';
import { BRIEF_SCHEMA, type Brief, keepKnownSources } from './brief.schema.js';
import { CompanyResearch, prospectQuestion } from './company-research.js';
import { type Sleep, WebResearch } from './web-research.js';

/** The brief model's rules: invalid output sent back twice; 429 waits 30 s; other failures 2 retries 2 s apart. */
export const BRIEF_RETRY = { repairs: 2, rateLimitedWaitMs: 30_000, retries: 2, delayMs: 2_000 } as const;

/** A step that failed after its own retries: the run fails, naming it. */
export class StepFailure extends Error {
  override name = 'StepFailure';

  constructor(
    readonly step: ResearchStep,
    cause: unknown,
  ) {
    super(`${step}: ${(cause as Error)?.message ?? String(cause)}`.slice(0, 1_000), { cause });
  }
}

export interface ResearchOutcome {
  brief: Brief;
  sources: ResearchSource[];
  cachedCompanies: string[];
}

const step = async <T>(name: ResearchStep, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw error instanceof StepFailure || (error as Error)?.name === 'TimeoutError' ? error : new StepFailure(name, error);
  }
};

/**
 * One research run's steps: prospects and companies researched in parallel (companies once per
 * domain), the campaign's context, then the brief. Only the brief's sources that the research
 * found are kept.
 */
@Injectable()
export class ResearchPipeline {
  constructor(
    private readonly web: WebResearch,
    private readonly companies: CompanyResearch,
    private readonly model: BriefModel,
    private readonly config: ResearchConfig,
    @Inject('RESEARCH_SLEEP') private readonly wait: Sleep,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async run(request: ResearchRequested, signal: AbortSignal): Promise<ResearchOutcome> {
    const domains = [...new Set(request.prospects.map((p) => p.companyDomain))];
    const [prospects, companies] = await Promise.all([
      step('prospects', () => Promise.all(request.prospects.map(async (p: Prospect) => ({ ...p, finding: await this.web.find(prospectQuestion(p), signal) })))),
      step('companies', () => Promise.all(domains.map((domain) => this.companies.find(domain, signal)))),
    ]);
    const context = await step('campaign', () => this.context(request));
    const brief = await step('brief', () => this.writeBrief({ ...context, prospects, companies }, signal));
    const sources: ResearchSource[] = [
      ...prospects.flatMap((p) => p.finding.citations.map((url) => ({ url, about: `prospect:${p.email}` }))),
      ...companies.flatMap((c) => c.citations.map((url) => ({ url, about: `company:${c.domain}` }))),
    ];
    const unique = [...new Map(sources.map((source) => [`${source.url} ${source.about}`, source])).values()];
    return {
      brief: keepKnownSources(brief, new Set(unique.map((source) => source.url))),
      sources: unique,
      cachedCompanies: companies.filter((c) => c.cached).map((c) => c.domain),
    };
  }

  private async context(request: ResearchRequested): Promise<Pick<BriefContext, 'campaign' | 'meeting'>> {
    const s = `"${this.schema}"`;
    const [{ rows: campaign }, { rows: meeting }] = await Promise.all([
      this.pool.query<BriefContext['campaign']>(`SELECT offering, target_customer AS "targetCustomer", pain_points AS "painPoints" FROM ${s}.prep_campaigns WHERE campaign_id = $1`, [
        request.campaignId,
      ]),
      this.pool.query<{ title: string; startsAt: Date }>(`SELECT title, starts_at AS "startsAt" FROM ${s}.meetings WHERE meeting_id = $1`, [request.meetingId ?? null]),
    ]);
    if (!campaign[0]) throw new Error(`prep campaign ${request.campaignId} not found`);
    return { campaign: campaign[0], meeting: meeting[0] && { title: meeting[0].title, startsAt: meeting[0].startsAt.toISOString() } };
  }

  private async writeBrief(context: BriefContext, signal: AbortSignal): Promise<Brief> {
    for (let retry = 0; ; retry++) {
      try {
        const { value } = await this.model.completeJson<Brief>({
          model: this.config.BRIEF_MODEL,
          system: BRIEF_SYSTEM,
          prompt: briefPrompt(context),
          schemaName: 'meeting_brief',
          schema: BRIEF_SCHEMA,
          maxRepairs: BRIEF_RETRY.repairs,
          signal,
        });
        return value;
      } catch (error) {
        // Still invalid after the repairs: a model that cannot answer is not asked a fourth time.
        if (retry >= BRIEF_RETRY.retries || /still invalid/.test((error as Error).message) || (error as Error).name === 'NonRetriableError') throw error;
        await this.wait(error instanceof RetryAfterError ? Math.max(BRIEF_RETRY.rateLimitedWaitMs, error.retryAfterMs) : BRIEF_RETRY.delayMs, signal);
      }
    }
  }
}
