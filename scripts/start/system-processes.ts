import { SERVICE_NAMES } from '@switchboard/platform';
import { usesSimulator } from '../system/services.js';
import type { ProcessSpec } from './supervisor.js';

// cyan, magenta, green, yellow, blue, red; the simulator grey.
const COLORS = [36, 35, 32, 33, 34, 31];
const SIMULATOR_COLOR = 90;
const TYPESCRIPT = ['--enable-source-maps', '--import', '@swc-node/register/esm-register'];

/** The six services as separate node processes, and the provider simulator when no keys are set. */
export function systemProcesses(env: NodeJS.ProcessEnv = process.env): ProcessSpec[] {
  return [
    ...SERVICE_NAMES.map((name, index) => ({
      name,
      command: process.execPath,
      args: [...TYPESCRIPT, `apps/${name}/src/main.ts`],
      // Lines go through a pipe here, yet a person reads them: pretty unless asked otherwise.
      env: { LOG_FORMAT: 'pretty', ...env },
      color: COLORS[index],
    })),
    ...(usesSimulator(env)
      ? [{ name: 'simulator', command: process.execPath, args: [...TYPESCRIPT, 'libs/testing/src/simulator/main.ts'], env, color: SIMULATOR_COLOR }]
      : []),
  ];
}
