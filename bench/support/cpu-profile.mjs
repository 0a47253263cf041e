// Preloaded by the bench (NODE_OPTIONS=--import, where --cpu-prof is not allowed) into the service
// named by CPU_PROF_SERVICE: profiles it from start to exit and writes a .cpuprofile to CPU_PROF_DIR.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

if (process.argv[1]?.includes(`/apps/${process.env.CPU_PROF_SERVICE}/`)) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // Written when the bench stops the service (SIGTERM; Nest then raises it again and the process ends
  // without an 'exit' event). An in-process session answers synchronously.
  process.once('SIGTERM', () =>
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(`${process.env.CPU_PROF_DIR}/${process.env.CPU_PROF_SERVICE}-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
    }),
  );
}
