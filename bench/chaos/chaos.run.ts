import { names } from '@switchboard/eventing';
import { schemaName } from '@switchboard/event-store';
import { SERVICE_NAMES } from '@switchboard/platform';
import { type Fault as SimulatorFault, ProviderSimulator } from '@switchboard/testing';
import { connect, type NatsConnection } from 'nats';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { build } from '../../scripts/build/build.js';
import { DEMO_CHECKLIST, DEMO_HYPOTHESES, demoSimulatorScenario } from '../../scripts/demo/demo-scenario.js';
import { type CampaignStatus, GatewayClient } from '../../scripts/demo/gateway-client.js';
import { waitFor } from '../../scripts/infra/commands.js';
import { migrateAll } from '../../scripts/migrate.js';
import { freePorts } from '../../scripts/system/free-ports.js';
import { round } from '../support/measure.js';
import { CARE_ENV, CareBatch } from './care-batch.js';
import { careTimersOnce, notificationsEnded, oneMessagePerNotification } from './care-checks.js';
import { callsEndedExplained, type CheckContext, type CheckResult, deadLetters, effectsOnce, everyEventOnceOnJetStream, oneProviderCallPerContact } from './checks.js';
import { describeFault, type FaultOutcome, type FaultTargets, inflict } from './faults.js';
import { Fleet } from './fleet.js';
import { OwnNats, OwnPostgres } from './own-servers.js';
import { readModelsEqualRebuild } from './read-models.js';
import { printReport } from './chaos-report.js';
import { drawSchedule } from './schedule.js';
import { SCORING_LATENCY, ScoringJob } from './scoring-job.js';

export const CONTACTS = Number(process.env.CHAOS_CONTACTS ?? 250);
/** The span the faults are drawn over; the campaign's dial rate spreads its calls over about as long. */
const WINDOW_S = 150;
const NAMESPACE = 'chaos';
const API_KEY = 'sk-chaos';
const PREFIX = '+1555070';
const CARE_PREFIX = '+1555071';
/** Fast but not zero: a call's status changes 300 ms apart, models answer in 100 ms. */
const CALL_STEP_MS = 300;
const BASE_LATENCY: Record<string, SimulatorFault> = { 'openai.transcriptions': { latencyMs: 100 }, 'openai.chat': { latencyMs: 100 } };

export interface ChaosReport {
  seed: number;
  ok: boolean;
  faults: FaultOutcome[];
  checks: CheckResult[];
  wallS: number;
  load: string;
}

