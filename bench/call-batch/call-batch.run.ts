import { SERVICE_NAMES } from '@switchboard/platform';
import { loadavg } from 'node:os';
import { demoSimulatorScenario, DEMO_CHECKLIST, DEMO_HYPOTHESES } from '../../scripts/demo/demo-scenario.js';
import type { CampaignStatus } from '../../scripts/demo/gateway-client.js';
import { SystemUnderTest } from '../../scripts/system/system-under-test.js';
import { CpuAccounting } from '../support/cpu-accounting.js';
import { percentile, report, round } from '../support/measure.js';
import { type Profile, PROFILES } from './call-batch-profiles.js';

const CALLS = Number(process.env.CALLS ?? 250);
const PREFIX = '+1555090';

/**
 * The least time the caps allow: every call dialled as the rate limit admits, lasting its 20 s (and
 * the recording after), then transcriptions five at a time (the bottleneck: 5 per 2 s, while
 * extraction does 3 per s), then the last extraction. Validation overlaps: the debounce's 60 s
 * maximum wait decides each hypothesis while claims still arrive, and a decided one is not judged again.
 */
function theoreticalBound(p: Profile): { seconds: number; how: string } {
  const dialSpread = CALLS <= p.dialsPerMinute ? 0 : Math.ceil(CALLS / p.dialsPerMinute - 1) * 60;
  const call = (p.callStepMs * 4) / 1000;
  const transcribe = Math.ceil(CALLS / 5) * (p.speechLatencyMs / 1000);
  const extractTail = p.llmLatencyMs / 1000;
  const seconds = dialSpread + call + transcribe + extractTail;
  return { seconds, how: `dial spread ${dialSpread} s + call and recording ${round(call)} s + ${CALLS}/5 x ${p.speechLatencyMs / 1000} s transcription + ${extractTail} s last extraction` };
}

/** One profile's batch, launch to COMPLETED, with its figures reported. */
export async function run(profile: Profile): Promise<void> {
  const system = await SystemUnderTest.start(
    {
      DIAL_RATE_LIMIT: String(profile.dialsPerMinute),
      LOG_LEVEL: 'error',
      // CPU_PROF_DIR=dir (CPU_PROF_SERVICE: one service or several with commas, transcription by default): each writes a V8 CPU profile there when it stops.
      ...(process.env.CPU_PROF_DIR && {
        CPU_PROF_SERVICE: process.env.CPU_PROF_SERVICE ?? 'transcription',
        NODE_OPTIONS: `--import ${new URL('../support/cpu-profile.mjs', import.meta.url).pathname}`,
      }),
    },
    { callStepMs: profile.callStepMs },
  );
  try {
    const scenario = demoSimulatorScenario(PREFIX);
    const dialogues = Object.values(scenario.callees).filter((c) => (c as { outcome: string }).outcome === 'completed');
    const contacts = Array.from({ length: CALLS }, (_, i) => ({ phone: `${PREFIX}${String(i + 1).padStart(4, '0')}` }));
    system.simulator.loadScenario({ chats: scenario.chats, callees: Object.fromEntries(contacts.map((c, i) => [c.phone, dialogues[i % dialogues.length]])) as never });
    if (profile.speechLatencyMs) system.simulator.state.setFault('openai.transcriptions', { latencyMs: profile.speechLatencyMs });
    if (profile.llmLatencyMs) system.simulator.state.setFault('openai.chat', { latencyMs: profile.llmLatencyMs });

    const draft = await system.gateway.ok<CampaignStatus>('POST', '/v1/campaigns', { name: 'call batch', checklist: DEMO_CHECKLIST, hypotheses: DEMO_HYPOTHESES, contacts });
    const pids = SERVICE_NAMES.map((name) => system.pidOf(name));
    const cpu = await CpuAccounting.begin({ steps: [...pids, process.pid], postgresClients: pids, broker: { name: 'NATS', comm: 'nats-server' } });
    const audioCpuBefore = system.simulator.audioCpu.seconds;
    const loadBefore = loadavg()[0];
    const started = performance.now();
    await system.gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`);
    let status = '';
    while (status !== 'COMPLETED') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await system.gateway.request<CampaignStatus>('GET', `/v1/campaigns/${draft.id}`);
      if (answer.status === 200) status = answer.body.status;
      if (performance.now() - started > 15 * 60_000) throw new Error('no completion in 15 minutes');
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const used = await cpu.end();
    const audioCpu = system.simulator.audioCpu.seconds - audioCpuBefore;
    const stages = await stageTimes(system, draft.id);
    const events = await system.countEvents();
    const lastClaim = Math.max(...stages.claims.map((t) => t.end));
    report(profile.name, [
      { figure: 'calls', value: CALLS },
      { figure: 'wall time launch -> COMPLETED (s)', value: round(wallSeconds) },
      { figure: 'launch -> last claims stored (s)', value: round((lastClaim - stages.launchedAt) / 1000) },
      { figure: 'calls/s (whole pipeline)', value: round(CALLS / wallSeconds) },
      { figure: 'events appended (all services)', value: events },
      ...SERVICE_NAMES.map((name) => ({ figure: `peak RSS ${name} (MB)`, value: round(system.peakRssMb(name), 0) })),
      { figure: 'load average (1 min) at launch / at COMPLETED', value: `${round(loadBefore)} / ${round(loadavg()[0])}` },
    ]);
    report(`${profile.name}: CPU seconds, launch -> COMPLETED (OS accounting)`, [
      ...SERVICE_NAMES.map((name, i) => ({ process: name, own: round(used.byProcess[pids[i]].own), 'its PostgreSQL backends': round(used.byProcess[pids[i]].postgres) })),
      { process: 'simulator + this script (providers\' cost)', own: round(used.byProcess[process.pid].own), 'its PostgreSQL backends': '' },
      { process: '  of which audio synthesis and parsing', own: round(audioCpu), 'its PostgreSQL backends': '' },
      { process: `${used.brokerName} (shared server)`, own: round(used.broker), 'its PostgreSQL backends': '' },
      { process: 'PostgreSQL, all backends of the services', own: round(used.postgres), 'its PostgreSQL backends': '' },
      { process: 'available (2 cores x wall)', own: round(2 * wallSeconds), 'its PostgreSQL backends': '' },
    ]);
    report(`${profile.name}: PostgreSQL backends by state (average over samples)`, Object.entries(used.backendStates).map(([state, n]) => ({ state, backends: round(n) })));
    report(`${profile.name}: per stage (ms)`, Object.entries(stages.spans).map(([stage, spans]) => ({
      stage,
      p50: round(percentile(spans, 50), 0),
      p99: round(percentile(spans, 99), 0),
    })));
    report(`${profile.name}: when each stage's first, middle and last call got there (s after launch)`, Object.entries(stages.reached).map(([stage, at]) => ({
      stage,
      first: round((Math.min(...at) - stages.launchedAt) / 1000),
      p50: round((percentile(at, 50) - stages.launchedAt) / 1000),
      last: round((Math.max(...at) - stages.launchedAt) / 1000),
    })));
    if (profile.name === PROFILES.realistic.name) {
      const bound = theoreticalBound(profile);
      report(`${profile.name}: against the caps' bound`, [
        { figure: 'theoretical bound (s)', value: round(bound.seconds) },
        { figure: 'measured (s)', value: round(wallSeconds) },
        { figure: 'bound / measured', value: round(bound.seconds / wallSeconds) },
      ]);
      console.log(`bound = ${bound.how}`);
    }
  } finally {
    await system.stop();
  }
}

