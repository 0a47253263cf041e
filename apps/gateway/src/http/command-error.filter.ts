import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import { CommandError, type CommandErrorCode } from '@switchboard/eventing';
import type { Response } from 'express';

const STATUS: Record<CommandErrorCode, HttpStatus> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  CONFLICT: HttpStatus.CONFLICT,
  INVALID: HttpStatus.BAD_REQUEST,
  UNAVAILABLE: HttpStatus.SERVICE_UNAVAILABLE,
  TIMEOUT: HttpStatus.GATEWAY_TIMEOUT,
  INTERNAL: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** An RFC 9457 problem document for a failed command. */
export function problemFor(error: CommandError) {
  const status = STATUS[error.code];
  return {
    status,
    body: {
      type: `https://switchboard.dev/problems/${error.code.toLowerCase().replace('_', '-')}`,
      title: error.code,
      status,
      detail: status === HttpStatus.INTERNAL_SERVER_ERROR ? 'the service failed to handle the request' : error.message,
      ...(error.details !== undefined && status !== HttpStatus.INTERNAL_SERVER_ERROR && { errors: error.details }),
    },
  };
}

/** What a service answered about a command becomes the HTTP answer the client gets. */
@Catch(CommandError)
export class CommandErrorFilter implements ExceptionFilter {
  catch(error: CommandError, host: ArgumentsHost): void {
    const { status, body } = problemFor(error);
    host.switchToHttp().getResponse<Response>().status(status).type('application/problem+json').json(body);
  }
}
