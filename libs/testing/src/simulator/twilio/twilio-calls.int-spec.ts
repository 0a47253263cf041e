import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderSimulator } from '../provider-simulator.js';

let simulator: ProviderSimulator;
beforeAll(async () => {
  simulator = await ProviderSimulator.start();
});
afterAll(() => simulator.stop());

const create = (to: string) => {
  const { accountSid, authToken } = simulator.twilioAccount;
  return fetch(`${simulator.baseUrl}/2010-04-01/Accounts/${accountSid}/Calls.json`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: to, From: '+15550100000', Twiml: '<Response/>' }),
  });
};
const createsTo = (to: string) => simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create' && r.body.To === to);

describe('Twilio calls in the simulator', () => {
  it('records whether each create placed a call, and holds only the number a fault names', async () => {
    const [refused, held] = ['+15550960001', '+15550960002'];
    simulator.state.callees.set(refused, { outcome: 'invalid' });
    simulator.state.setFault('twilio.calls.create', { delayAnswerMs: 3_000, times: 1, to: held });
    // The refused number comes first and is answered at once: the fault waits for its number.
    expect((await create(refused)).status).toBe(400);
    let answered = false;
    const answer = create(held).then((response) => {
      answered = true;
      return response.status;
    });
    // Placed while its answer is still held: the request log says so already.
    await expect.poll(() => createsTo(held)[0]?.status, { timeout: 2_500, interval: 20 }).toBe(201);
    expect(answered).toBe(false);
    expect(await answer).toBe(201);
    expect(createsTo(refused).map((r) => r.status)).toEqual([400]);
  });
});
