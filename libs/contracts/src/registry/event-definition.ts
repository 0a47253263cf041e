export type PayloadClass<P> = new () => P;

/** One version of one event: its name, subject and payload schema. */
export interface EventDefinition<P = unknown, T extends string = string> {
  domain: string;
  aggregate: string;
  /** `<domain>.<aggregate>.<event>`, as a literal type so deciders can switch on it. */
  type: T;
  version: number;
  /** `<type>.v<version>`: the subject it travels on. */
  subject: string;
  payload: PayloadClass<P>;
  /** A new event of this definition, ready to append. */
  create(payload: P): NewEvent<P, T>;
}

export interface NewEvent<P = unknown, T extends string = string> {
  type: T;
  version: number;
  payload: P;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function defineEvent<P, const D extends string, const A extends string, const E extends string>(spec: {
  domain: D;
  aggregate: A;
  event: E;
  version: number;
  payload: PayloadClass<P>;
}): EventDefinition<P, `${D}.${A}.${E}`> {
  for (const part of [spec.domain, spec.aggregate, spec.event]) {
    if (!KEBAB.test(part)) throw new Error(`event name part "${part}" must be kebab-case`);
  }
  if (!Number.isInteger(spec.version) || spec.version < 1) throw new Error(`version must be a positive integer`);
  const type = `${spec.domain}.${spec.aggregate}.${spec.event}` as const;
  return {
    domain: spec.domain,
    aggregate: spec.aggregate,
    type,
    version: spec.version,
    subject: `${type}.v${spec.version}`,
    payload: spec.payload,
    create: (payload) => ({ type, version: spec.version, payload }),
  };
}