/** Per call, when each stage's event was written, read back from each service's store. */
async function stageTimes(system: SystemUnderTest, campaignId: string) {
  const at = async (service: (typeof SERVICE_NAMES)[number], types: string[]) =>
    system.query<{ call_id: string; type: string; t: Date }>(
      service,
      `SELECT coalesce(payload->>'callId', '') AS call_id, type, min(occurred_at) AS t FROM $schema.events
       WHERE type = ANY($1) AND (payload->>'campaignId' = $2 OR stream_id LIKE ANY($3)) GROUP BY 1, 2`,
      [types, campaignId, ['call-%', 'transcript-%', 'call-claims-%']],
    );
  const rows = [
    ...(await at('telephony', ['telephony.call.queued', 'telephony.call.dialed', 'telephony.call.ended', 'telephony.call.recording-available'])),
    ...(await at('transcription', ['transcription.transcript.recording-downloaded', 'transcription.transcript.completed'])),
    ...(await at('claims', ['claims.call-claims.extracted'])),
  ];
  const launched = await system.query<{ t: Date }>('claims', `SELECT occurred_at AS t FROM $schema.events WHERE type = 'claims.campaign.launched' AND payload->>'campaignId' = $1`, [campaignId]);
  const byCall = new Map<string, Record<string, number>>();
  for (const row of rows) {
    if (!row.call_id) continue;
    byCall.set(row.call_id, { ...byCall.get(row.call_id), [row.type.split('.').slice(1).join('.')]: row.t.getTime() });
  }
  const pairs: [string, string, string][] = [
    ['queued -> dialed', 'call.queued', 'call.dialed'],
    ['dialed -> ended (the call)', 'call.dialed', 'call.ended'],
    ['ended -> recording available', 'call.ended', 'call.recording-available'],
    ['recording -> downloaded', 'call.recording-available', 'transcript.recording-downloaded'],
    ['downloaded -> transcribed', 'transcript.recording-downloaded', 'transcript.completed'],
    ['transcribed -> claims stored', 'transcript.completed', 'call-claims.extracted'],
    ['queued -> claims stored', 'call.queued', 'call-claims.extracted'],
  ];
  const reached: Record<string, number[]> = {};
  for (const type of ['call.queued', 'call.dialed', 'call.ended', 'call.recording-available', 'transcript.recording-downloaded', 'transcript.completed', 'call-claims.extracted']) {
    reached[type] = [...byCall.values()].filter((c) => c[type]).map((c) => c[type]);
  }
  const spans: Record<string, number[]> = {};
  for (const [name, from, to] of pairs) {
    spans[name] = [...byCall.values()].filter((c) => c[from] && c[to]).map((c) => c[to] - c[from]);
  }
  return {
    spans,
    reached,
    launchedAt: launched[0].t.getTime(),
    claims: [...byCall.values()].filter((c) => c['call-claims.extracted']).map((c) => ({ end: c['call-claims.extracted'] })),
  };
}
