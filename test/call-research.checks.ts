import { expect } from 'vitest';
import { DEMO_EXPECTED_CALLS, DEMO_EXPECTED_CLAIMS, DEMO_EXPECTED_VERDICTS } from '../scripts/demo/demo-scenario.js';
import type { DemoResult } from '../scripts/demo/run-demo.js';
import type { SystemUnderTest } from '../scripts/system/system-under-test.js';

/** What the call-research tests check of a system's end state, read from its stores and its simulator. */
export function callResearchChecks(current: () => SystemUnderTest) {
  async function expectDemoEndState(result: DemoResult): Promise<void> {
    const { campaign } = result;
    // On a mismatch, say how each call and hypothesis ended up, from the claims service's own tables.
    const why = JSON.stringify({
      calls: await current().query('claims', 'SELECT phone, final_status, outcome, outcome_reason FROM $schema.campaign_calls WHERE campaign_id = $1 ORDER BY phone', [campaign.id]),
      hypotheses: await current().query('claims', 'SELECT key, status, validation_pending, last_error FROM $schema.hypotheses WHERE campaign_id = $1', [campaign.id]),
    });
    expect(campaign.status).toBe('COMPLETED');
    expect(campaign.calls.byStatus, why).toEqual(DEMO_EXPECTED_CALLS);
    expect(Object.fromEntries(campaign.hypotheses.map((h) => [h.key, h.claims])), why).toEqual(DEMO_EXPECTED_CLAIMS);
    expect(Object.fromEntries(campaign.hypotheses.map((h) => [h.key, h.status])), why).toEqual(DEMO_EXPECTED_VERDICTS);
    expect(campaign.hypotheses.every((h) => h.conclusion)).toBe(true);
  }

  /** Events of one campaign that would show a callback, a transcript or a claim handled twice. */
  async function duplicatesOf(campaignId: string) {
    const system = current();
    const calls = await system.query<{ call_id: string }>('telephony', 'SELECT call_id FROM $schema.calls WHERE campaign_id = $1', [campaignId]);
    const ids = calls.map((c) => c.call_id);
    const twice = (service: 'telephony' | 'transcription' | 'claims', streams: string[]) =>
      system.query(
        service,
        `SELECT stream_id, type, payload->>'status' AS status, count(*)::int AS n FROM $schema.events
         WHERE stream_id = ANY($1) AND type <> 'telephony.call.dial-requested' GROUP BY 1, 2, 3 HAVING count(*) > 1`,
        [streams],
      );
    const found = await Promise.all([
      twice('telephony', ids.map((id) => `call-${id}`)),
      twice('transcription', ids.map((id) => `transcript-${id}`)),
      twice('claims', ids.map((id) => `call-claims-${id}`)),
    ]);
    return found.flat();
  }

  /** Utterances stored per call, in the order of the numbers called. */
  async function utteranceCounts(campaignId: string): Promise<number[]> {
    const system = current();
    const calls = await system.query<{ call_id: string }>('telephony', 'SELECT call_id FROM $schema.calls WHERE campaign_id = $1 ORDER BY phone', [campaignId]);
    const counts = await system.query<{ call_id: string; n: number }>(
      'transcription',
      'SELECT call_id, count(*)::int AS n FROM $schema.utterances WHERE call_id = ANY($1) GROUP BY call_id',
      [calls.map((c) => c.call_id)],
    );
    return calls.map((call) => counts.find((c) => c.call_id === call.call_id)?.n ?? 0);
  }

  /** Requests the simulator served at an endpoint so far. */
  function requestsOf(endpoint: string): number {
    return current().simulator.state.requests.filter((r) => r.endpoint === endpoint).length;
  }

  return { expectDemoEndState, duplicatesOf, utteranceCounts, requestsOf };
}
