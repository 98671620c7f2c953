import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { borrowerTime, channelLabel, type Locale, LOCALES } from '@sentinel/contracts';
import type { AnswerTokenRow } from '@sentinel/persistence';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import { PublicRoute } from '@sentinel/platform';
import type { Request, Response } from 'express';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../console.config';
import { BorrowerAnswersService } from './borrower-answers.service';
import { EVENT_LABELS, LANGS, VERIFY_TEXT } from './verify.i18n';

const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/**
 * The borrower's answer page, reached from the link in a fraud alert. Unknown, used and expired
 * links all get the same page, so a guesser learns nothing. Rate limited per IP.
 */
@Controller('verify')
@PublicRoute()
@UseGuards(ThrottlerGuard)
@SkipThrottle({ login: true })
export class VerifyController {
  constructor(
    private readonly answers: BorrowerAnswersService,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Query('lang') lang: unknown, @Res() res: Response) {
    const row = await this.answers.open(token);
    const locale = isLocale(lang) ? lang : (row?.locale ?? this.config.defaultLocale);
    if (!row) return this.invalid(res, locale);
    const s = row.summary;
    if (row.kind === 'notice') return this.notice(res, row, locale, token);
    res.render('verify', {
      ...this.frame(locale),
      action: `/verify/${encodeURIComponent(token)}`,
      what: (s.eventType && EVENT_LABELS[s.eventType]?.[locale]) ?? s.eventType,
      when: s.occurredAt ? borrowerTime(s.occurredAt, locale, this.config.timeZone) : undefined,
      channel: s.channel ? channelLabel(s.channel, locale) : undefined,
      card: s.cardMasked,
      reference: row.referenceCode,
    });
  }

  @Post(':token')
  @HttpCode(200)
  async answer(@Param('token') token: string, @Body() body: { answer?: unknown; lang?: unknown }, @Req() req: Request, @Res() res: Response) {
    const locale = isLocale(body?.lang) ? body.lang : this.config.defaultLocale;
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
    const row: AnswerTokenRow | null = answer
      ? await this.answers.answer(token, answer, context)
      : null;
    if (!row || !answer) return this.invalid(res, locale);
    const t = VERIFY_TEXT[locale];
    res.render('verify-done', {
      ...this.frame(locale),
      title: answer === 'me' ? t.doneMe : t.doneNotMe,
      heading: answer === 'me' ? t.doneMe : t.doneNotMe,
      message: answer === 'me' ? t.doneMeBody : t.doneNotMeBody,
      reference: row.referenceCode,
    });
  }

  private notice(res: Response, row: AnswerTokenRow, locale: Locale, token: string) {
    const t = VERIFY_TEXT[locale];
    const type = row.summary.noticeType;
    const [heading, message] =
      type === 'card.invalidated' ? [t.noticeCard, t.noticeCardBody] : type === 'id.expired' ? [t.noticeExpired, t.noticeExpiredBody] : [t.noticeExpiring, t.noticeExpiringBody];
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
    // The same page for unknown, used and expired links: nothing tells a guesser which it was.
    const frame = this.frame(locale);
    res.status(404).render('verify-invalid', { ...frame, title: frame.t.invalidTitle, support: this.config.supportContact });
  }

  private frame(locale: Locale) {
    return {
      layout: 'layout',
      lang: locale,
      title: VERIFY_TEXT[locale].title,
      t: VERIFY_TEXT[locale],
      platform: this.config.platformName,
      langs: LANGS.map((l) => ({ ...l, current: l.code === locale })),
    };
  }
}
