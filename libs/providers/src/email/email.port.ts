export interface Email {
  to: string;
  subject: string;
  text: string;
}

export abstract class EmailPort {
  /** Sends one message; resolves with the SMTP server's message id. */
  abstract send(email: Email): Promise<{ messageId: string }>;
}
