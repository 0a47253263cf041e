import fc from 'fast-check';
import { type RawRequest, serialize } from '@switchboard/testing';

/** What the contract says about one generated request, beyond the properties every request has. */
export interface Expectation {
  /** The statuses allowed; by default any 4xx. */
  statuses?: number[];
  /** A 2xx is a right answer (GET /health); every /v1 and webhook case must be refused. */
  mayAccept?: boolean;
  /** A field the problem document must name. */
  names?: string;
  /** The answer must come this fast (a 413 on the header, before any body). */
  withinMs?: number;
}

/** One hostile request, printed as what it is and its first bytes on the wire. */
export class FuzzCase {
  constructor(
    readonly defect: string,
    readonly request: RawRequest,
    readonly expect: Expectation = {},
  ) {}

  [fc.toStringMethod](): string {
    const { head, body } = serialize(this.request, 'gateway');
    const shown = (bytes: Buffer, max: number) => JSON.stringify(bytes.subarray(0, max).toString('latin1')) + (bytes.length > max ? `…(${bytes.length} bytes)` : '');
    const declared = this.request.declaredLength === undefined ? '' : `, ${body.length} of ${this.request.declaredLength} bytes sent`;
    const slow = this.request.slow ? `, in ${this.request.slow.pieces} pieces ${this.request.slow.everyMs} ms apart` : '';
    return `[${this.defect}] ${shown(head, 400)} ${shown(body, 400)}${declared}${slow}`;
  }
}
