import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { verifyFrame } from './verify-frame';
import { pageLocale } from './verify-locale';

/** A borrower over the rate limit reads a page in their language, not the API's JSON. */
@Catch(ThrottlerException)
export class VerifyThrottledFilter implements ExceptionFilter {
  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  catch(_exception: ThrottlerException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const asked: unknown = req.query?.lang ?? (req.body as { lang?: unknown } | undefined)?.lang;
    const locale = pageLocale(asked, req.headers['accept-language'], this.config.defaultLocale);
    const frame = verifyFrame(locale, this.config.platformName);
    res.status(429).setHeader('retry-after', '60');
    res.render('verify-throttled', { ...frame, title: frame.t.throttledTitle });
  }
}
