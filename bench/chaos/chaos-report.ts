import type { ChaosReport } from './chaos.run.js';

/** The run as two tables: each fault and how long the system took to be whole again, then each check. */
export function printReport(report: ChaosReport): void {
  console.log(`\n## chaos seed ${report.seed}: faults`);
  console.table(
    report.faults.map((f) => ({ 'at (s)': f.startedS, fault: f.fault, 'recovered in (s)': f.recoverS ?? '-', error: f.error?.slice(0, 80) ?? '' })),
  );
  console.log(`\n## chaos seed ${report.seed}: checks`);
  console.table(report.checks.map((c) => ({ check: c.check, result: c.ok ? 'ok' : 'VIOLATED', detail: c.detail.slice(0, 160) })));
  console.log(`\nseed ${report.seed}: ${report.ok ? 'PASSED' : 'FAILED'} in ${report.wallS} s, load average ${report.load}`);
}
