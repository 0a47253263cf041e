// Preloaded (`--import`) into a service by service-memory.run.ts: on SIGUSR2 it writes what the
// process holds (V8's heap, the scripts it compiled) to MEMORY_PROBE_OUT. Loads nothing until asked.
process.on('SIGUSR2', async () => {
  const [{ writeFileSync }, { Session }, { getHeapSpaceStatistics }, { createRequire }] = await Promise.all([
    import('node:fs'),
    import('node:inspector/promises'),
    import('node:v8'),
    import('node:module'),
  ]);
  const memory = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  // Every script V8 holds is reported once the Debugger is enabled (after the figures above).
  let files = 0;
  const session = new Session();
  session.connect();
  session.on('Debugger.scriptParsed', ({ params }) => {
    if (params.url.startsWith('file://') || params.url.startsWith('/')) files++;
  });
  await session.post('Debugger.enable');
  session.disconnect();
  // CommonJS modules are in require.cache; every other file V8 compiled is an ES module (this one too).
  const cjs = Object.keys(createRequire(import.meta.url).cache).length;
  writeFileSync(process.env.MEMORY_PROBE_OUT, JSON.stringify({ memory, spaces, scripts: { cjs, esm: files - cjs - 1 } }));
});
