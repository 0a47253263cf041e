// Preloaded by the bench (NODE_OPTIONS=--import, where --cpu-prof is not allowed) into the services
// named by CPU_PROF_SERVICE (one, or several with commas): profiles each from start to exit and
// writes a .cpuprofile to CPU_PROF_DIR.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

const service = (process.env.CPU_PROF_SERVICE ?? '').split(',').find((name) => process.argv[1]?.includes(`/apps/${name}/`));
if (service) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // Written when the bench stops the service (SIGTERM; Nest then raises it again and the process ends
  // without an 'exit' event). An in-process session answers synchronously.
  process.once('SIGTERM', () =>
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(`${process.env.CPU_PROF_DIR}/${service}-${process.pid}.cpuprofile`, JSON.stringify(result.profile));
    }),
  );
}
