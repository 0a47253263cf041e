// The names alone, not the platform's index: that loads Nest, which the supervisor, alive as
// long as the system, has no use for (~70 MB resident).
import { SERVICE_NAMES } from '../../libs/platform/src/services.js';
import { serviceCommand } from '../build/compiled.js';
import { usesSimulator } from '../system/services.js';
import type { ProcessSpec } from './supervisor.js';

// cyan, magenta, green, yellow, blue, red; the simulator grey.
const COLORS = [36, 35, 32, 33, 34, 31];
const SIMULATOR_COLOR = 90;

/** The six services as separate node processes, and the provider simulator when no keys are set, run from the build. */
export function systemProcesses(env: NodeJS.ProcessEnv = process.env): ProcessSpec[] {
  return [
    ...SERVICE_NAMES.map((name, index) => ({
      name,
      // Lines go through a pipe here, yet a person reads them: pretty unless asked otherwise.
      ...serviceCommand(`apps/${name}/src/main.ts`, { LOG_FORMAT: 'pretty', ...env }),
      color: COLORS[index],
    })),
    ...(usesSimulator(env) ? [{ name: 'simulator', ...serviceCommand('libs/testing/src/simulator/main.ts', env), color: SIMULATOR_COLOR }] : []),
  ];
}
