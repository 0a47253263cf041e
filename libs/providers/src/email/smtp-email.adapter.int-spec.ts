import { SmtpSink } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpEmail } from './smtp-email.adapter.js';

const sink = new SmtpSink();
let port: number;
beforeAll(async () => {
  port = await sink.start();
});
afterAll(() => sink.stop());

describe('SmtpEmail (nodemailer) against an SMTP sink', () => {
  it('delivers the message to the SMTP server', async () => {
    const email = new SmtpEmail({ url: `smtp://127.0.0.1:${port}`, from: 'care@switchboard.test' });
    const { messageId } = await email.send({ to: 'nurse@clinic.test', subject: 'Task escalated', text: 'Patient 7 needs a call.' });
    expect(messageId).toBeTruthy();
    expect(sink.messages).toEqual([
      expect.objectContaining({ from: 'care@switchboard.test', to: ['nurse@clinic.test'], subject: 'Task escalated' }),
    ]);
    expect(sink.messages[0].raw).toContain('Patient 7 needs a call.');
  });

  it('fails (retriably) when no SMTP server answers', async () => {
    const email = new SmtpEmail({ url: 'smtp://127.0.0.1:1', from: 'care@switchboard.test', timeoutMs: 2_000 });
    await expect(email.send({ to: 'a@b.test', subject: 's', text: 't' })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
