import { type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { ApiErrorBody } from '@sentinel/contracts';
import type { Response } from 'express';

/** A refused login: what happened and when to try again, in `Retry-After` and in the body, never the library's "ThrottlerException". */
function tooManyAttempts(retryAfterSeconds: number): ApiErrorBody<'TOO_MANY_ATTEMPTS'> & { retryAfterSeconds: number } {
  return {
    error: 'TOO_MANY_ATTEMPTS',
    message: `too many login attempts from this address; try again in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  };
}

/** LOGIN_RATE_LIMIT attempts a minute per IP; over it, a 429 that says when the next attempt is taken. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('retry-after', String(seconds));
    throw new HttpException(tooManyAttempts(seconds), HttpStatus.TOO_MANY_REQUESTS);
  }
}
