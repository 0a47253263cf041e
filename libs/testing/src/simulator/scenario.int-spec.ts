import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderSimulator, type Scenario } from './provider-simulator.js';

let simulator: ProviderSimulator;
beforeAll(async () => {
  simulator = await ProviderSimulator.start();
});
afterAll(() => simulator.stop());

describe('scenario files', () => {
  it('script callees and model answers, loaded over the admin API', async () => {
    const scenario = JSON.parse(await readFile('libs/testing/scenarios/example.json', 'utf8')) as Scenario;
    const response = await fetch(`${simulator.baseUrl}/__admin/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(scenario),
    });
    expect(response.status).toBe(204);
    expect(simulator.state.callees.get('+15557000002')).toEqual({ outcome: 'busy' });
    expect(simulator.state.callees.get('+15557000001')?.dialogue).toHaveLength(2);
    expect(simulator.chats.find([{ role: 'user', content: 'transcript: ...by about ten percent since spring' }])?.reply).toMatchObject({
      claims: [{ confidence: 0.85 }],
    });
  });
});
