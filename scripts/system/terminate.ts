import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/** SIGTERM, so the process drains and says goodbye; SIGKILL if it has not exited after `graceMs`. */
export async function terminate(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
