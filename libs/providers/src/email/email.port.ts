export interface Email {
  to: string;
  subject: string;
  text: string;
  /**
   * The Message-ID to send under (`<id@domain>`): a message sent again after a crash carries the
   * same one, which mail clients and stores take as the same message.
   */
  messageId?: string;
}

export abstract class EmailPort {
  /** Sends one message; resolves with the SMTP server's message id. */
  abstract send(email: Email): Promise<{ messageId: string }>;
}
