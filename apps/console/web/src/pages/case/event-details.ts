import { isMessageKey, type MessageParams, translate } from '@sentinel/contracts/i18n/catalogue';
import type { Locale } from '../../i18n';
import { EVENT_DETAILS_CATALOGUE as WORDS, type EventDetailsKey } from '../../i18n/event-details.i18n';

/** Minor units as money, the way analysts quote it: 42,000.00 CNY. */
const money = (amountMinor: number, currency: string) =>
  `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amountMinor / 100)} ${currency}`;

/**
 * An event's payload in the reader's language, "Method: one-time code · Purpose: loan", or in
 * Chinese "方式：验证码 · 用途：借款". Identifiers, free text and codes without words stay as they came.
 */
export function eventDetails(payload: Record<string, unknown>, locale: Locale): string {
  const say = (key: EventDetailsKey, params?: MessageParams) => translate(WORDS, locale, key, params);
  const wordsFor = (key: string, otherwise: string) => (isMessageKey(WORDS, key) ? say(key) : otherwise);
  const value = (field: string, v: unknown): string => {
    if (field === 'amountMinor' && typeof v === 'number' && typeof payload.currency === 'string') return money(v, payload.currency);
    if (field === 'termMonths' && typeof v === 'number') return say('months', { n: v });
    if (field === 'quietHours' && v && typeof v === 'object' && 'start' in v && 'end' in v) return `${String(v.start)}–${String(v.end)}`;
    if (Array.isArray(v)) return v.map((item) => value(field, item)).join(say('listSeparator'));
    if (typeof v === 'string') return wordsFor(`value:${field}:${v}`, v);
    if (typeof v === 'object' && v !== null)
      return Object.values(v)
        .filter((x) => x !== undefined)
        .join(' ');
    return String(v);
  };
  return Object.entries(payload)
    .filter(([k]) => !(k === 'currency' && typeof payload.amountMinor === 'number'))
    .map(([k, v]) => `${wordsFor(`field:${k}`, k)}${say('colon')}${value(k, v)}`)
    .join(' · ');
}
