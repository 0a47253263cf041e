import { describe, expect, it } from 'vitest';
import { IsPortNumber } from './port.decorator.js';
import { ConfigError, loadConfig } from './load-config.js';
import { ServiceConfig } from './service-config.js';

class ExampleConfig extends ServiceConfig {
  @IsPortNumber()
  EXAMPLE_PORT = 3999;

  get port() {
    return this.EXAMPLE_PORT;
  }
}

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(ExampleConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('applies defaults when nothing is set, so a fresh clone needs no environment', () => {
    const config = loadConfig(ExampleConfig, {});
    expect(config.port).toBe(3999);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/switchboard');
    expect(config.SWITCHBOARD_NAMESPACE).toBe('');
  });

  it('reads and converts the variables the class declares', () => {
    const config = loadConfig(ExampleConfig, { EXAMPLE_PORT: '4100', SWITCHBOARD_NAMESPACE: 'ci_1' });
    expect(config.port).toBe(4100);
    expect(config.SWITCHBOARD_NAMESPACE).toBe('ci_1');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(ExampleConfig, { EXAMPLE_PORT: '' }).port).toBe(3999);
  });

  it('names every malformed variable with what it got', () => {
    const problems = problemsOf({ EXAMPLE_PORT: 'eighty', DATABASE_URL: 'mysql://x', NATS_URL: 'nats://ok:4222' });
    expect(problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'EXAMPLE_PORT']);
    expect(problems.find((p) => p.variable === 'EXAMPLE_PORT')?.problem).toContain('got "eighty"');
  });

  it('rejects an out-of-range port and a namespace that would break stream names', () => {
    const problems = problemsOf({ EXAMPLE_PORT: '70000', SWITCHBOARD_NAMESPACE: 'Bad-Name' });
    expect(problems.map((p) => p.variable).sort()).toEqual(['EXAMPLE_PORT', 'SWITCHBOARD_NAMESPACE']);
  });

  it('ignores variables the class does not declare', () => {
    expect(() => loadConfig(ExampleConfig, { UNRELATED: '%%%' })).not.toThrow();
  });
});

class RequiredConfig extends ServiceConfig {
  @IsPortNumber()
  REQUIRED_PORT: number;

  get port() {
    return this.REQUIRED_PORT;
  }
}

describe('a required variable', () => {
  it('fails with its name when missing', () => {
    expect(() => loadConfig(RequiredConfig, {})).toThrowError(/REQUIRED_PORT: .*it is not set/);
  });

  it('binds providers without keys to the simulator, and refuses a Twilio account without its token', () => {
    const simulated = loadConfig(ExampleConfig, { SIMULATOR_PORT: '4999' });
    expect(simulated.twilio).toEqual({ accountSid: `AC${'0'.repeat(32)}`, authToken: 'simulator-auth-token', baseUrl: 'http://127.0.0.1:4999' });
    expect(simulated.openai).toEqual({ apiKey: 'sk-simulator', baseUrl: 'http://127.0.0.1:4999/openai/v1' });
    const sid = `AC${'1'.repeat(32)}`;
    expect(loadConfig(ExampleConfig, { TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: 'secret' }).twilio).toEqual({ accountSid: sid, authToken: 'secret' });
    expect(problemsOf({ TWILIO_ACCOUNT_SID: sid }).map((p) => p.variable)).toEqual(['TWILIO_AUTH_TOKEN']);
  });
});

describe('with NODE_ENV=production', () => {
  it('refuses to start on a public development key, naming it, and starts once it is set', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      { variable: 'OPS_KEYS', problem: 'must be set when NODE_ENV=production: its default is a public development value' },
    ]);
    expect(loadConfig(ExampleConfig, { NODE_ENV: 'production', OPS_KEYS: 'sk-a-real-one' }).OPS_KEYS).toBe('sk-a-real-one');
  });

  it('keeps the development defaults elsewhere, so a fresh clone runs with no environment', () => {
    expect(loadConfig(ExampleConfig, {}).OPS_KEYS).toBe('sk-switchboard-ops-dev');
  });
});
