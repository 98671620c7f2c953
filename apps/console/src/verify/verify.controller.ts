import { ApiBody, ApiConsumes, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { borrowerTime, channelLabel, type Locale, moneyLabel } from '@sentinel/contracts';
import type { AnswerTokenRow } from '@sentinel/persistence';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { PublicRoute } from '@sentinel/service-kit';
import type { Request, Response } from 'express';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { BorrowerAnswersService } from './borrower-answers.service';
import { eventLabel, noticeText, verifyWords } from './verify.i18n';
import { verifyFrame } from './verify-frame';
import { pageLocale } from './verify-locale';
import { VerifyThrottledFilter } from './verify-throttled.filter';

/**
 * The borrower's answer page, reached from the link in a fraud alert. Unknown, used and expired
 * links all get the same page, so a guesser learns nothing. Rate limited per IP.
 */
@Controller('verify')
@PublicRoute()
@UseGuards(ThrottlerGuard)
@UseFilters(VerifyThrottledFilter)
@SkipThrottle({ login: true })
export class VerifyController {
  constructor(
    private readonly answers: BorrowerAnswersService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get(':token')
  @ApiOperation({ summary: "The borrower's answer page" })
  @ApiResponse({ status: 200, description: 'The question, or what was recorded when the link answered already.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiResponse({ status: 404, description: 'The same page for unknown, used and expired links.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiResponse({
    status: 429,
    description: "Over VERIFY_RATE_LIMIT requests a minute from this IP: a page in the borrower's language.",
    headers: { 'retry-after': { description: 'seconds to wait', schema: { type: 'integer' } } },
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async show(@Param('token') token: string, @Query('lang') lang: unknown, @Req() req: Request, @Res() res: Response) {
    const accepted = req.headers['accept-language'];
    const row = await this.answers.open(token);
    if (!row) {
      const answered = await this.answers.answeredThrough(token);
      const locale = pageLocale(lang, accepted, answered?.locale ?? this.config.defaultLocale);
      return answered ? this.recorded(res, locale, answered.referenceCode) : this.invalid(res, locale);
    }
    const locale = pageLocale(lang, accepted, row.locale);
    const s = row.summary;
    if (row.kind === 'notice') return this.notice(res, row, locale, token);
    const loan = await this.answers.loanAmount(row);
    res.render('verify', {
      ...this.frame(locale),
      action: `/verify/${encodeURIComponent(token)}`,
      what: s.eventType && eventLabel(s.eventType, locale),
      amount: loan ? moneyLabel(loan.amountMinor, loan.currency, locale) : undefined,
      when: s.occurredAt ? borrowerTime(s.occurredAt, locale, this.config.timeZone) : undefined,
      channel: s.channel ? channelLabel(s.channel, locale) : undefined,
      card: s.cardMasked,
      reference: row.referenceCode,
    });
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: "A borrower's answer from the page" })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { answer: { type: 'string', enum: ['me', 'not_me', 'continue'] }, lang: { type: 'string', enum: ['en', 'zh-CN'] } },
      required: ['answer'],
    },
  })
  @ApiResponse({ status: 200, description: 'The answer is recorded.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiResponse({
    status: 303,
    description: 'To REVERIFY_URL, for a notice the borrower continues.',
    headers: { location: { description: 'REVERIFY_URL with ref and reason', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 404, description: 'The same page for unknown, used and expired links.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiResponse({
    status: 429,
    description: "Over VERIFY_RATE_LIMIT requests a minute from this IP: a page in the borrower's language.",
    headers: { 'retry-after': { description: 'seconds to wait', schema: { type: 'integer' } } },
    content: { 'text/html': { schema: { type: 'string' } } },
  })
  async answer(@Param('token') token: string, @Body() body: { answer?: unknown; lang?: unknown }, @Req() req: Request, @Res() res: Response) {
    const locale = pageLocale(body?.lang, req.headers['accept-language'], this.config.defaultLocale);
    const context = { via: 'link' as const, ip: req.ip, userAgent: req.headers['user-agent'] };
    if (body?.answer === 'continue') {
      const notice = this.config.reverifyUrl ? await this.answers.continueNotice(token, context) : null;
      if (!notice || !this.config.reverifyUrl) return this.invalid(res, locale);
      const next = new URL(this.config.reverifyUrl);
      next.searchParams.set('ref', notice.referenceCode);
      if (notice.summary.noticeType) next.searchParams.set('reason', notice.summary.noticeType);
      return res.redirect(303, next.toString());
    }
    const answer = body?.answer === 'me' || body?.answer === 'not_me' ? body.answer : undefined;
    const row: AnswerTokenRow | null = answer ? await this.answers.answer(token, answer, context) : null;
    if (!row || !answer) return this.invalid(res, locale);
    const t = verifyWords(locale);
    res.render('verify-done', {
      ...this.frame(locale),
      title: answer === 'me' ? t.doneMe : t.doneNotMe,
      heading: answer === 'me' ? t.doneMe : t.doneNotMe,
      message: answer === 'me' ? t.doneMeBody : t.doneNotMeBody,
      reference: row.referenceCode,
    });
  }

  private notice(res: Response, row: AnswerTokenRow, locale: Locale, token: string) {
    const { heading, message } = noticeText(row.summary.noticeType, locale, Boolean(this.config.reverifyUrl));
    res.render('notice', {
      ...this.frame(locale),
      title: heading,
      heading,
      message,
      card: row.summary.cardMasked,
      expiresOn: row.summary.expiresOn,
      reference: row.referenceCode,
      canContinue: Boolean(this.config.reverifyUrl),
      action: `/verify/${encodeURIComponent(token)}`,
    });
  }

  private invalid(res: Response, locale: Locale) {
    // The same page for unknown, expired and voided links: nothing tells a guesser which it was.
    const frame = this.frame(locale);
    res.status(404).render('verify-invalid', { ...frame, title: frame.t.invalidTitle, support: this.config.supportContact ?? frame.t.support });
  }

  /** Only the holder of the very link that answered gets here: a guesser cannot hold a 256-bit token. */
  private recorded(res: Response, locale: Locale, reference: string) {
    const frame = this.frame(locale);
    res.render('verify-recorded', { ...frame, title: frame.t.recordedTitle, reference });
  }

  private frame(locale: Locale) {
    return verifyFrame(locale, this.config.platformName);
  }
}
