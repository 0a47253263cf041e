/** The ways a command can fail, as the gateway maps them to HTTP (404, 409, 400, 503, 504, 500). */
export type CommandErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'UNAVAILABLE' | 'TIMEOUT' | 'INTERNAL';

export class CommandError extends Error {
  constructor(
    readonly code: CommandErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CommandError';
  }

  static notFound(what: string): CommandError {
    return new CommandError('NOT_FOUND', `${what} not found`);
  }

  toJSON() {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** What travels back on the reply subject. */
export type CommandReply<T = unknown> = { ok: true; result: T } | { ok: false; error: ReturnType<CommandError['toJSON']> };
