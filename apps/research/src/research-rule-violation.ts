import { CommandError } from '@switchboard/eventing';

/** A command an aggregate's state refuses: the gateway answers 409 (or 400 for `invalid`). */
export class ResearchRuleViolation extends Error {
  override name = 'ResearchRuleViolation';

  constructor(
    message: string,
    readonly kind: 'conflict' | 'invalid' | 'not-found' = 'conflict',
  ) {
    super(message);
  }
}

/** A rule violation as the command's answer; anything else as it is. */
export function asCommandError(error: unknown): unknown {
  if (!(error instanceof ResearchRuleViolation)) return error;
  if (error.kind === 'not-found') return CommandError.notFound(error.message);
  return new CommandError(error.kind === 'invalid' ? 'INVALID' : 'CONFLICT', error.message);
}
