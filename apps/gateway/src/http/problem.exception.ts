import { HttpException, type HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** The URI naming one kind of problem this API reports (RFC 9457 `type`). */
export const problemType = (slug: string): string => `https://switchboard.dev/problems/${slug}`;

/** An RFC 9457 problem document, as answered with `application/problem+json`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: unknown;
}

/**
 * A failure with a problem type of its own, so a client can tell it apart from others with the
 * same status (a reused idempotency key and an invalid field are both 4xx, but need different fixes).
 */
export class ProblemException extends HttpException {
  constructor(status: HttpStatus, problem: { slug: string; title: string; detail: string; errors?: unknown }) {
    const { slug, ...rest } = problem;
    super({ type: problemType(slug), ...rest }, status);
  }
}

/** A problem with no semantics beyond its status code: RFC 9457's `about:blank`. */
export function aboutBlank(status: number, detail: string, errors?: unknown): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, ...(errors !== undefined && { errors }) };
}

const MAX_DETAIL_CHARS = 1_000;
const MAX_ERRORS = 20;
const MAX_ERROR_TEXT_CHARS = 200;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

function clipTexts(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return clip(value, MAX_ERROR_TEXT_CHARS);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, MAX_ERRORS).map((item) => clipTexts(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [clip(key, MAX_ERROR_TEXT_CHARS), clipTexts(item, depth + 1)]));
}

/**
 * The problem as it may be sent: a request can name anything (a field name of a megabyte, a
 * hundred thousand invalid items), and its answer must not grow with it. At most 20 errors, texts
 * clipped; `errorCount` says how many there were when some are left out.
 */
export function bounded(problem: Problem): Problem & { errorCount?: number } {
  const { errors } = problem;
  return {
    ...problem,
    detail: clip(problem.detail, MAX_DETAIL_CHARS),
    ...(errors !== undefined && { errors: clipTexts(errors) }),
    ...(Array.isArray(errors) && errors.length > MAX_ERRORS && { errorCount: errors.length }),
  };
}
