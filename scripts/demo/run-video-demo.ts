import { makeCorruptVideo, makeVideo } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoTarget } from './demos.js';
import { GatewayClient } from './gateway-client.js';
import { isFinal, type SearchResult, uploadVideo, type VideoView } from './video-client.js';

const CREATOR = randomUUID();

const repeat = (sentences: string[], times: number) => Array.from({ length: times }, () => sentences).flat().join(' ');

/** Five short videos: three lessons, one silent, one corrupt. */
const VIDEOS: { title: string; text?: string; kind: 'speech' | 'silent' | 'corrupt' }[] = [
  {
    title: 'Baking sourdough at home',
    kind: 'speech',
    text: repeat(['Feed the sourdough starter flour and water every day.', 'Bake when the starter doubles and smells sour.', 'Proof the shaped dough overnight in the fridge for flavour.'], 25),
  },
  {
    title: 'Caring for your bicycle',
    kind: 'speech',
    text: repeat(['Clean the bicycle chain with degreaser, then dry it.', 'Put one drop of lubricant on each roller of the chain.', 'Check tire pressure every week before riding.'], 25),
  },
  {
    title: 'Pruning fruit trees',
    kind: 'speech',
    text: repeat(['Prune apple trees in late winter while they are dormant.', 'Remove dead and crossing branches first.', 'Never cut more than a quarter of the canopy in a season.'], 25),
  },
  { title: 'A silent screencast', kind: 'silent', text: 'nothing is heard here at all' },
  { title: 'A broken file', kind: 'corrupt' },
];

const QUESTIONS = ['when should I prune my apple tree', 'how do I lubricate a bike chain', 'how do I know my sourdough starter is ready'];

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export interface VideoDemoResult {
  videos: VideoView[];
  searches: { question: string; results: SearchResult[] }[];
  usage: { audioMinutes: number; embeddingTokens: number; costUsd: number };
}

/** Uploads the five videos, follows them live to their end, searches, and reports usage and failures. */
export async function runVideoDemo(target: DemoTarget, log: (line: string) => void = console.log): Promise<VideoDemoResult> {
  if (!target.simulatorUrl) log('(real providers configured: the generated test speech means nothing to a real Whisper)');
  const gateway = new GatewayClient(target.gatewayUrl, target.apiKey);
  const folder = await mkdtemp(join(tmpdir(), 'video-demo-'));
  try {
    const ids: string[] = [];
    for (const [i, video] of VIDEOS.entries()) {
      const path = join(folder, `${i}.mp4`);
      if (video.kind === 'corrupt') await makeCorruptVideo(path);
      else await makeVideo(path, video.text!, { silent: video.kind === 'silent' });
      const uploaded = await uploadVideo(gateway, path, { creatorId: CREATOR, title: video.title }, target.apiKey);
      if (uploaded.status !== 202) throw new Error(`upload of "${video.title}" answered ${uploaded.status}: ${JSON.stringify(uploaded.body)}`);
      ids.push(uploaded.body.id);
      log(`uploaded  ${video.title.padEnd(28)} ${uploaded.body.id}`);
    }

    const last = new Map<string, string>();
    const deadline = Date.now() + 5 * 60_000;
    let videos: VideoView[] = [];
    while (Date.now() < deadline) {
      videos = await Promise.all(ids.map((id) => gateway.ok<VideoView>('GET', `/v1/videos/${id}`)));
      for (const video of videos) {
        if (last.get(video.id) !== video.status) log(`${video.status.padEnd(12)} ${video.title}`);
        last.set(video.id, video.status);
      }
      if (videos.every(isFinal)) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    if (!videos.every(isFinal)) throw new Error('videos still processing after 5 minutes');

    const searches = [];
    for (const question of QUESTIONS) {
      const { results } = await gateway.ok<{ results: SearchResult[] }>('GET', `/v1/videos/search?q=${encodeURIComponent(question)}&creatorId=${CREATOR}&limit=3`);
      log(`\nsearch: "${question}"`);
      for (const hit of results) log(`  ${hit.score.toFixed(4)}  ${hit.title}  ${clock(hit.startSeconds)}-${clock(hit.endSeconds)}  ${hit.snippet.replace(/\s+/g, ' ').slice(0, 100)}`);
      searches.push({ question, results });
    }

    const usage = await gateway.ok<VideoDemoResult['usage']>('GET', `/v1/creators/${CREATOR}/usage`);
    log(`\nusage of ${CREATOR}: ${usage.audioMinutes.toFixed(2)} audio minutes, ${usage.embeddingTokens} embedding tokens, $${usage.costUsd.toFixed(4)}`);
    for (const video of videos.filter((v) => v.status === 'FAILED')) log(`failed: ${video.title} at ${video.failureStep}: ${video.failureReason}`);
    return { videos, searches, usage };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
