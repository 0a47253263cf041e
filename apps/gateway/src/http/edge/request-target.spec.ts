import { describe, expect, it } from 'vitest';
import { originForm } from './request-target.js';

describe('originForm', () => {
  it.each([
    ['/v1/campaigns?x=1', '/v1/campaigns?x=1'],
    ['//double/slash', '//double/slash'],
    ['http://evil.example/webhooks/twilio/voice/status?callId=1', '/webhooks/twilio/voice/status?callId=1'],
    ['https://evil.example', '/'],
    ['HTTP://evil.example?x=1', '/?x=1'],
    ['http://evil.example/v1/hypotheses/.', '/v1/hypotheses/.'],
    ['http://evil.example/a/../b%2f', '/a/../b%2f'],
  ])('takes %s as %s', (target, form) => expect(originForm(target)).toBe(form));

  it.each(['http://[evil/webhooks', '*', 'evil.example:443', 'ftp://evil.example/x', 'javascript:alert(1)', ''])('finds no form in %j', (target) =>
    expect(originForm(target)).toBeUndefined(),
  );
});
