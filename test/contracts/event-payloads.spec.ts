import { eventRegistry, InvalidEventError } from '@switchboard/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defectsOf, payloadSchemas, sharedClassNames, validValue } from './payload-arbitraries.js';

// FUZZ_SEED replays a run; the seed of a failing run is in its message.
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const schemas = payloadSchemas();
const definitions = eventRegistry.all();

describe('every event payload, fuzzed against its own schema', () => {
  it('has a schema of its own: no two validated classes share a name', () => {
    expect(definitions.length).toBeGreaterThan(10);
    expect(sharedClassNames()).toEqual([]);
  });

  it.each(definitions.map((d) => [`${d.type} v${d.version}`, d] as const))('%s: accepts what its schema allows and refuses every defect', (_, definition) => {
    const schema = schemas[definition.payload.name];
    expect(schema, `${definition.payload.name} has no validation rules`).toBeDefined();
    const valid = validValue(schema, schemas) as fc.Arbitrary<Record<string, unknown>>;
    fc.assert(
      fc.property(valid, (payload) => {
        expect(() => eventRegistry.validate(definition.type, definition.version, payload)).not.toThrow();
        for (const defect of defectsOf(payload, schema, schemas)) {
          expect(() => eventRegistry.validate(definition.type, definition.version, defect.apply(payload)), defect.path).toThrow(InvalidEventError);
        }
      }),
      { seed, numRuns: 50 },
    );
  });

  it('upcasts every older version of an event to a valid payload of its newest version', () => {
    const older = definitions.filter((d) => d.version < eventRegistry.latestVersion(d.type)!);
    for (const old of older) {
      fc.assert(
        fc.property(validValue(schemas[old.payload.name], schemas) as fc.Arbitrary<Record<string, unknown>>, (payload) => {
          const decoded = eventRegistry.decode({ id: 'x', type: old.type, version: old.version, payload } as never);
          expect(decoded.version).toBe(eventRegistry.latestVersion(old.type));
        }),
        { seed, numRuns: 50 },
      );
    }
  });
});
