// Imports nothing: the console's web UI bundles this one file of the lib (Vite alias @sentinel/contracts/i18n), and nothing else with it.

/** The languages borrowers and analysts read: every catalogue says everything in each. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * A message with `{name}` placeholders, or its forms by the CLDR plural category that
 * Intl.PluralRules picks for the `count` parameter ("1 new case", "2 new cases"); `other` is the
 * form without a count. Chinese has no plural forms, so its messages are plain strings.
 */
export type Message = string | PluralMessage;
type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * The one shape of translated words, shared by the console's web UI, the borrower's verify page
 * and the notifier's messages: per language, every key of one key union.
 * test/repository/i18n-catalogues.spec.ts checks each catalogue has the same keys and placeholders in every language.
 */
export type Catalogue<K extends string> = Record<Locale, Record<K, Message>>;

export type MessageParams = Record<string, string | number>;

const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(count);
}

/** A message in `locale`, its placeholders filled in (one not given is left empty), in the plural form a numeric `count` asks for. */
export function translate<K extends string>(catalogue: Catalogue<K>, locale: Locale, key: K, params: MessageParams = {}): string {
  const message = catalogue[locale][key];
  const text = typeof message === 'string' ? message : ((typeof params.count === 'number' ? message[pluralCategory(locale, params.count)] : undefined) ?? message.other);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Whether `key` (a code from elsewhere: an event type, an audit action) has a message in `catalogue`. */
export function isMessageKey<K extends string>(catalogue: Catalogue<K>, key: string): key is K {
  return Object.hasOwn(catalogue.en, key);
}
