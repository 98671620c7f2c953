import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Hands a consumer handler's error to the Kafka transport as it was thrown. Nest's default filter
 * logs the raw error on every retry (a failed query with all its parameters) and replaces it with
 * "Internal server error", so the transport could neither tell what failed nor log it once.
 */
@Catch()
export class RethrowToTransportFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
