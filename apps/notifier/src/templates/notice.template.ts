import { type AlertMessage, type AlertNotice, type MessageParams, type NoticeType, translate } from '@sentinel/contracts';
import { BORROWER_MESSAGES, type BorrowerMessageKey } from './borrower-messages.i18n';
import type { RenderContext, RenderedAlert } from './fraud-alert.template';
import { htmlOf } from './html';

export const noticeTemplate = (type: NoticeType) => `notice.${type}`;

/** A notice to the borrower (a card to rebind, a document to renew): what, what to do, no secrets asked. */
export function renderNotice(alert: AlertMessage, notice: AlertNotice, ctx: RenderContext, actionUrl?: string): RenderedAlert {
  const say = (key: BorrowerMessageKey, params?: MessageParams) => translate(BORROWER_MESSAGES, ctx.locale, key, params);
  const platform = ctx.platformName;
  const code = alert.referenceCode;
  const subject = say(`notice.subject:${notice.type}`, { card: notice.cardMasked ?? '', expiresOn: notice.expiresOn ?? '' });
  const what = alert.hits.map((h) => h.explanation[ctx.locale]);
  const todo = actionUrl ? say('notice.updateNow', { url: actionUrl }) : say(`notice.todo:${notice.type}`);
  const lines = [say('hello'), '', ...what, '', todo, '', say('neverAsk'), say('reference', { code })];
  return {
    subject: say('notice.subject', { platform, subject, code }),
    text: lines.join('\n'),
    html: htmlOf(lines, { lang: ctx.locale, button: actionUrl ? { url: actionUrl, label: say('notice.button') } : undefined }),
    sms: say('notice.sms', { platform, what: what.join(' '), todo, code }),
  };
}
