// The names alone, not the platform's index: that loads Nest, which the supervisor, alive as
// long as the system, has no use for (~70 MB resident).
import { prettyFactory } from 'pino-pretty';
import { SERVICE_NAMES } from '../../libs/platform/src/services.js';
import { PRETTY_OPTIONS } from '../../libs/telemetry/src/logging/pretty-options.js';
import { serviceCommand } from '../build/compiled.js';
import { usesSimulator } from '../system/services.js';
import type { ProcessSpec } from './supervisor.js';

// cyan, magenta, green, yellow, blue, red; the simulator grey.
const COLORS = [36, 35, 32, 33, 34, 31];
const SIMULATOR_COLOR = 90;

/** The six services as separate node processes, and the provider simulator when no keys are set, run from the build. */
export function systemProcesses(env: NodeJS.ProcessEnv = process.env): ProcessSpec[] {
  // Lines go through a pipe here, yet a person reads them: pretty unless asked otherwise. The
  // services write JSON and this process formats it, rather than a pino-pretty worker thread in each.
  const pretty = (env.LOG_FORMAT ?? 'pretty') === 'pretty';
  const formatLine = pretty ? prettyLines() : undefined;
  return [
    ...SERVICE_NAMES.map((name, index) => ({
      name,
      ...serviceCommand(`apps/${name}/src/main.ts`, { ...env, ...(pretty && { LOG_FORMAT: 'json' }) }),
      color: COLORS[index],
      formatLine,
    })),
    ...(usesSimulator(env) ? [{ name: 'simulator', ...serviceCommand('libs/testing/src/simulator/main.ts', env), color: SIMULATOR_COLOR }] : []),
  ];
}

/** A JSON log line as pino-pretty shows it (any other line as it is). */
function prettyLines(): (line: string) => string {
  const format = prettyFactory(PRETTY_OPTIONS);
  return (line) => format(line).replace(/\n$/, '');
}
