import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { CommandError } from '@switchboard/eventing';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { problemFor } from './command-problem.js';
import { aboutBlank, bounded, type Problem } from './problem.exception.js';

/** What body-parser's errors (http-errors) carry; Nest hands them over as an HttpException's cause. */
interface BodyParserError extends Error {
  type: string;
  status: number;
  expose: boolean;
  limit?: number;
}

function bodyParserError(error: unknown): BodyParserError | undefined {
  const candidate = error instanceof HttpException ? error.cause : error;
  const fields = candidate as Partial<BodyParserError> | undefined;
  return candidate instanceof Error && typeof fields?.type === 'string' && typeof fields.status === 'number' && typeof fields.expose === 'boolean'
    ? (candidate as BodyParserError)
    : undefined;
}

/**
 * Every error an HTTP request ends in is answered as an RFC 9457 problem (`application/problem+json`):
 * CommandErrors as the service classified them, HttpExceptions (including unknown routes and
 * body-parser's refusals) with their status, anything else as a 500 that is logged but not shown,
 * since its message may name tables, hosts or secrets.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    // A failing health report keeps terminus's shape: monitors read its `error` and `details`.
    if (error instanceof HttpException && isHealthReport(error.getResponse())) {
      response.status(error.getStatus()).json(error.getResponse());
      return;
    }
    const problem = this.problemOf(error);
    // Once a streamed body has started, the status line is gone: all that is left is to end it.
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(problem.status).type('application/problem+json').json(bounded(problem));
  }

  private problemOf(error: unknown): Problem {
    if (error instanceof CommandError) return problemFor(error).body;
    const parserError = bodyParserError(error);
    if (parserError && parserError.status < 500) return fromBodyParser(parserError);
    if (error instanceof HttpException) return fromHttpException(error);
    this.logger.error(error);
    return aboutBlank(HttpStatus.INTERNAL_SERVER_ERROR, 'the server failed to handle the request');
  }
}

const isHealthReport = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && 'details' in body && 'info' in body && (body as { status?: unknown }).status === 'error';

function fromBodyParser({ type, status, expose, limit, message }: BodyParserError): Problem {
  switch (type) {
    case 'entity.too.large':
      return aboutBlank(status, `the request body is larger than the ${limit}-byte limit`);
    case 'entity.parse.failed':
      return aboutBlank(status, 'the request body is not valid JSON');
    default:
      return aboutBlank(status, expose ? message : (STATUS_CODES[status] ?? 'Error'));
  }
}

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const body = error.getResponse();
  if (typeof body === 'string') return aboutBlank(status, body);
  const { type, title, detail, message, errors } = body as Partial<Problem> & { message?: string | string[] };
  const text = detail ?? (Array.isArray(message) ? message.join('; ') : (message ?? STATUS_CODES[status] ?? 'Error'));
  return type && title ? { type, title, status, detail: text, ...(errors !== undefined && { errors }) } : aboutBlank(status, text, errors);
}
