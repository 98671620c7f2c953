import { type Catalogue, isMessageKey, type Locale, translate } from './i18n/catalogue';

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

/** Channels in words, by code; `partner:` stands for every partner channel, which names its partner. */
export const CHANNEL_CATALOGUE: Catalogue<'app' | 'web' | 'support' | 'system' | 'partner:'> = {
  en: { app: 'Mobile app', web: 'Website', support: 'Customer support', system: 'System', 'partner:': 'Partner {partner}' },
  'zh-CN': { app: '手机 App', web: '网站', support: '客服', system: '系统', 'partner:': '合作方 {partner}' },
};

/** Where an event came from, in words: "Partner m-42", "网站". */
export function channelLabel(channel: string, locale: Locale): string {
  if (channel.startsWith('partner:')) return translate(CHANNEL_CATALOGUE, locale, 'partner:', { partner: channel.slice('partner:'.length) });
  return isMessageKey(CHANNEL_CATALOGUE, channel) ? translate(CHANNEL_CATALOGUE, locale, channel) : channel;
}

/** An amount in minor units as money: "42,000.00 CNY", and for yuan in Chinese "42,000.00 元". */
export function moneyLabel(amountMinor: number, currency: string, locale: Locale): string {
  const amount = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amountMinor / 100);
  return `${amount} ${locale === 'zh-CN' && currency === 'CNY' ? '元' : currency}`;
}
