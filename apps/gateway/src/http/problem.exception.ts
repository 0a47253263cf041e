import { HttpException, type HttpStatus } from '@nestjs/common';

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
