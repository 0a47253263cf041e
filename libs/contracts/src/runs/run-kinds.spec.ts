import { describe, expect, it } from 'vitest';
import { runKinds } from '../all-runs.js';
import { eventRegistry } from '../all-events.js';

describe('runKinds', () => {
  it('name only events the registry knows, and each kind once', () => {
    expect(new Set(runKinds.map((kind) => kind.kind)).size).toBe(runKinds.length);
    for (const kind of runKinds) {
      const types = [...kind.starts, ...Object.keys(kind.steps), ...Object.keys(kind.ends), ...kind.failures];
      for (const type of types) expect(eventRegistry.latestVersion(type), `${kind.kind}: ${type}`).toBeDefined();
    }
  });
});
