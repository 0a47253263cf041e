import type { FuzzCase } from './fuzz-case.js';
import type { Outcome } from '@switchboard/testing';

export const MAX_PROBLEM_BYTES = 16 * 1024;

const describe = (outcome: Outcome): string =>
  outcome.kind === 'answer'
    ? `${outcome.status} ${outcome.headers['content-type'] ?? '(no content type)'} ${JSON.stringify(outcome.body.subarray(0, 300).toString())}${outcome.body.length > 300 ? `…(${outcome.body.length} bytes)` : ''} after ${outcome.elapsedMs} ms`
    : outcome.kind === 'dropped'
      ? `connection dropped after ${outcome.elapsedMs} ms (${outcome.reason})`
      : `no answer after ${outcome.elapsedMs} ms`;

/** What is wrong with how the gateway answered one hostile request: nothing, when it held. */
export function violations({ expect }: FuzzCase, outcome: Outcome): string[] {
  if (outcome.kind !== 'answer') return [`never answered: ${describe(outcome)}`];
  const { status } = outcome;
  const found: string[] = [];
  if (status >= 500) found.push('a 5xx');
  if (status < 400 && !expect.mayAccept) found.push('accepted a request that has a defect');
  if (status >= 400 && status < 500) found.push(...problemViolations(outcome));
  if (expect.statuses && !expect.statuses.includes(status)) found.push(`the contract says ${expect.statuses.join(' or ')}`);
  if (expect.withinMs !== undefined && outcome.elapsedMs > expect.withinMs) found.push(`answered after ${outcome.elapsedMs} ms, not within ${expect.withinMs} ms`);
  if (expect.names && status === 400 && !outcome.body.toString().includes(expect.names)) found.push(`the problem does not name ${expect.names}`);
  return found.length ? [`${found.join('; ')}: ${describe(outcome)}`] : [];
}

/** RFC 9457, as the gateway promises it for every 4xx, and small whatever the request was. */
function problemViolations({ status, headers, body }: Extract<Outcome, { kind: 'answer' }>): string[] {
  const found: string[] = [];
  if (!headers['content-type']?.startsWith('application/problem+json')) found.push('not application/problem+json');
  if (body.length > MAX_PROBLEM_BYTES) found.push(`a ${body.length}-byte problem (over ${MAX_PROBLEM_BYTES})`);
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(body.toString()) as Record<string, unknown>;
  } catch {
    return [...found, 'the body is not JSON'];
  }
  for (const field of ['type', 'title', 'detail']) if (typeof problem?.[field] !== 'string') found.push(`no ${field}`);
  if (problem?.status !== status) found.push(`status ${String(problem?.status)} in the problem`);
  return found;
}
