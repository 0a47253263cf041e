import type { SystemProcesses } from '../support/cpu-accounting.js';
/**
 * The chain4 workload, whatever runs it: a workflow of four steps (call -> transcribe -> extract ->
 * validate), each a handler on its own durable consumer in its own process, writing one small
 * state record and triggering the next step; step 4 marks the workflow done.
 */

export const STEPS = 4;

/** ~512 bytes of payload per step, as the issue specifies (the JSON around it adds the rest). */
export const STEP_DATA = 'x'.repeat(460);

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const wallClockMs = () => performance.timeOrigin + performance.now();

/** What each step carries to the next. */
export interface StepInput {
  workflowId: string;
  step: number;
  data: string;
}

export interface Chain4System {
  readonly name: string;
  /** Starts workflows: one alone, or many in one request the way each library takes a batch. */
  start(ids: string[]): Promise<void>;
  /** Workflows whose step 4 has run. */
  doneCount(): Promise<number>;
  /** When each workflow's step 4 wrote its state (wall clock, ms), for those that have. */
  doneAt(ids: string[]): Promise<Map<string, number>>;
  /** Problems found counting state records and stored events / jobs; empty when every workflow ran each step once. */
  verify(workflows: number): Promise<string[]>;
  processes(): SystemProcesses;
  stop(): Promise<void>;
}

/** Resolves when `done` says so, checking every `everyMs`; rejects after `timeoutMs`. */
export async function waitFor(what: string, done: () => Promise<boolean>, everyMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not done after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Runs `build`; if it throws, `undo` removes what it left on the shared servers, then the error goes on. */
export async function orUndo<T>(build: () => Promise<T>, undo: () => Promise<unknown>): Promise<T> {
  try {
    return await build();
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
}
