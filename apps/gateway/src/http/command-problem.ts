import { HttpStatus } from '@nestjs/common';
import type { CommandError, CommandErrorCode } from '@switchboard/eventing';
import { type Problem, problemType } from './problem.exception.js';

const STATUS: Record<CommandErrorCode, HttpStatus> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  INVALID: HttpStatus.BAD_REQUEST,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  TIMEOUT: HttpStatus.GATEWAY_TIMEOUT,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
};

/**
 * What a service answered about a command, as the problem the client gets; ProblemDetailsFilter
 * answers every CommandError a handler throws with it.
 */
export function problemFor(error: CommandError): { status: HttpStatus; body: Problem } {
  const status = STATUS[error.code];
  return {
    status,
    body: {
      type: problemType(error.code.toLowerCase().replace('_', '-')),
      title: error.code,
      status,
      detail: status === HttpStatus.INTERNAL_SERVER_ERROR ? 'the service failed to handle the request' : error.message,
      ...(error.details !== undefined && status !== HttpStatus.INTERNAL_SERVER_ERROR && { errors: error.details }),
    },
  };
}
