import type { Locale } from '../../i18n';

type Words = { fields: Record<string, string>; values: Record<string, Record<string, string>>; months: string; colon: string };

/**
 * An event's payload in the reader's language: the contract's field names and codes ("method:
 * otp") mean nothing to an analyst reading Chinese. Identifiers and free text stay as they came.
 */
const WORDS: Record<Locale, Words> = {
  en: {
    fields: {
      loanId: 'Loan',
      amountMinor: 'Amount',
      merchantId: 'Merchant',
      termMonths: 'Term',
      method: 'Method',
      purpose: 'Purpose',
      subjectId: 'For',
      documentType: 'Document',
      numberLast4: 'Number',
      expiresOn: 'Expires',
      kind: 'Contact',
      value: 'New value',
      card: 'Card',
      reason: 'Reason',
      locale: 'Language',
      channels: 'Channels',
      quietHours: 'Quiet hours',
    },
    values: {
      method: {
        password: 'password',
        otp: 'one-time code',
        biometric: 'biometrics',
        sso: 'single sign-on',
        sms: 'SMS',
        email: 'email',
        support: 'customer support',
        face: 'face check',
        esign: 'e-signature',
      },
      purpose: { loan: 'loan', 'card.bind': 'binding a card', 'card.unbind': 'unbinding a card', 'contact.change': 'changing a contact' },
      documentType: { resident_id: 'resident ID', passport: 'passport', other: 'other' },
      reason: { expired: 'expired', cancelled_by_bank: 'cancelled by the bank', reported_lost: 'reported lost', other: 'other' },
      kind: { phone: 'phone', email: 'email' },
      channels: { email: 'email', sms: 'SMS' },
      locale: { en: 'English', 'zh-CN': 'Chinese' },
    },
    months: '{n} months',
    colon: ': ',
  },
  'zh-CN': {
    fields: {
      loanId: '借款编号',
      amountMinor: '金额',
      merchantId: '商户',
      termMonths: '期限',
      method: '方式',
      purpose: '用途',
      subjectId: '对象',
      documentType: '证件',
      numberLast4: '号码',
      expiresOn: '有效期至',
      kind: '联系方式',
      value: '新值',
      card: '银行卡',
      reason: '原因',
      locale: '语言',
      channels: '渠道',
      quietHours: '免打扰时段',
    },
    values: {
      method: {
        password: '密码',
        otp: '验证码',
        biometric: '生物识别',
        sso: '单点登录',
        sms: '短信',
        email: '邮件',
        support: '客服',
        face: '人脸识别',
        esign: '电子签名',
      },
      purpose: { loan: '借款', 'card.bind': '绑定银行卡', 'card.unbind': '解绑银行卡', 'contact.change': '更改联系方式' },
      documentType: { resident_id: '居民身份证', passport: '护照', other: '其他' },
      reason: { expired: '已过期', cancelled_by_bank: '被银行注销', reported_lost: '已挂失', other: '其他' },
      kind: { phone: '手机', email: '邮箱' },
      channels: { email: '邮件', sms: '短信' },
      locale: { en: '英文', 'zh-CN': '中文' },
    },
    months: '{n} 个月',
    colon: '：',
  },
};

/** Minor units as money, the way analysts quote it: 42,000.00 CNY. */
const money = (amountMinor: number, currency: string) =>
  `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amountMinor / 100)} ${currency}`;

/** "Method: one-time code · Purpose: loan", or in Chinese "方式：验证码 · 用途：借款". */
export function eventDetails(payload: Record<string, unknown>, locale: Locale): string {
  const words = WORDS[locale];
  const value = (field: string, v: unknown): string => {
    if (field === 'amountMinor' && typeof v === 'number' && typeof payload.currency === 'string') return money(v, payload.currency);
    if (field === 'termMonths' && typeof v === 'number') return words.months.replace('{n}', String(v));
    if (field === 'quietHours' && v && typeof v === 'object' && 'start' in v && 'end' in v) return `${String(v.start)}–${String(v.end)}`;
    if (Array.isArray(v)) return v.map((item) => value(field, item)).join(locale === 'zh-CN' ? '、' : ', ');
    if (typeof v === 'string') return words.values[field]?.[v] ?? v;
    if (typeof v === 'object' && v !== null)
      return Object.values(v)
        .filter((x) => x !== undefined)
        .join(' ');
    return String(v);
  };
  return Object.entries(payload)
    .filter(([k]) => !(k === 'currency' && typeof payload.amountMinor === 'number'))
    .map(([k, v]) => `${words.fields[k] ?? k}${words.colon}${value(k, v)}`)
    .join(' · ');
}
