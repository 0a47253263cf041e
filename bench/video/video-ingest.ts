import { makeVideo } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { VIDEO_TRANSCRIPTIONS_PER_CREATOR } from '../../apps/transcription/src/videos/transcribing/video-transcribe.handler.js';
import type { SystemUnderTest } from '../../scripts/system/system-under-test.js';
import { CpuAccounting, childCpuSecondsOf } from '../support/cpu-accounting.js';
import { percentile, report, round, timed } from '../support/measure.js';

const WHISPER_MS_PER_AUDIO_MINUTE = 1_000;
const EMBEDDING_BATCH_MS = 200;
const VIDEO_MINUTES = 10;
const STEPS = ['registered', 'transcription-started', 'transcribed', 'chunked', 'embedded'] as const;

/**
 * Ingest of N ten-minute videos of one creator through the REST API, transcription in its own
 * process (as deployed), Whisper 1 s per audio minute, embeddings 0.2 s a batch; then where the
 * time went: each step's duration per video, the CPU each party used (transcription, its ffmpeg
 * children, the simulator in this process, PostgreSQL, NATS) and what its connections were doing.
 */
export async function benchIngest(system: SystemUnderTest, storage: string, videos: number): Promise<void> {
  const words = Math.round((VIDEO_MINUTES * 60 - 1) / 0.42);
  await mkdir(join(storage, 'bench'));
  const original = join(storage, 'bench/original.mp4');
  await makeVideo(original, Array.from({ length: words }, (_, i) => `word${i % 50}${i % 12 === 11 ? '.' : ''}`).join(' '));
  for (let i = 0; i < videos; i++) await copyFile(original, join(storage, `bench/${i}.mp4`));
  system.simulator.state.reset();
  system.simulator.state.setFault('openai.transcriptions', { latencyMs: WHISPER_MS_PER_AUDIO_MINUTE * VIDEO_MINUTES, times: 100_000 });
  system.simulator.state.setFault('openai.embeddings', { latencyMs: EMBEDDING_BATCH_MS, times: 100_000 });

  const pid = system.pidOf('transcription');
  const cpu = await CpuAccounting.begin({ steps: [pid], postgresClients: [pid], broker: { name: 'NATS', comm: 'nats-server' } });
  const ffmpegBefore = childCpuSecondsOf(pid) ?? 0;
  const benchBefore = process.cpuUsage();
  const creatorId = randomUUID();
  const ids: string[] = [];
  const startedAt = Date.now();
  const { ms } = await timed(async () => {
    for (let i = 0; i < videos; i++) ids.push((await system.gateway.ok<{ id: string }>('POST', '/v1/videos', { creatorId, title: `Video ${i}`, storageKey: `bench/${i}.mp4` })).id);
    for (;;) {
      const [{ n }] = await system.query<{ n: number }>('transcription', "SELECT count(*)::int AS n FROM $schema.videos WHERE creator_id = $1 AND status IN ('COMPLETED', 'FAILED')", [creatorId]);
      if (n === videos) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  const used = await cpu.end();
  const bench = process.cpuUsage(benchBefore);
  const [{ failed }] = await system.query<{ failed: number }>('transcription', "SELECT count(*)::int AS failed FROM $schema.videos WHERE creator_id = $1 AND status = 'FAILED'", [creatorId]);

  // The cap's bound: ten transcriptions at once, each 10 s at the provider, then one 0.2 s batch per video.
  const boundMs = Math.ceil(videos / VIDEO_TRANSCRIPTIONS_PER_CREATOR) * WHISPER_MS_PER_AUDIO_MINUTE * VIDEO_MINUTES + EMBEDDING_BATCH_MS;
  report(`ingest of ${videos} ten-minute videos (one creator, one transcription process)`, [
    { videos, failed, seconds: round(ms / 1000, 1), boundSeconds: round(boundMs / 1000, 1), ofBound: round(boundMs / ms, 2) },
  ]);
  report('time per video in each step (s)', await stepTimings(system, ids));
  const whisper = system.simulator.state.requests.filter((r) => r.endpoint === 'openai.transcriptions');
  const served = whisper.map((r) => Date.parse(r.answeredAt!) - Date.parse(r.at));
  const gaps = slotGaps(whisper);
  report('Whisper as the simulator saw it', [
    {
      requests: whisper.length,
      peakInFlight: system.simulator.state.peakInFlight.get('openai.transcriptions') ?? 0,
      p50ServedMs: percentile(served, 50),
      maxServedMs: Math.max(...served),
      firstAtSecond: round((Math.min(...whisper.map((r) => Date.parse(r.at))) - startedAt) / 1000, 2),
      p50SlotGapMs: percentile(gaps, 50),
      p90SlotGapMs: percentile(gaps, 90),
    },
  ]);
  report('CPU seconds over the run', [
    {
      wallSeconds: round(used.wallSeconds, 1),
      transcription: round(used.node, 1),
      ffmpeg: round((childCpuSecondsOf(pid) ?? 0) - ffmpegBefore, 1),
      simulatorAndBench: round((bench.user + bench.system) / 1e6, 1),
      postgres: round(used.postgres, 1),
      nats: round(used.broker, 1),
    },
  ]);
  report("transcription's PostgreSQL backends by state (mean over samples)", [Object.fromEntries(Object.entries(used.backendStates).map(([state, n]) => [state, round(n, 1)]))]);
}

/**
 * How long a creator's slot stood without a Whisper request in it: from each answer to the arrival
 * (body received) of the request that took its place, the one ten arrivals later. What the bound
 * counts as nothing: the handler's commit, the lease's release and the next delivery's lease,
 * transaction, read of the staged audio and upload.
 */
function slotGaps(requests: { at: string; answeredAt?: string }[]): number[] {
  const arrivals = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  const answers = requests.map((r) => Date.parse(r.answeredAt!)).sort((a, b) => a - b);
  return answers.slice(0, -VIDEO_TRANSCRIPTIONS_PER_CREATOR).map((answered, i) => arrivals[i + VIDEO_TRANSCRIPTIONS_PER_CREATOR] - answered);
}

/** p50 and max of each step's duration across the videos, and when the last video finished it (from the first registration), from their events' times. */
async function stepTimings(system: SystemUnderTest, ids: string[]): Promise<Record<string, string | number>[]> {
  const events = await system.query<{ stream_id: string; type: string; at: Date }>(
    'transcription',
    'SELECT stream_id, type, occurred_at AS at FROM $schema.events WHERE stream_id = ANY($1) ORDER BY global_position',
    [ids.map((id) => `video-${id}`)],
  );
  const byVideo = new Map<string, Map<string, number>>();
  for (const event of events) {
    const times = byVideo.get(event.stream_id) ?? new Map<string, number>();
    times.set(event.type.replace('transcription.video.', ''), event.at.getTime());
    byVideo.set(event.stream_id, times);
  }
  const videos = [...byVideo.values()];
  const first = Math.min(...videos.map((t) => t.get(STEPS[0])!));
  return STEPS.slice(1).map((step, i) => {
    const reached = videos.filter((t) => t.has(step));
    const durations = reached.map((t) => (t.get(step)! - t.get(STEPS[i])!) / 1000);
    const lastAt = (Math.max(...reached.map((t) => t.get(step)!)) - first) / 1000;
    return { step: `${STEPS[i]} -> ${step}`, p50: round(percentile(durations, 50), 2), max: round(Math.max(...durations), 2), lastAtSecond: round(lastAt, 2) };
  });
}
