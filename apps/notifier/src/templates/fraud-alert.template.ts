import { type AlertEvent, type AlertMessage, borrowerTime, channelLabel, type Locale } from '@sentinel/contracts';
import { borrowerReason } from './borrower-reason';
import { htmlOf } from './html';

export interface RenderContext {
  platformName: string;
  locale: Locale;
  timeZone: string;
}

export interface AlertLinks {
  /** The answer link, unless the platform runs link-free. */
  answerUrl?: string;
  /** This recipient is a contact replaced recently: say why they are hearing from us. */
  previousContact?: boolean;
  /** The borrower has not answered the first alert. */
  reminder?: boolean;
}

export interface RenderedAlert {
  subject: string;
  text: string;
  html: string;
  sms: string;
}

export const FRAUD_ALERT_TEMPLATE = 'fraud-alert';
export const FRAUD_REMINDER_TEMPLATE = 'fraud-alert-reminder';

const ACTIONS: Record<string, Record<Locale, (card: string) => string>> = {
  'card.unbound': { en: (card) => `Bank card ${card} was unbound from your account`, 'zh-CN': (card) => `您的银行卡 ${card} 已从账户解绑` },
  'card.bound': { en: (card) => `Bank card ${card} was bound to your account`, 'zh-CN': (card) => `银行卡 ${card} 已绑定到您的账户` },
  'loan.opened': { en: () => 'A loan was opened in your name', 'zh-CN': () => '有人以您的名义开立了一笔贷款' },
};

/**
 * The borrower's fraud alert: what happened, when and through which channel, with masked data
 * only; how to respond through official channels; never a request for a password or a code.
 */
export function renderFraudAlert(alert: AlertMessage, event: AlertEvent, ctx: RenderContext, { answerUrl, previousContact, reminder }: AlertLinks = {}): RenderedAlert {
  const again = reminder ? { en: 'Reminder: ', zh: '再次提醒：' } : { en: '', zh: '' };
  const card = event.cardMasked ?? '';
  const action = (ACTIONS[event.type]?.[ctx.locale] ?? ((): string => event.type))(card);
  const time = borrowerTime(event.occurredAt, ctx.locale, ctx.timeZone);
  const channel = channelLabel(event.channel, ctx.locale);
  const reasons = alert.hits.map((hit) => borrowerReason(hit.explanation[ctx.locale], [event.id, event.deviceId]));
  const p = ctx.platformName;
  const code = alert.referenceCode;

  if (ctx.locale === 'zh-CN') {
    const lines = [
      '您好：',
      '',
      `${p} 发现您的账户有一项可能并非本人的操作：`,
      '',
      `  发生了什么：${action}`,
      `  时间：${time}`,
      `  渠道：${channel}`,
      '',
      '我们提醒您的原因：',
      ...reasons.map((r) => `  · ${r}`),
      '',
      ...(answerUrl
        ? [`请告诉我们这是否是您本人的操作：${answerUrl}`, `您也可以打开官方 App 或致电官方客服，并提供参考编号 ${code}。`]
        : [`如果是您本人操作，无需处理。如果不是您本人操作，请打开官方 App 或致电官方客服联系 ${p}，并提供参考编号 ${code}。`]),
      ...(previousContact ? ['', '此账户的联系方式最近被更改，因此我们也向此前登记的联系方式发送了本提醒。'] : []),
      '',
      '我们绝不会向您索要密码或验证码。',
      `参考编号：${code}`,
    ];
    return {
      subject: `【${p}】${again.zh}安全提醒：${action}（参考编号 ${code}）`,
      text: lines.join('\n'),
      html: htmlOf(lines, { lang: 'zh-CN', button: answerUrl ? { url: answerUrl, label: '告诉我们是否本人操作' } : undefined }),
      sms: answerUrl
        ? `【${p}】${action}（${time}，${channel}）。是否本人操作？请确认：${answerUrl} 参考编号${code}。我们不会索要密码或验证码。`
        : `【${p}】${action}（${time}，${channel}）。如非本人操作，请打开官方App或致电官方客服，参考编号${code}。我们不会索要密码或验证码。`,
    };
  }
  const lines = [
    'Hello,',
    '',
    `${p} noticed activity on your account that may not have been you:`,
    '',
    `  What happened: ${action}`,
    `  When: ${time}`,
    `  Channel: ${channel}`,
    '',
    'Why we flagged it:',
    ...reasons.map((r) => `  - ${r}`),
    '',
    ...(answerUrl
      ? [`Tell us whether this was you: ${answerUrl}`, `You can also open the official app or call official support and quote reference ${code}.`]
      : [`If this was you, there is nothing to do. If it was not you, open the official app or call ${p}'s official support and quote reference ${code}.`]),
    ...(previousContact ? ['', "The account's contact details changed recently, so we are also writing to the contact it had before."] : []),
    '',
    'We will never ask you for a password or a verification code.',
    `Reference: ${code}`,
  ];
  return {
    subject: `[${p}] ${again.en}Security alert: ${action} (ref ${code})`,
    text: lines.join('\n'),
    html: htmlOf(lines, { lang: 'en', button: answerUrl ? { url: answerUrl, label: 'Was this you? Answer here' } : undefined }),
    sms: answerUrl
      ? `[${p}] ${action} (${time}, ${channel}). Was it you? Answer: ${answerUrl} Ref ${code}. We never ask for passwords or codes.`
      : `[${p}] ${action} (${time}, ${channel}). Not you? Open the official app or call official support, ref ${code}. We never ask for passwords or codes.`,
  };
}
