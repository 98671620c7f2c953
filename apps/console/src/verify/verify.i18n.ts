import type { Locale } from '@sentinel/contracts';

export const VERIFY_TEXT = {
  en: {
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
    openApp: 'Open the official app to update your details.',
    noticeCard: 'Your bank card can no longer be used',
    noticeCardBody: 'The bank has invalidated this card. Update it or bind another card so that repayments keep working.',
    noticeExpiring: 'Your ID document expires soon',
    noticeExpiringBody: 'Update your ID document before it expires to keep your account working.',
    noticeExpired: 'Your ID document has expired',
    noticeExpiredBody: 'Update your ID document to keep using your account.',
    invalidTitle: 'This link cannot be used',
    invalidBody: 'It may have expired or already been used. If you are worried about your account, contact us through the official app or official customer service.',
  },
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
    openApp: '请打开官方 App 更新您的信息。',
    noticeCard: '您的银行卡已无法使用',
    noticeCardBody: '银行已使该卡失效。请更新银行卡信息或绑定新的银行卡，以免影响还款。',
    noticeExpiring: '您的身份证件即将到期',
    noticeExpiringBody: '请在到期前更新您的身份证件，以免影响账户使用。',
    noticeExpired: '您的身份证件已过期',
    noticeExpiredBody: '请更新您的身份证件，以便继续使用账户。',
    invalidTitle: '此链接无法使用',
    invalidBody: '链接可能已过期或已被使用。如果您担心账户安全，请通过官方 App 或官方客服联系我们。',
  },
} satisfies Record<Locale, Record<string, string>>;

export const EVENT_LABELS: Record<string, Record<Locale, string>> = {
  'card.unbound': { en: 'A bank card was unbound from your account', 'zh-CN': '一张银行卡从您的账户解绑' },
  'card.bound': { en: 'A bank card was bound to your account', 'zh-CN': '一张银行卡绑定到您的账户' },
  'loan.opened': { en: 'A loan was opened in your name', 'zh-CN': '有人以您的名义开立了一笔贷款' },
};

export const CHANNEL_LABELS: Record<Locale, (channel: string) => string> = {
  en: (c) => (c.startsWith('partner:') ? `Partner ${c.slice(8)}` : ({ app: 'Mobile app', web: 'Website', support: 'Customer support', system: 'System' }[c] ?? c)),
  'zh-CN': (c) => (c.startsWith('partner:') ? `合作方 ${c.slice(8)}` : ({ app: '手机 App', web: '网站', support: '客服', system: '系统' }[c] ?? c)),
};

export const LANGS = [
  { code: 'zh-CN' as const, label: '中文' },
  { code: 'en' as const, label: 'English' },
];
