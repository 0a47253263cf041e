/** Where the build puts the JavaScript of apps/, libs/ and scripts/ (git-ignored). */
export const OUT_DIR = 'dist';

/** The compiled file of a source file, both relative to the repository: `apps/x/src/main.ts` -> `dist/apps/x/src/main.js`. */
export const compiledPath = (source: string): string => `${OUT_DIR}/${source.replace(/\.ts$/, '.js')}`;

/** node's arguments to run a source entry point from its compiled output, stack traces pointing at the TypeScript. */
export const compiledEntry = (source: string): string[] => ['--enable-source-maps', compiledPath(source)];

/**
 * V8 flags of the system's long-running processes. V8 grows each young-generation semi-space to
 * 16 MB by default (48 MB of young generation, ~32 MB of it resident at idle); 8 MB keeps ~10 MB
 * less per process for no measurable CPU under the 250-call batch (2 MB cost 4-8 %). One V8 helper
 * thread instead of four: seven processes share the cores, and under the batch it cost no CPU or
 * time and held less. docs/benchmarks.md, "Service memory and start-up".
 */
export const SERVICE_V8_FLAGS = ['--max-semi-space-size=8', '--v8-pool-size=1'];

export interface ProcessCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** How a long-running process of the system (a service, the simulator) is started from the build, in `env`. */
export const serviceCommand = (source: string, env: NodeJS.ProcessEnv): ProcessCommand => ({
  command: process.execPath,
  args: [...SERVICE_V8_FLAGS, ...compiledEntry(source)],
  env,
});
