import { Inject, Injectable } from '@nestjs/common';
import { KeySemaphore } from '@switchboard/durable';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';
import { type Sleep, type WebFinding, WebResearch } from './web-research.js';

/** Held while one run asks about a company (as long as a run may last): a lease dies with its replica. */
const LEASE_MS = 5 * 60_000;

/** A company's research is reused for this long: a second meeting with it the same day asks nobody. */
export const COMPANY_CACHE_MS = 24 * 3_600_000;

export interface CompanyFinding extends WebFinding {
  domain: string;
  cached: boolean;
}

/** Company research (industry, size, funding, news of the last 90 days), cached 24 h per domain. */
@Injectable()
export class CompanyResearch {
  constructor(
    private readonly web: WebResearch,
    private readonly semaphore: KeySemaphore,
    @Inject('RESEARCH_SLEEP') private readonly wait: Sleep,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /**
   * From the cache, else asked by one run at a time per company across replicas: runs that need the
   * same company at once (two meetings with it synced together) wait for the first and read its answer.
   */
  async find(domain: string, signal: AbortSignal): Promise<CompanyFinding> {
    const cached = await this.cached(domain);
    if (cached) return cached;
    const key = `company-research:${domain}`;
    let lease: string | undefined;
    while (!(lease = await this.semaphore.tryAcquire(key, 1, LEASE_MS))) await this.wait(100, signal);
    try {
      return (await this.cached(domain)) ?? (await this.ask(domain, signal));
    } finally {
      await this.semaphore.release(key, lease);
    }
  }

  private async cached(domain: string): Promise<CompanyFinding | undefined> {
    const { rows } = await this.pool.query<{ answer: string; citations: string[] }>(
      `SELECT answer, citations FROM "${this.schema}".company_research WHERE domain = $1 AND researched_at > $2`,
      [domain, new Date(Date.now() - COMPANY_CACHE_MS)],
    );
    return rows[0] && { domain, answer: rows[0].answer, citations: rows[0].citations, confidence: confidenceOf(rows[0]), cached: true };
  }

  private async ask(domain: string, signal: AbortSignal): Promise<CompanyFinding> {
    const table = `"${this.schema}".company_research`;
    const finding = await this.web.find(companyQuestion(domain), signal);
    // Written at once, outside the run's transaction: a cache, not the run's outcome, so other runs use it now.
    await this.pool.query(
      `INSERT INTO ${table} (domain, answer, citations, researched_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (domain) DO UPDATE SET answer = EXCLUDED.answer, citations = EXCLUDED.citations, researched_at = EXCLUDED.researched_at`,
      [domain, finding.answer, JSON.stringify(finding.citations)],
    );
    return { domain, ...finding, cached: false };
  }
}

const confidenceOf = (row: { answer: string; citations: string[] }): WebFinding['confidence'] =>
  row.answer.trim() === '' ? 'LOW' : row.citations.length >= 2 ? 'HIGH' : 'MEDIUM';

export const companyQuestion = (domain: string) =>
  `Research the company at ${domain}: industry, size (employees), funding, and news of the last 90 days. Cite your sources.`;

export const prospectQuestion = (prospect: { email: string; name?: string; companyDomain: string }) =>
  `Research ${prospect.name ?? prospect.email} at ${prospect.companyDomain}: job title and role, professional background, recent public activity. Cite your sources.`;
