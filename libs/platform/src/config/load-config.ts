import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { developmentDefaults } from './development-default.decorator.js';

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
 * at once with the variable's name. With `NODE_ENV=production`, a secret left at its public
 * development default (@DevelopmentDefault) is a problem too.
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
  const problems = validateSync(config, { forbidUnknownValues: false }).map((error) => describe(error, env));
  if (env.NODE_ENV === 'production') {
    for (const variable of developmentDefaults(configClass)) {
      if (!(variable in provided)) problems.push({ variable, problem: 'must be set when NODE_ENV=production: its default is a public development value' });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function describe(error: ValidationError, env: Env): { variable: string; problem: string } {
  const raw = env[error.property];
  const messages = Object.values(error.constraints ?? {}).map((m) => m.replace(`${error.property} `, ''));
  const got = raw === undefined || raw === '' ? 'it is not set' : `got ${JSON.stringify(raw)}`;
  return { variable: error.property, problem: `${messages.join('; ')} (${got})` };
}
