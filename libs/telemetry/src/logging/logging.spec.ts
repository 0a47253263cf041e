import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { pinoOptions } from './logging.module.js';
import { maskPhone } from './redaction.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const logger = pino(pinoOptions({ service: 'telephony', level: 'log', destination }), destination);
  return { logger, lines, text: () => JSON.stringify(lines) };
}

describe('service logs', () => {
  it('are JSON lines carrying the service name', () => {
    const { logger, lines } = capture();
    logger.info({ eventId: 'e-1', eventType: 'telephony.call.completed' }, 'handled');
    expect(lines[0]).toMatchObject({ service: 'telephony', level: 30, msg: 'handled', eventId: 'e-1' });
  });

  it('never contain API keys, auth tokens or signatures, in fields or in text', () => {
    const { logger, text } = capture();
    logger.info(
      {
        twilio: { accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 'f00dbabe0123456789' },
        openai: { apiKey: 'sk-proj-abcdefghijklmnop' },
        req: { headers: { authorization: 'Bearer abc.def.ghi', 'x-twilio-signature': 'c2lnbmF0dXJl' } },
      },
      'calling with key sk-live-1234567890abcdef and Bearer eyJhbGciOiJIUzI1NiJ9.payload',
    );
    const logged = text();
    for (const secret of ['f00dbabe0123456789', 'sk-proj-abcdefghijklmnop', 'abc.def.ghi', 'c2lnbmF0dXJl', 'sk-live-1234567890abcdef', 'eyJhbGciOiJIUzI1NiJ9', 'AC0123456789abcdef0123456789abcdef']) {
      expect(logged).not.toContain(secret);
    }
    expect(logged).toContain('[redacted]');
  });

  it('mask phone numbers, in fields and in text, keeping them tell-apart', () => {
    const { logger, lines, text } = capture();
    logger.info({ contact: { phone: '+15551234567' } }, 'dialing +447700900123');
    expect(text()).not.toContain('5551234567');
    expect(text()).not.toContain('7700900123');
    expect(lines[0].msg).toBe(`dialing ${maskPhone('+447700900123')}`);
    expect((lines[0].contact as { phone: string }).phone).toBe('+1555•••4567');
  });

  it('mask what an error message carries', () => {
    const { logger, text } = capture();
    logger.error(new Error('Twilio 21211: +15557654321 is not valid'), 'dial failed');
    expect(text()).not.toContain('5557654321');
  });

  it('name a request by its path and its query parameters, never their values', () => {
    const { logger, lines, text } = capture();
    const query = { key: 'opaque-secret-1', q: '+15557654321', code: '4/0Ab-oauth-code' };
    logger.info({ req: { method: 'GET', url: `/v1/console/runs?${new URLSearchParams(query)}`, query, params: { id: '+15557654321' } } }, 'request completed');
    for (const value of ['opaque-secret-1', '5557654321', 'oauth-code']) expect(text()).not.toContain(value);
    expect(lines[0].req).toMatchObject({ method: 'GET', url: '/v1/console/runs?key=[redacted]&q=[redacted]&code=[redacted]', query: ['key', 'q', 'code'] });
  });
});
