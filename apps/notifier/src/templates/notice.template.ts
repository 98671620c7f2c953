import type { AlertMessage, AlertNotice, Locale, NoticeType } from '@sentinel/contracts';
import type { RenderContext, RenderedAlert } from './fraud-alert.template';
import { htmlOf } from './html';

type Notice = AlertNotice;

const SUBJECTS: Record<NoticeType, Record<Locale, (n: Notice) => string>> = {
  'card.invalidated': {
    en: (n) => `Action needed: card ${n.cardMasked ?? ''} can no longer be used`,
    'zh-CN': (n) => `请处理：银行卡 ${n.cardMasked ?? ''} 已无法使用`,
  },
  'id.expiring': {
    en: (n) => `Reminder: your ID document expires on ${n.expiresOn}`,
    'zh-CN': (n) => `提醒：您的身份证件将于 ${n.expiresOn} 到期`,
  },
  'id.expired': {
    en: () => 'Your ID document has expired',
    'zh-CN': () => '您的身份证件已过期',
  },
};

const WHAT_TO_DO: Record<NoticeType, Record<Locale, string>> = {
  'card.invalidated': {
    en: 'Open the official app to update your card or bind another one.',
    'zh-CN': '请打开官方 App 更新银行卡信息或绑定新的银行卡。',
  },
  'id.expiring': { en: 'Open the official app to update your ID document.', 'zh-CN': '请打开官方 App 更新您的身份证件信息。' },
  'id.expired': { en: 'Open the official app to update your ID document.', 'zh-CN': '请打开官方 App 更新您的身份证件信息。' },
};

export const noticeTemplate = (type: NoticeType) => `notice.${type}`;

/** A notice to the borrower (a card to rebind, a document to renew): what, what to do, no secrets asked. */
export function renderNotice(alert: AlertMessage, notice: Notice, ctx: RenderContext, actionUrl?: string): RenderedAlert {
  const p = ctx.platformName;
  const code = alert.referenceCode;
  const subject = SUBJECTS[notice.type][ctx.locale](notice);
  const what = alert.hits.map((h) => h.explanation[ctx.locale]);
  const todo = actionUrl ? (ctx.locale === 'zh-CN' ? `立即更新：${actionUrl}` : `Update now: ${actionUrl}`) : WHAT_TO_DO[notice.type][ctx.locale];
  if (ctx.locale === 'zh-CN') {
    const lines = ['您好：', '', ...what, '', todo, '', '我们绝不会向您索要密码或验证码。', `参考编号：${code}`];
    return {
      subject: `【${p}】${subject}（参考编号 ${code}）`,
      text: lines.join('\n'),
      html: htmlOf(lines, { lang: 'zh-CN', button: actionUrl ? { url: actionUrl, label: '立即更新' } : undefined }),
      sms: `【${p}】${what.join(' ')}${todo}参考编号${code}。`,
    };
  }
  const lines = ['Hello,', '', ...what, '', todo, '', 'We will never ask you for a password or a verification code.', `Reference: ${code}`];
  return {
    subject: `[${p}] ${subject} (ref ${code})`,
    text: lines.join('\n'),
    html: htmlOf(lines, { lang: 'en', button: actionUrl ? { url: actionUrl, label: 'Update now' } : undefined }),
    sms: `[${p}] ${what.join(' ')} ${todo} Ref ${code}.`,
  };
}
