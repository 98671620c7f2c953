import { type ArgumentsHost, Catch, HttpException, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';

/**
 * A 429 whose body says `retryAfterSeconds` carries it as `Retry-After` too, the header HTTP
 * clients and proxies honour; the body stays the API's refusal. Let Nest instantiate it (UseFilters
 * with the class), so BaseExceptionFilter gets its HTTP adapter.
 */
@Catch(HttpException)
export class RetryAfterFilter extends BaseExceptionFilter {
  override catch(exception: HttpException, host: ArgumentsHost): void {
    const body = exception.getResponse() as { retryAfterSeconds?: unknown };
    if (exception.getStatus() === Number(HttpStatus.TOO_MANY_REQUESTS) && typeof body === 'object' && typeof body.retryAfterSeconds === 'number') {
      host.switchToHttp().getResponse<Response>().setHeader('retry-after', String(body.retryAfterSeconds));
    }
    super.catch(exception, host);
  }
}
