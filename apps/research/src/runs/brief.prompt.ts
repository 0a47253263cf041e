import type { CompanyFinding } from './company-research.js';
import type { WebFinding } from './web-research.js';

export const BRIEF_SYSTEM =
  'You prepare a salesperson for a meeting. Use only the research given. Every factual line cites the URLs ' +
  'it rests on, taken from the research. Where the research has nothing, say so and mark the section LOW confidence.';

export interface BriefContext {
  campaign: { offering: string; targetCustomer: string; painPoints: string[] };
  meeting?: { title: string; startsAt: string };
  prospects: { email: string; name?: string; companyDomain: string; finding: WebFinding }[];
  companies: CompanyFinding[];
}

const cited = (finding: WebFinding) => `${finding.answer.trim() || '(no data found)'}\nSources: ${finding.citations.join(' ') || 'none'} (confidence ${finding.confidence})`;

/** The brief's prompt: the campaign's context, then each prospect's and company's research with its sources. */
export function briefPrompt(context: BriefContext): string {
  return [
    'Write the meeting brief.',
    context.meeting ? `Meeting: ${context.meeting.title} at ${context.meeting.startsAt}` : 'Ad-hoc research (no meeting).',
    `Our offering: ${context.campaign.offering}`,
    `Our target customer: ${context.campaign.targetCustomer}`,
    `Pain points we solve (tie each talking point to one): ${context.campaign.painPoints.map((p) => `- ${p}`).join('\n')}`,
    ...context.prospects.map((p) => `Prospect ${p.name ?? ''} <${p.email}> at ${p.companyDomain}:\n${cited(p.finding)}`),
    ...context.companies.map((c) => `Company ${c.domain}:\n${cited(c)}`),
  ].join('\n\n');
}