/** One chaos run: its own servers under .data/chaos, two replicas of every service, a campaign and the seed's faults. */
export async function runChaos(seed: number): Promise<ChaosReport> {
  const started = Date.now();
  const root = resolve('.data/chaos');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  await build();
  const [natsPort, pgPort] = await freePorts(2);
  const nats = new OwnNats(root, natsPort);
  const postgres = new OwnPostgres(root, pgPort);
  const simulator = await ProviderSimulator.start({ callStepMs: CALL_STEP_MS });
  let fleet: Fleet | undefined;
  let connection: NatsConnection | undefined;
  const pool = new pg.Pool({ connectionString: postgres.url, max: 4 });
  pool.on('error', () => undefined); // PostgreSQL is stopped on purpose
  try {
    await postgres.init();
    await Promise.all([postgres.start(), nats.start()]);
    const env = {
      SWITCHBOARD_NAMESPACE: NAMESPACE,
      DATABASE_URL: postgres.url,
      NATS_URL: nats.url,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      SIMULATOR_URL: simulator.baseUrl,
      API_KEYS: API_KEY,
      HOST: '127.0.0.1',
      // The calls spread over the fault window; lost callbacks are looked up 20 s on, not 30 min.
      DIAL_RATE_LIMIT: String(Math.ceil((CONTACTS / WINDOW_S) * 60)),
      CALL_RECONCILE_AFTER_MS: '20000',
      CALL_RECORDING_DEADLINE_MS: '20000',
      ...CARE_ENV,
    };
    await migrateAll(env);
    fleet = await Fleet.create(env, join(root, 'logs'));
    console.log(`[chaos] seed ${seed}: NATS ${nats.url}, PostgreSQL ${postgres.url}, starting ${fleet.replicas.length} service processes`);
    await fleet.start();
    connection = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 500 });

    const phones = Array.from({ length: CONTACTS }, (_, i) => `${PREFIX}${String(i + 1).padStart(4, '0')}`);
    const scenario = demoSimulatorScenario(PREFIX);
    const dialogues = Object.values(scenario.callees).filter((c) => (c as { outcome: string }).outcome === 'completed');
    simulator.loadScenario({ chats: [...scenario.chats, ...CareBatch.chats], callees: Object.fromEntries(phones.map((phone, i) => [phone, dialogues[i % dialogues.length]])) as never });
    for (const [endpoint, fault] of Object.entries(BASE_LATENCY)) simulator.state.setFault(endpoint, fault);
    Object.assign(simulator.anthropic.scoringLatency, SCORING_LATENCY);

    const gateway = new GatewayClient(fleet.frontUrl('gateway'), API_KEY);
    const draft = await gateway.ok<CampaignStatus>('POST', '/v1/campaigns', { name: `chaos ${seed}`, checklist: DEMO_CHECKLIST, hypotheses: DEMO_HYPOTHESES, contacts: phones.map((phone) => ({ phone })) });
    const care = await CareBatch.start(gateway, CARE_PREFIX);
    const scoring = await ScoringJob.start(gateway, API_KEY);
    const answering = new AbortController();
    const answered = care.answerCheckIns(simulator, `${fleet.frontUrl('gateway')}/webhooks/twilio/messaging/inbound`, answering.signal);
    const caughtUp = () => waitForCaughtUp(fleet!, pool, connection!);
    const targets: FaultTargets = { fleet, nats, postgres, simulator, caughtUp, baseFault: (endpoint) => BASE_LATENCY[endpoint] ?? {} };
    const lanes = drawSchedule(seed, WINDOW_S);
    printSchedule(lanes, fleet);

    await gateway.ok('POST', `/v1/campaigns/${draft.id}/launch`);
    const t0 = Date.now();
    const faults: FaultOutcome[] = [];
    const runLane = async (lane: (typeof lanes)[number]) => {
      for (const fault of lane) {
        await sleep(Math.max(0, t0 + fault.atS * 1000 - Date.now()));
        const outcome: FaultOutcome = { fault: describeFault(fault, fleet!), plannedS: fault.atS, startedS: round((Date.now() - t0) / 1000, 1) };
        faults.push(outcome);
        console.log(`[chaos] +${outcome.startedS} s ${outcome.fault}`);
        try {
          outcome.recoverS = round((await inflict(fault, targets)) / 1000, 1);
        } catch (error) {
          outcome.error = (error as Error).message;
        }
      }
    };
    await Promise.all(lanes.map(runLane));
    const completed = await waitForCompletion(gateway, draft.id, 15 * 60_000);
    const [careDone, scoringDone] = await Promise.all([care.waitUntilDone(10 * 60_000), scoring.waitUntilDone(10 * 60_000)]);
    answering.abort();
    await answered;
    await waitForQuiet(fleet, pool, connection);

    const ctx: CheckContext = { namespace: NAMESPACE, pool, nats: connection, campaignId: draft.id, phones, requests: simulator.state.requests };
    const recovered = faults.filter((f) => f.error).map((f) => `${f.fault}: ${f.error}`);
    const checks: CheckResult[] = [
      { check: 'workflow completed', ok: completed.ok, detail: completed.detail },
      await callsEndedExplained(ctx),
      { check: 'care batch completed', ...careDone },
      { check: 'scoring job completed', ...scoringDone },
      { check: 'every fault recovered from', ok: recovered.length === 0, detail: recovered.join('; ') || `${faults.length} faults` },
      {
        check: 'no replica crashed on its own',
        ok: fleet.crashes.length === 0,
        detail: fleet.crashes.map((c) => `${c.replica} at +${c.atS} s (${c.how})`).join('; ') || 'none',
      },
      await oneProviderCallPerContact(ctx),
      await oneMessagePerNotification(ctx, care.phones),
      await notificationsEnded(ctx),
      await everyEventOnceOnJetStream(ctx),
      await effectsOnce(ctx),
      await careTimersOnce(ctx),
      await scoring.scoredOnce(ctx),
      await readModelsEqualRebuild(ctx),
      await deadLetters(ctx),
    ];
    const [one, five, fifteen] = loadavg().map((l) => round(l, 1));
    const report = { seed, ok: checks.every((c) => c.ok), faults: faults.sort((a, b) => a.startedS - b.startedS), checks, wallS: round((Date.now() - started) / 1000, 0), load: `${one} / ${five} / ${fifteen}` };
    printReport(report); // before the clean-up, which a wedged client could hold up
    return report;
  } finally {
    // Each step bounded: a run that hung in pool.end() once kept its servers (and its report) forever.
    await bounded(connection?.close());
    await bounded(fleet?.stop(), 60_000);
    await bounded(simulator.stop());
    await bounded(pool.end());
    await nats.stop();
    await postgres.stop();
  }
}

