import { randomBytes } from 'node:crypto';
import { demoCampaign, demoSimulatorScenario } from './demo-scenario.js';
import { type CampaignStatus, GatewayClient } from './gateway-client.js';

export interface DemoOptions {
  gatewayUrl: string;
  apiKey: string;
  /** The provider simulator's admin API; absent when real providers are configured. */
  simulatorUrl?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
  /** The numbers called (tests run the scenario on numbers of their own). */
  phonePrefix?: string;
}

export interface DemoResult {
  campaign: CampaignStatus;
  calls: { id: string; phone: string; contactName: string; status: string; providerSid: string | null; failureReason: string | null }[];
  traceId: string;
  seconds: number;
}

const line = (c: CampaignStatus) => {
  const calls = Object.entries(c.calls.byStatus)
    .sort()
    .map(([status, n]) => `${status.toLowerCase()} ${n}`)
    .join(', ');
  const hypotheses = c.hypotheses.map((h) => `${h.key} ${h.status}${h.status === 'OPEN' ? ` (${h.claims} claims)` : ''}`).join(' | ');
  return `[${c.status}] calls: ${calls || 'none yet'} · claims: ${c.claims} · ${hypotheses}`;
};

/**
 * The call-research workflow end to end through the public API: scripts the simulator, drafts and
 * launches the campaign (in a trace of its own), and follows it until COMPLETED.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? console.log;
  const gateway = new GatewayClient(options.gatewayUrl, options.apiKey);
  if (options.simulatorUrl) {
    const scripted = await fetch(`${options.simulatorUrl}/__admin/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(demoSimulatorScenario(options.phonePrefix)),
    });
    if (!scripted.ok) throw new Error(`the provider simulator refused the scenario: ${scripted.status}`);
  }
  const started = Date.now();
  const draft = await gateway.ok<CampaignStatus>('POST', '/v1/campaigns', demoCampaign(undefined, options.phonePrefix));
  log(`Drafted campaign ${draft.id}: ${draft.hypotheses.length} hypotheses, 12 contacts`);
  // The launch starts the trace every later step joins (W3C traceparent, sampled).
  const traceId = randomBytes(16).toString('hex');
  await gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`, undefined, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
  log(`Launched. At most 10 dials a minute per campaign, so the last two calls wait for the next minute.`);

  let last = '';
  let campaign: CampaignStatus;
  const deadline = started + (options.timeoutMs ?? 5 * 60_000);
  for (;;) {
    const answer = await gateway.request<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`);
    // A service restarting makes the gateway answer 503/504 for a moment: the workflow goes on.
    if (answer.status === 503 || answer.status === 504) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    if (answer.status !== 200) throw new Error(`GET /v1/campaigns/${draft.id} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    campaign = answer.body;
    const now = line(campaign);
    if (now !== last) log(`${String(Math.round((Date.now() - started) / 1000)).padStart(4)}s ${now}`);
    last = now;
    if (campaign.status === 'COMPLETED') break;
    if (Date.now() > deadline) throw new Error(`the campaign did not complete in ${(options.timeoutMs ?? 300_000) / 1000} s: ${now}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const calls = await gateway.ok<DemoResult['calls']>('GET', `/v1/campaigns/${draft.id}/calls`);
  return { campaign, calls, traceId, seconds: (Date.now() - started) / 1000 };
}

export function printSummary(result: DemoResult, log: (line: string) => void = console.log): void {
  const { campaign, calls } = result;
  log('');
  log(`Campaign ${campaign.id} COMPLETED in ${result.seconds.toFixed(1)} s`);
  log('');
  log('Hypotheses:');
  for (const h of campaign.hypotheses) {
    log(`  ${h.status.padEnd(12)} ${h.key} (${h.claims} claims, average confidence ${h.averageConfidence ?? '-'})`);
    if (h.conclusion) log(`               ${h.conclusion}`);
  }
  log('');
  log('Calls:');
  for (const call of calls) log(`  ${call.status.padEnd(10)} ${call.phone}  ${call.contactName}${call.failureReason ? `  (${call.failureReason})` : ''}`);
  log('');
  log(`Trace: ${result.traceId}`);
  log(`  In Jaeger: http://localhost:16686/trace/${result.traceId}  (services export spans when OTEL_EXPORTER_OTLP_ENDPOINT is set)`);
  log(`  Details:   GET /v1/hypotheses/<id>, GET /v1/calls/<id>; every event: npm run ops -- trace ${campaign.id}`);
}
