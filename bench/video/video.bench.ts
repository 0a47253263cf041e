import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary:
    'Video knowledge: hybrid search p50/p99 (exact scan) over 10k and 100k chunks; RSS of gateway and transcription during a 200 MB upload; ingest of ten-minute videos at simulated provider latencies beside the bound the per-creator cap implies, with where the time went.',
  arguments: [],
  notes: ['environment: VIDEOS (default 100; 0 skips ingest), UPLOAD (0 skips the upload), CHUNK_COUNTS (default 10000,100000; empty skips search), QUERIES (default 200 a size), CPU_PROF_DIR (transcription writes a V8 CPU profile there), NATS_URL, DATABASE_URL'],
});
const { run } = await import('./video.run.js');
await run();
process.exit(0);
