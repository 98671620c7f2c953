import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { refuse } from '@sentinel/service-kit';
import type { Response } from 'express';

/**
 * LOGIN_RATE_LIMIT attempts a minute per IP; over it, a 429 that says when the next attempt is
 * taken, in `Retry-After` and in the body, never the library's "ThrottlerException".
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('retry-after', String(seconds));
    return refuse('TOO_MANY_ATTEMPTS', `too many login attempts from this address; try again in ${seconds} s`, { retryAfterSeconds: seconds });
  }
}
