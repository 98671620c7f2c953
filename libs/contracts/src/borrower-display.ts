import type { Locale } from './alert-message.schema';

/** Building a formatter costs far more than using one: a notifier sending hundreds a second keeps one per locale and zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A time as a borrower reads it: in their time zone and language, with the zone named. */
export function borrowerTime(iso: string, locale: Locale, timeZone: string): string {
  const key = `${locale} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    formatters.set(key, format);
  }
  return format.format(new Date(iso));
}

const CHANNEL_NAMES: Record<Locale, Record<string, string>> = {
  en: { app: 'Mobile app', web: 'Website', support: 'Customer support', system: 'System' },
  'zh-CN': { app: '手机 App', web: '网站', support: '客服', system: '系统' },
};

/** Where an event came from, in words: "Partner m-42", "网站". */
export function channelLabel(channel: string, locale: Locale): string {
  if (channel.startsWith('partner:')) return `${locale === 'zh-CN' ? '合作方' : 'Partner'} ${channel.slice('partner:'.length)}`;
  return CHANNEL_NAMES[locale][channel] ?? channel;
}

/** An amount in minor units as money: "42,000.00 CNY", and for yuan in Chinese "42,000.00 元". */
export function moneyLabel(amountMinor: number, currency: string, locale: Locale): string {
  const amount = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amountMinor / 100);
  return `${amount} ${locale === 'zh-CN' && currency === 'CNY' ? '元' : currency}`;
}