/** Waits for a clean-up step, at most `ms`; its failure is not the run's. */
async function bounded(step: Promise<unknown> | undefined, ms = 15_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([step?.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function printSchedule(lanes: ReturnType<typeof drawSchedule>, fleet: Fleet): void {
  console.log('[chaos] schedule (s after launch; a lane waits for its previous fault to recover):');
  for (const fault of lanes.flat().sort((a, b) => a.atS - b.atS)) console.log(`  +${String(fault.atS).padStart(3)}  ${describeFault(fault, fleet)}`);
}

/** Every replica healthy, and every service's stream holding at least as many messages as its store has events. */
async function waitForCaughtUp(fleet: Fleet, pool: pg.Pool, connection: NatsConnection): Promise<void> {
  await fleet.waitAllHealthy();
  await waitFor(
    'every stored event on its stream',
    async () => {
      try {
        const jsm = await connection.jetstreamManager();
        for (const service of SERVICE_NAMES) {
          const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(schemaName(NAMESPACE, service))}.events`);
          const { state } = await jsm.streams.info(names.domainStreamName(NAMESPACE, service));
          if (state.messages < rows[0].n) return false;
        }
        return true;
      } catch {
        return false;
      }
    },
    300_000,
  );
}

async function waitForCompletion(gateway: GatewayClient, id: string, timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  let last: CampaignStatus | undefined;
  try {
    await waitFor(
      'campaign COMPLETED',
      async () => {
        const answer = await gateway.request<CampaignStatus>('GET', `/v1/campaigns/${id}`).catch(() => undefined);
        if (answer?.status === 200) last = answer.body;
        return last?.status === 'COMPLETED';
      },
      timeoutMs,
    );
  } catch {
    return { ok: false, detail: `campaign ${last?.status ?? 'unknown'}: ${JSON.stringify(last?.calls.byStatus ?? {})}` };
  }
  return { ok: true, detail: `COMPLETED: ${JSON.stringify(last!.calls.byStatus)}, ${last!.claims} claims` };
}

/** Caught up, and no consumer with anything pending or unacknowledged, twice in a row: the system is at rest. */
async function waitForQuiet(fleet: Fleet, pool: pg.Pool, connection: NatsConnection): Promise<void> {
  await waitForCaughtUp(fleet, pool, connection);
  const jsm = await connection.jetstreamManager();
  let quietFor = 0;
  await waitFor(
    'every consumer at rest',
    async () => {
      let busy = 0;
      for await (const stream of jsm.streams.list()) {
        for await (const consumer of jsm.consumers.list(stream.config.name)) busy += consumer.num_pending + consumer.num_ack_pending;
      }
      quietFor = busy === 0 ? quietFor + 1 : 0;
      return quietFor >= 3;
    },
    300_000,
  );
}
