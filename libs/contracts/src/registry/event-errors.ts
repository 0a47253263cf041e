export class UnknownEventError extends Error {
  constructor(
    readonly type: string,
    readonly version: number,
  ) {
    super(`unknown event ${type} v${version}`);
    this.name = 'UnknownEventError';
  }
}

export class InvalidEventError extends Error {
  constructor(
    readonly type: string,
    readonly version: number,
    readonly problems: { field: string; problems: string[] }[],
  ) {
    super(
      `invalid ${type} v${version}: ${problems.map((p) => `${p.field} (${p.problems.join('; ')})`).join(', ')}`,
    );
    this.name = 'InvalidEventError';
  }
}
