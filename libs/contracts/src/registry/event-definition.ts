export type PayloadClass<P> = new () => P;

/** One version of one event: its name, subject and payload schema. */
export interface EventDefinition<P = unknown> {
  domain: string;
  aggregate: string;
  /** `<domain>.<aggregate>.<event>` */
  type: string;
  version: number;
  /** `<type>.v<version>`: the subject it travels on. */
  subject: string;
  payload: PayloadClass<P>;
  /** A new event of this definition, ready to append. */
  create(payload: P): NewEvent<P>;
}

export interface NewEvent<P = unknown> {
  type: string;
  version: number;
  payload: P;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function defineEvent<P>(spec: {
  domain: string;
  aggregate: string;
  event: string;
  version: number;
  payload: PayloadClass<P>;
}): EventDefinition<P> {
  for (const part of [spec.domain, spec.aggregate, spec.event]) {
    if (!KEBAB.test(part)) throw new Error(`event name part "${part}" must be kebab-case`);
  }
  if (!Number.isInteger(spec.version) || spec.version < 1) throw new Error(`version must be a positive integer`);
  const type = `${spec.domain}.${spec.aggregate}.${spec.event}`;
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
