import { type Catalogue, isMessageKey, type Locale, LOCALES, translate } from '@sentinel/contracts';

const EN = {
  title: 'Was this you?',
  intro: 'We noticed this on your account and want to be sure it was you.',
  what: 'What happened',
  when: 'When',
  channel: 'Channel',
  card: 'Card',
  reference: 'Reference',
  me: 'Yes, this was me',
  notMe: "No, this wasn't me",
  safety: 'We will never ask you for a password or a verification code, on this page or anywhere else.',
  doneMe: 'Thank you',
  doneMeBody: 'We have recorded that this was you. There is nothing else to do.',
  doneNotMe: 'Thank you for telling us',
  doneNotMeBody: 'We are holding disbursements and card changes on your account, and our fraud team will contact you. Do not share verification codes with anyone.',
  expiresOn: 'Expires on',
  continue: 'Continue to update',
  noticeCard: 'Your bank card can no longer be used',
  noticeCardBody: 'The bank has invalidated this card. Update it or bind another card so that repayments keep working.',
  noticeExpiring: 'Your ID document expires soon',
  noticeExpiringBody: 'Update your ID document before it expires to keep your account working.',
  noticeExpired: 'Your ID document has expired',
  noticeExpiredBody: 'Update your ID document to keep using your account.',
  invalidTitle: 'This link cannot be used',
  invalidBody: 'It may have expired or already been used. If you are worried about your account, contact us through the official app or official customer service.',
  support: 'Official customer service: see the official app.',
  amount: 'Amount',
  recordedTitle: 'Your answer was recorded',
  recordedBody: 'There is nothing else to do. If you are worried about your account, contact us through the official app or official customer service.',
  throttledTitle: 'Too many attempts',
  throttledBody: 'Please wait a minute, then open the link from your message again.',
  'event:card.unbound': 'A bank card was unbound from your account',
  'event:card.bound': 'A bank card was bound to your account',
  'event:loan.opened': 'A loan was opened in your name',
  // Without a re-verification URL to continue to, the notice itself says to open the official app.
  noticeCardInApp: 'The bank has invalidated this card. Open the official app to update it or bind another card so that repayments keep working.',
  noticeExpiringInApp: 'Open the official app and update your ID document before it expires to keep your account working.',
  noticeExpiredInApp: 'Open the official app and update your ID document to keep using your account.',
};

type VerifyKey = keyof typeof EN;

/** The borrower's pages' words (the verify, notice and link pages), in the catalogue format the console UI and the notifier share. */
export const VERIFY_CATALOGUE: Catalogue<VerifyKey> = {
  en: EN,
  'zh-CN': {
    title: '这是您本人的操作吗？',
    intro: '我们在您的账户上发现了以下操作，想确认是否为您本人所为。',
    what: '发生了什么',
    when: '时间',
    channel: '渠道',
    card: '银行卡',
    reference: '参考编号',
    me: '是的，是我本人操作',
    notMe: '不是，我没有进行此操作',
    safety: '我们绝不会在此页面或任何地方向您索要密码或验证码。',
    doneMe: '谢谢',
    doneMeBody: '我们已记录这是您本人的操作，您无需再做任何处理。',
    doneNotMe: '感谢您的告知',
    doneNotMeBody: '我们已暂停您账户的放款和换卡操作，反欺诈团队会尽快与您联系。请勿向任何人透露验证码。',
    expiresOn: '到期日',
    continue: '继续更新',
    noticeCard: '您的银行卡已无法使用',
    noticeCardBody: '银行已使该卡失效。请更新银行卡信息或绑定新的银行卡，以免影响还款。',
    noticeExpiring: '您的身份证件即将到期',
    noticeExpiringBody: '请在到期前更新您的身份证件，以免影响账户使用。',
    noticeExpired: '您的身份证件已过期',
    noticeExpiredBody: '请更新您的身份证件，以便继续使用账户。',
    invalidTitle: '此链接无法使用',
    invalidBody: '链接可能已过期或已被使用。如果您担心账户安全，请通过官方应用或官方客服联系我们。',
    support: '官方客服：请查看官方应用。',
    amount: '金额',
    recordedTitle: '您的回复已记录',
    recordedBody: '您无需再做任何处理。如果您担心账户安全，请通过官方应用或官方客服联系我们。',
    throttledTitle: '尝试次数过多',
    throttledBody: '请稍等一分钟，然后再次打开消息中的链接。',
    'event:card.unbound': '一张银行卡从您的账户解绑',
    'event:card.bound': '一张银行卡绑定到您的账户',
    'event:loan.opened': '有人以您的名义开立了一笔贷款',
    noticeCardInApp: '银行已使该卡失效。请打开官方应用更新银行卡信息或绑定新的银行卡，以免影响还款。',
    noticeExpiringInApp: '请在到期前打开官方应用更新您的身份证件，以免影响账户使用。',
    noticeExpiredInApp: '请打开官方应用更新您的身份证件，以便继续使用账户。',
  },
};

/** Every message in one language, for the pages' templates (`{{t.title}}`): the pages have no placeholders, so once per language. */
const WORDS = Object.fromEntries(
  LOCALES.map((locale) => [locale, Object.fromEntries(Object.keys(EN).map((key) => [key, translate(VERIFY_CATALOGUE, locale, key as VerifyKey)]))]),
) as Record<Locale, Record<VerifyKey, string>>;

export const verifyWords = (locale: Locale) => WORDS[locale];

/** What happened, in words; an event type without any stays as it is. */
export function eventLabel(type: string, locale: Locale): string {
  const key = `event:${type}`;
  return isMessageKey(VERIFY_CATALOGUE, key) ? translate(VERIFY_CATALOGUE, locale, key) : type;
}

export const LANGS = [
  { code: 'zh-CN' as const, label: '中文' },
  { code: 'en' as const, label: 'English' },
];

/** The notice page's heading and message, worded for whether the page can continue to re-verification. */
export function noticeText(type: string | undefined, locale: Locale, canContinue: boolean): { heading: string; message: string } {
  const t = WORDS[locale];
  const [heading, message, inApp] =
    type === 'card.invalidated'
      ? [t.noticeCard, t.noticeCardBody, t.noticeCardInApp]
      : type === 'id.expired'
        ? [t.noticeExpired, t.noticeExpiredBody, t.noticeExpiredInApp]
        : [t.noticeExpiring, t.noticeExpiringBody, t.noticeExpiringInApp];
  return { heading, message: canContinue ? message : inApp };
}
