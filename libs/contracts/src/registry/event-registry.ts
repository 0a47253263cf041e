import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { EventEnvelope } from '../envelope/event-envelope.js';
import type { EventDefinition } from './event-definition.js';
import { InvalidEventError, UnknownEventError } from './event-errors.js';

/** Turns a payload of `version` into one of `version + 1`. */
export type Upcaster = (payload: Record<string, unknown>) => Record<string, unknown>;

const key = (type: string, version: number) => `${type}@${version}`;

/**
 * Every event the system knows: (type, version) -> payload schema, and the upcasters that bring
 * an old version up to the newest, so handlers only ever see current shapes.
 */
export class EventRegistry {
  private readonly definitions = new Map<string, EventDefinition>();
  private readonly upcasters = new Map<string, Upcaster>();
  private readonly latest = new Map<string, number>();

  // Definitions of different payload types share one list; `any` is the only type all of them fit.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register(...definitions: EventDefinition<any>[]): this {
    for (const definition of definitions) {
      const id = key(definition.type, definition.version);
      if (this.definitions.has(id)) throw new Error(`${definition.type} v${definition.version} is registered twice`);
      this.definitions.set(id, definition);
      this.latest.set(definition.type, Math.max(this.latest.get(definition.type) ?? 0, definition.version));
    }
    return this;
  }

  /** Registers how `type` at `fromVersion` becomes `fromVersion + 1`. */
  upcast(type: string, fromVersion: number, upcaster: Upcaster): this {
    this.upcasters.set(key(type, fromVersion), upcaster);
    return this;
  }

  /** Every registered (type, version), e.g. for a test that checks them all. */
  all(): EventDefinition[] {
    return [...this.definitions.values()];
  }

  definitionOf(type: string, version: number): EventDefinition {
    const definition = this.definitions.get(key(type, version));
    if (!definition) throw new UnknownEventError(type, version);
    return definition;
  }

  latestVersion(type: string): number | undefined {
    return this.latest.get(type);
  }

  /** The payload as an instance of its class; throws InvalidEventError naming the bad fields. */
  validate<P>(type: string, version: number, payload: unknown): P {
    const definition = this.definitionOf(type, version);
    const instance = plainToInstance(definition.payload, payload ?? {}) as P & object;
    const errors = validateSync(instance, { forbidUnknownValues: false });
    if (errors.length) throw new InvalidEventError(type, version, flatten(errors));
    return instance;
  }

  /** An envelope read from the store or the wire, upcast to the newest version and validated. */
  decode<P = unknown>(raw: EventEnvelope<unknown>): EventEnvelope<P> {
    if (typeof raw?.type !== 'string' || typeof raw.version !== 'number') {
      throw new UnknownEventError(String(raw?.type), Number(raw?.version));
    }
    const target = this.latest.get(raw.type);
    if (target === undefined || raw.version > target) throw new UnknownEventError(raw.type, raw.version);
    let version = raw.version;
    let payload = raw.payload as Record<string, unknown>;
    while (version < target) {
      const upcaster = this.upcasters.get(key(raw.type, version));
      if (!upcaster) throw new UnknownEventError(raw.type, version);
      payload = upcaster(payload);
      version += 1;
    }
    return { ...raw, version, payload: this.validate<P>(raw.type, version, payload) };
  }
}

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
