import { NonRetriableError } from '@switchboard/durable';
import type { Transporter } from 'nodemailer';
import { onFirstUse } from '../sdk/on-first-use.js';
import { type Email, EmailPort } from './email.port.js';

export interface SmtpOptions {
  /** smtp://user:pass@host:port (smtps:// for TLS). */
  url: string;
  from: string;
  timeoutMs?: number;
}

/** Email over SMTP with nodemailer. */
export class SmtpEmail extends EmailPort {
  private readonly transport: () => Promise<Transporter>;

  constructor(private readonly options: SmtpOptions) {
    super();
    const timeout = options.timeoutMs ?? 30_000;
    const url = new URL(options.url);
    this.transport = onFirstUse(async () => (await import('nodemailer')).default.createTransport({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
      secure: url.protocol === 'smtps:',
      ignoreTLS: url.protocol === 'smtp:' && ['127.0.0.1', 'localhost'].includes(url.hostname),
      ...(url.username && { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
      connectionTimeout: timeout,
      socketTimeout: timeout,
    }));
  }

  async send(email: Email): Promise<{ messageId: string }> {
    try {
      const sent = await (await this.transport()).sendMail({
        from: this.options.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        ...(email.messageId && { messageId: email.messageId }),
      });
      return { messageId: sent.messageId };
    } catch (error) {
      // 5xx SMTP replies are permanent (bad address, refused); the rest may pass on another try.
      const code = (error as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) throw new NonRetriableError(`email to …@${email.to.split('@')[1] ?? ''}: SMTP ${code}`, { cause: error });
      throw error;
    }
  }
}
