import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemUnderTest } from '../../scripts/system/system-under-test.js';
import { benchIngest } from './video-ingest.js';
import { benchSearch } from './video-search.js';
import { benchUpload } from './video-upload.js';

/** Search on its own schema; then the upload and the ingest on one system of service processes. */
export async function run(): Promise<void> {
  const chunkCounts = (process.env.CHUNK_COUNTS ?? '10000,100000').split(',').filter(Boolean).map(Number);
  if (chunkCounts.length > 0) await benchSearch(chunkCounts, Number(process.env.QUERIES ?? 200));
  const videos = Number(process.env.VIDEOS ?? 100);
  if (process.env.UPLOAD === '0' && videos === 0) return;
  const storage = await mkdtemp(join(tmpdir(), 'bench-videos-'));
  const system = await SystemUnderTest.start({
    VIDEO_STORAGE_DIR: storage,
    LOG_LEVEL: 'error',
    // CPU_PROF_DIR=dir: the transcription service writes a V8 CPU profile there when it stops.
    ...(process.env.CPU_PROF_DIR && { CPU_PROF_SERVICE: 'transcription', NODE_OPTIONS: `--import ${new URL('../support/cpu-profile.mjs', import.meta.url).pathname}` }),
  });
  try {
    if (process.env.UPLOAD !== '0') await benchUpload(system, storage);
    if (videos > 0) await benchIngest(system, storage, videos);
  } finally {
    await system.stop();
    await rm(storage, { recursive: true, force: true });
  }
}
