import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Nest turns a handler's exception into a generic RPC error by default; the transport needs the
 * original (NonRetriableError, RetryAfterError, CommandError) to decide what happens next.
 */
@Catch()
export class RethrowRpcExceptions implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
