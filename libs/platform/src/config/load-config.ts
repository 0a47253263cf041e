import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Builds a config object from environment variables: only the variables the class declares are
 * read, an empty value counts as unset (so the default applies), and every problem is reported
 * at once with the variable's name.
 */
export function loadConfig<T extends object>(configClass: new () => T, env: Env = process.env): T {
  const declared = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(configClass, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  const provided = Object.fromEntries(
    [...declared].filter((name) => env[name] !== undefined && env[name] !== '').map((name) => [name, env[name]]),
  );
  const config = plainToInstance(configClass, provided, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) throw new ConfigError(errors.map((error) => describe(error, env)));
  return config;
}

function describe(error: ValidationError, env: Env): { variable: string; problem: string } {
  const raw = env[error.property];
  const messages = Object.values(error.constraints ?? {}).map((m) => m.replace(`${error.property} `, ''));
  const got = raw === undefined || raw === '' ? 'it is not set' : `got ${JSON.stringify(raw)}`;
  return { variable: error.property, problem: `${messages.join('; ')} (${got})` };
}
