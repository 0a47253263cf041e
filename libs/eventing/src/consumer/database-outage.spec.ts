import type { Logger } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { DatabaseOutage } from './database-outage.js';

const lost = () => new Error('Connection terminated unexpectedly');
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A database that fails the next `failures` probes, then answers; and what the consumer logged. */
function setUp(failures: number) {
  const calls = { probes: 0, warnings: [] as string[], logs: [] as string[] };
  const probe = async () => {
    calls.probes++;
    if (failures-- > 0) throw refused();
  };
  const logger = { warn: (line: string) => calls.warnings.push(line), log: (line: string) => calls.logs.push(line) } as unknown as Logger;
  return { calls, outage: new DatabaseOutage(probe, logger, { firstProbeMs: 5, maxProbeMs: 20 }) };
}

describe('DatabaseOutage', () => {
  it('does not probe for a failure that says nothing of the database', async () => {
    const { calls, outage } = setUp(1);
    expect(await outage.explains(new Error('poison'))).toBe(false);
    expect(calls.probes).toBe(0);
    expect(outage.active).toBe(false);
  });

  it('is no outage when the database answers the probe (a provider refused, a connection was ended)', async () => {
    const { calls, outage } = setUp(0);
    expect(await outage.explains(refused())).toBe(false);
    expect(await outage.explains(lost())).toBe(false);
    expect(calls.probes).toBe(2);
    expect(outage.active).toBe(false);
  });

  it('begins with a failure the probe confirms, one probe for the failures that come together, and lasts until a probe answers', async () => {
    const { calls, outage } = setUp(3);
    expect(await Promise.all([outage.explains(lost()), outage.explains(refused()), outage.explains(lost())])).toEqual([true, true, true]);
    expect(calls.probes).toBe(1);
    expect(outage.active).toBe(true);
    expect(outage.reason).toMatch(/^waiting for PostgreSQL since .*ECONNREFUSED/);
    // Known now: no probe for the next failure, and one that says nothing of the database is still the handler's.
    expect(await outage.explains(lost())).toBe(true);
    expect(await outage.explains(new Error('poison'))).toBe(false);

    await outage.passed();
    expect(outage.active).toBe(false);
    expect(outage.reason).toBeUndefined();
    expect(calls.probes).toBe(4);
    expect(calls.warnings).toHaveLength(1);
    expect(calls.logs).toEqual([expect.stringContaining('answers again')]);
    await expect(outage.passed()).resolves.toBeUndefined();
  });

  it('stops waiting on stop', async () => {
    const { outage } = setUp(Infinity);
    expect(await outage.explains(lost())).toBe(true);
    outage.stop();
    await outage.passed();
    expect(outage.active).toBe(false);
  });
});
